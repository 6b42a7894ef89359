/**
 * <overlay-widget>: its three variants, shown when an agent of the queue is online (a demo agent
 * signs in) after `popup-timeout-seconds`.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { signInDemoAgent } from './support/demo-agent.js';
import { HUB_URL, renderElement } from './support/render.js';

type Story = StoryObj;

const meta: Meta = {
  title: 'Elements/overlay-widget',
  component: 'overlay-widget',
  render: (args) => renderElement('overlay-widget', args),
  args: { orgId: 'demo', hubUrl: HUB_URL, popupTimeoutSeconds: 1 },
  beforeEach: async () => {
    await signInDemoAgent('chen');
  },
};
export default meta;

/** A still preview card with the agent, in the page's corner. */
export const Video: Story = { args: { variant: 'Video' } };

/** A tab on the page's edge. */
export const SideDock: Story = {
  name: 'Side dock',
  args: { variant: 'Side dock', position: 'docked_right' },
};

/** A round photo of the agent. */
export const Avatar: Story = { args: { variant: 'Avatar', position: 'bottom-left' } };
