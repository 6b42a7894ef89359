/**
 * <agent-console>: the sign-in and the workspace of a demo agent, against the hub that serves the
 * stories. Call in from the calls-widget stories (or the demo shop) to see a call arrive.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { AgentConsole } from '../src/index.js';
import { HUB_URL, UNREACHABLE_HUB, part, renderElement, storyElement } from './support/render.js';

type Story = StoryObj;

const meta: Meta = {
  title: 'Elements/agent-console',
  component: 'agent-console',
  render: (args) => {
    const el = renderElement('agent-console', args);
    el.style.height = '100vh';
    return el;
  },
  args: { orgId: 'demo', hubUrl: HUB_URL },
  parameters: { layout: 'fullscreen' },
};
export default meta;

/** Sign in as `anna`, `bjorn` or `chen` with the password `demo`. */
export const SignIn: Story = { name: 'Sign-in' };

/** Signed in as Anna: waiting calls and chats, the work pane, the visitor's context (`?` lists the shortcuts). */
export const Workspace: Story = {
  play: async ({ canvasElement }) => {
    const el = storyElement<AgentConsole>(canvasElement, 'agent-console');
    await part(el, '[part~="sign-in-form"]');
    await el.signIn('anna', 'demo');
    await part(el, '[part~="base"][data-state="signed-in"]');
  },
  // The workspace's agent signs out before the next story.
  beforeEach: () => () => {
    for (const el of document.querySelectorAll('agent-console')) void el.signOut().catch(() => {});
  },
};

/** No hub answers: the form is disabled and says the console is retrying. */
export const Offline: Story = { args: { hubUrl: UNREACHABLE_HUB } };
