/**
 * <booking-card>: from the services to the confirmation, and a booked meeting opened from its connect
 * link after it was cancelled, against the demo org's real services and agents' hours.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { bookDemoMeeting, openAsConnectLink, STORY_VISITOR } from './support/demo-booking.js';
import { HUB_URL, UNREACHABLE_HUB, part, renderElement, storyElement } from './support/render.js';

type Story = StoryObj;

const card = (canvas: HTMLElement): HTMLElement => storyElement(canvas, 'booking-card');

async function chooseSlot(canvas: HTMLElement): Promise<HTMLElement> {
  const el = card(canvas);
  (await part(el, '.service')).click();
  (await part(el, '[part~="slot"]')).click();
  await part(el, '[part~="form"]');
  return el;
}

const meta: Meta = {
  title: 'Elements/booking-card',
  component: 'booking-card',
  render: (args) => renderElement('booking-card', args),
  args: { orgId: 'demo', hubUrl: HUB_URL },
};
export default meta;

/** The org's booking services. */
export const Services: Story = {};

/** A service chosen: days and free times in the visitor's time zone. */
export const Slots: Story = {
  play: async ({ canvasElement }) => {
    const el = card(canvasElement);
    (await part(el, '.service')).click();
    await part(el, '[part~="slot"]');
  },
};

/** A time chosen: name, email and phone. */
export const Form: Story = {
  play: async ({ canvasElement }) => {
    await chooseSlot(canvasElement);
  },
};

/** Booked: time, agent, calendar file and connect link (a real booking on the demo hub). */
export const Confirmation: Story = {
  play: async ({ canvasElement }) => {
    const el = await chooseSlot(canvasElement);
    const form = await part<HTMLFormElement>(el, '[part~="form"]');
    for (const [name, value] of Object.entries(STORY_VISITOR)) {
      form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!.value = value;
    }
    form.requestSubmit();
    await part(el, '[part~="confirmation"]');
  },
};

/** A meeting opened from its connect link after the agent cancelled it. */
export const Cancelled: Story = {
  beforeEach: async () => openAsConnectLink((await bookDemoMeeting({ cancelled: true })).connectId),
};

/** No hub answers. */
export const Offline: Story = { args: { hubUrl: UNREACHABLE_HUB } };
