/**
 * <calls-widget>: one story per state a visitor sees. Stories with a hub talk to the hub that serves
 * them, as the demo org; a demo agent (support/demo-agent.ts) signs in where the state needs one.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { CallsWidget } from '../src/index.js';
import { signInDemoAgent } from './support/demo-agent.js';
import { HUB_URL, UNREACHABLE_HUB, part, renderElement, storyElement } from './support/render.js';
import { STALLED_HUB, stallHub } from './support/stalled-hub.js';

type Story = StoryObj;

const widget = (canvas: HTMLElement): CallsWidget => storyElement<CallsWidget>(canvas, 'calls-widget');

/** Opens the dialog and joins the queue (camera and microphone first: the browser asks). */
async function joinQueue(canvas: HTMLElement): Promise<CallsWidget> {
  const el = widget(canvas);
  await part(el, '[part~="base"][data-state="open"]');
  await el.startCall();
  await part(el, '[part~="dialog"][data-phase="waiting"], [part~="dialog"][data-phase="in-call"]');
  return el;
}

const meta: Meta = {
  title: 'Elements/calls-widget',
  component: 'calls-widget',
  render: (args) => renderElement('calls-widget', args),
  args: { orgId: 'demo', hubUrl: HUB_URL },
};
export default meta;

/** Until the first queue state arrives (held here by a hub that never answers); the card keeps its height. */
export const Connecting: Story = { args: { hubUrl: STALLED_HUB }, beforeEach: stallHub };

/** The 24/7 queue with a demo agent online: agents, their count and the estimated wait. */
export const OpenWithAgents: Story = {
  name: 'Open, agents online',
  beforeEach: async () => {
    await signInDemoAgent('bjorn');
  },
};

/** The demo's after-hours queue never opens: the card says closed and the call button is off. */
export const Closed: Story = { args: { queue: 'after-hours' } };

/** An unknown queue: the quiet unavailable state, an `error` event with `not-found`. */
export const Unavailable: Story = { args: { queue: 'no-such-queue' } };

/** No hub answers: unavailable, retrying with backoff, recovering by itself when the hub is back. */
export const Offline: Story = { args: { hubUrl: UNREACHABLE_HUB } };

/** Swedish, dark theme. */
export const SwedishDark: Story = { name: 'Swedish, dark theme', args: { locale: 'sv-SE', themeId: 'dark' } };

/** The dialog's start screen: drop in now, or book a meeting. */
export const StartScreen: Story = {
  args: { bookingsEnabled: true },
  play: async ({ canvasElement }) => {
    const el = widget(canvasElement);
    await part(el, '[part~="base"][data-state="open"]');
    el.show();
    await part(el, '[part~="start-button"]');
  },
};

/** In the queue: place and estimated wait, live (the browser asks for the camera and microphone). */
export const Waiting: Story = {
  name: 'In queue',
  play: async ({ canvasElement }) => {
    await joinQueue(canvasElement);
  },
};

/** A demo agent takes the call: the call view (the agent's side sends no video in a story). */
export const InCall: Story = {
  name: 'In call',
  play: async ({ canvasElement }) => {
    const agent = await signInDemoAgent('chen');
    const el = await joinQueue(canvasElement);
    await agent.acceptCall();
    await part(el, '[part~="dialog"][data-phase="in-call"]');
  },
};

/** The agent hung up: the end screen. */
export const Ended: Story = {
  play: async ({ canvasElement }) => {
    const agent = await signInDemoAgent('chen');
    const el = await joinQueue(canvasElement);
    const call = await agent.acceptCall();
    await part(el, '[part~="dialog"][data-phase="in-call"]');
    await agent.hangUp(call.callId);
    await part(el, '[part~="dialog"][data-phase="ended"]');
  },
};
