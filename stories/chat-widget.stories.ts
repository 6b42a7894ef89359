/**
 * <chat-widget>: the launcher, the open window, the offline form and a conversation with a demo
 * agent, against the hub that serves the stories.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { ChatWidget } from '../src/index.js';
import { signInDemoAgent } from './support/demo-agent.js';
import { HUB_URL, UNREACHABLE_HUB, part, renderElement, storyElement } from './support/render.js';

type Story = StoryObj;

const chat = (canvas: HTMLElement): ChatWidget => storyElement<ChatWidget>(canvas, 'chat-widget');

const meta: Meta = {
  title: 'Elements/chat-widget',
  component: 'chat-widget',
  render: (args) => renderElement('chat-widget', args),
  args: { orgId: 'demo', hubUrl: HUB_URL, scope: 'stories' },
};
export default meta;

/** Floating: the launcher in the corner of the page. */
export const Launcher: Story = {};

/** The floating window, opened (`open()`). */
export const Open: Story = {
  play: async ({ canvasElement }) => {
    const el = chat(canvasElement);
    await part(el, '[part~="launcher"]');
    el.open();
    await part(el, '[part~="window"]');
  },
};

/** Nobody of the queue is online (the demo's after-hours queue has no agents): name, email, message. */
export const OfflineForm: Story = {
  name: 'Offline form',
  args: { queue: 'after-hours', embedded: true },
};

/** Embedded in the page: the visitor asks, a demo agent accepts and answers. */
export const Conversation: Story = {
  args: { embedded: true },
  play: async ({ canvasElement }) => {
    const agent = await signInDemoAgent('anna');
    const el = chat(canvasElement);
    await part(el, '[part~="base"][data-status="online"]');
    el.sendClientMessage('Hi! Is the overshirt\nin stock in M?');
    await agent.answerChat('Yes, in M and L.');
    await part(el, '[part~="message"][data-from="agent"]');
  },
};

/** Two languages (`languages="sv-SE en-US"`), showing the first, with a demo agent online. */
export const TwoLanguages: Story = {
  name: 'Two languages',
  args: { embedded: true, languages: 'sv-SE en-US' },
  beforeEach: async () => {
    await signInDemoAgent('anna');
  },
};

/** No hub answers: the widget says so and keeps retrying. */
export const Offline: Story = { args: { embedded: true, hubUrl: UNREACHABLE_HUB } };
