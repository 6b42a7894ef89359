import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/elements/booking-card/booking-card.js';
import '../../src/elements/agent-console/agent-console.js';
import type { BookingCard } from '../../src/elements/booking-card/booking-card.js';
import type { AgentConsole } from '../../src/elements/agent-console/agent-console.js';
import type { BookingCreatedEvent } from '../../src/events/booking-created.js';
import type { TandemErrorEvent } from '../../src/events/tandem-error.js';
import type { BookingSlot } from '../../src/protocol/booking.js';
import type { HubSession } from '../../src/session/hub-session.js';
import { hubUrl, hubUrlAs } from '../support/hub-url.js';
import sinon from 'sinon';
import { TandemError } from '../../src/errors.js';
import { ErrorCode } from '../../src/protocol/frames.js';

const state = (el: BookingCard) => el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!.dataset.state;
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [
  ...el.shadowRoot!.querySelectorAll<T>(selector),
];

async function toSlots(el: BookingCard, service: string): Promise<void> {
  await waitUntil(() => state(el) === 'services', 'no services');
  $$<HTMLButtonElement>(el, '.service')
    .find((b) => b.textContent!.includes(service))!
    .click();
  await waitUntil(() => $$(el, '[part~="slot"]').length > 0, 'no free slots');
}

function chooseService(el: BookingCard, service: string): void {
  $$<HTMLButtonElement>(el, '.service')
    .find((b) => b.textContent!.includes(service))!
    .click();
}

/** The page-wide session the card talks through (shared by every widget for the same hub and org). */
const sessionOf = (el: BookingCard) => (el as unknown as { hub: { session: HubSession } }).hub.session;

async function fill(el: BookingCard, visitor: { name: string; email: string; phone: string }): Promise<void> {
  const form = $<HTMLFormElement>(el, '[part~="form"]')!;
  (form.querySelector('[name="name"]') as HTMLInputElement).value = visitor.name;
  (form.querySelector('[name="email"]') as HTMLInputElement).value = visitor.email;
  (form.querySelector('[name="phone"]') as HTMLInputElement).value = visitor.phone;
  form.requestSubmit();
}

const joe = { name: 'Joe Doe', email: 'joe@example.com', phone: '+46 70 123 45 67' };

describe('<booking-card>', () => {
  it('renders connecting, then the published services; is accessible', async () => {
    const el = await fixture<BookingCard>(
      html`<booking-card org-id="demo" hub-url=${hubUrl()}></booking-card>`,
    );
    expect(state(el)).to.equal('connecting');
    await waitUntil(() => state(el) === 'services');
    const names = $$(el, '.service').map((b) => b.textContent!);
    expect(names.some((n) => n.includes('Style advice'))).to.equal(true);
    expect(names.some((n) => n.includes('internal'))).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('lists only the services booking-service-ids names, and says which do not exist', async () => {
    const el = document.createElement('booking-card');
    Object.assign(el, {
      orgId: 'demo',
      hubUrl: hubUrl(),
      bookingServiceIds: ['style-advice', 'no-such-service'],
    });
    const failed = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
    document.body.append(el);
    try {
      expect((await failed).detail.code).to.equal('not-found');
      await waitUntil(() => state(el) === 'services');
      expect($$(el, '.service')).to.have.length(1);
      expect($(el, '[part~="notice"]')!.textContent).to.contain('no-such-service');
    } finally {
      el.remove();
    }
  });

  it('a slow slot reply for a service the visitor left is ignored', async () => {
    const el = await fixture<BookingCard>(
      html`<booking-card org-id="demo" hub-url=${hubUrl()}></booking-card>`,
    );
    await waitUntil(() => state(el) === 'services', 'no services');
    const session = sessionOf(el);
    const command = session.command;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let fittingSettled: Promise<unknown> = Promise.resolve();
    const styleSlots: BookingSlot[][] = [];
    // Holds back the reply for "Personal fitting" (however the request ends) until the test lets it go.
    session.command = ((...args: Parameters<HubSession['command']>) => {
      const [type, body] = args;
      const reply = command.apply(session, args);
      if (type !== 'booking.slots') return reply;
      const { serviceId } = body as { serviceId: string };
      if (serviceId === 'style-advice') {
        return reply.then((result) => {
          styleSlots.push((result as { slots: BookingSlot[] }).slots);
          return result;
        });
      }
      reply.catch(() => undefined); // An aborted request rejects at once; the card hears of it later.
      const late = held.then(() => reply);
      fittingSettled = late.catch(() => undefined);
      return late;
    }) as HubSession['command'];
    try {
      chooseService(el, 'Personal fitting');
      await el.updateComplete;
      expect(state(el)).to.equal('slots');
      $<HTMLButtonElement>(el, '.row button')!.click(); // Back
      await el.updateComplete;
      chooseService(el, 'Style advice');
      await waitUntil(() => $$(el, '[part~="slot"]').length > 0, 'no free slots for style advice');
      release();
      await fittingSettled;
      await el.updateComplete;
    } finally {
      session.command = command;
    }
    const shown = $$(el, '[part~="slot"]').map((s) => `${s.dataset.start} ${s.dataset.agentId}`);
    const expected = styleSlots.at(-1)!.map((s) => `${s.start} ${s.agentId}`);
    const { slots: fitting } = await session.command('booking.slots', {
      serviceId: 'fitting',
      from: new Date().toISOString(),
      days: 14,
    });
    expect(fitting.map((s) => `${s.start} ${s.agentId}`)).not.to.deep.equal(expected); // Else this proves nothing.
    expect(shown).to.deep.equal(expected);
    expect(state(el)).to.equal('slots');
    expect($(el, '[part~="notice"]')!.textContent!.trim()).to.equal('');
  });

  it('shows free slots by day in the visitor time zone, and refuses an invalid email or phone, storing nothing', async () => {
    const el = await fixture<BookingCard>(
      html`<booking-card org-id="demo" hub-url=${hubUrl()}></booking-card>`,
    );
    await toSlots(el, 'Personal fitting');
    expect($$(el, '.day h3').length).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
    $$<HTMLButtonElement>(el, '[part~="slot"]')[0]!.click();
    await el.updateComplete;
    expect(state(el)).to.equal('details');

    const badEmail = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
    await fill(el, { ...joe, email: 'joe@example' });
    expect((await badEmail).detail.code).to.equal('invalid-argument');
    const badPhone = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
    await fill(el, { ...joe, phone: '12' });
    expect((await badPhone).detail.code).to.equal('invalid-argument');
    expect(state(el)).to.equal('details');
  });

  it('says what is wrong with the form in its own language, next to a card in another language', async () => {
    const page = await fixture<HTMLElement>(
      html`<div>
        <booking-card org-id="demo" hub-url=${hubUrl()} locale="sv-SE"></booking-card>
        <booking-card org-id="demo" hub-url=${hubUrl()} locale="en-US"></booking-card>
      </div>`,
    );
    const [sv, en] = [...page.querySelectorAll('booking-card')] as BookingCard[];
    // Swedish loads on demand: the card speaks it once its services read "minuter".
    await waitUntil(
      () => sv!.shadowRoot!.textContent?.includes('minuter'),
      'the Swedish card never spoke Swedish',
    );
    for (const el of [sv!, en!]) {
      await toSlots(el, 'Personal fitting');
      $$<HTMLButtonElement>(el, '[part~="slot"]')[0]!.click();
      await el.updateComplete;
      const error = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
      await fill(el, { ...joe, email: 'joe@example' });
      await error;
      await el.updateComplete;
    }
    expect($(sv!, '[part~="notice"]')!.textContent).to.equal('Kontrollera e-postadressen.');
    expect($(en!, '[part~="notice"]')!.textContent).to.equal('Please check the email address.');
  });

  it('says when to try again after a rate-limited booking, keeps the details, and books when sent again', async () => {
    const el = await fixture<BookingCard>(
      html`<booking-card org-id="demo" hub-url=${hubUrl()}></booking-card>`,
    );
    await toSlots(el, 'Style advice');
    $$<HTMLButtonElement>(el, '[part~="slot"]').at(-1)!.click();
    await el.updateComplete;
    // The hub's answer to a visitor over its booking limit, once; the second try reaches the hub.
    const session = sessionOf(el);
    const command = session.command;
    let refuse = true;
    sinon.stub(session, 'command').callsFake(((...args: Parameters<HubSession['command']>) => {
      if (args[0] !== 'booking.create' || !refuse) return command.apply(session, args);
      refuse = false;
      return Promise.reject(
        new TandemError(ErrorCode.rateLimited, 'Too many bookings; try again in 30 s.', 30),
      );
    }) as HubSession['command']);
    try {
      const refused = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
      await fill(el, { ...joe, email: 'limited@example.com' });
      const { detail } = await refused;
      expect([detail.code, detail.retryAfter]).to.deep.equal(['rate-limited', 30]);
      await waitUntil(() => state(el) === 'details', 'not back on the form');
      expect($(el, '[part~="notice"]')!.textContent).to.equal('Too many requests — try again in 30 s.');
      expect(($(el, '[name="email"]') as HTMLInputElement).value).to.equal('limited@example.com');
      await expect(el).to.be.accessible();

      const created = oneEvent(el, 'booking-created') as Promise<BookingCreatedEvent>;
      await fill(el, { ...joe, email: 'limited@example.com' });
      await created;
      await waitUntil(() => state(el) === 'confirmed');
    } finally {
      sinon.restore();
    }
  });

  it('books a slot: confirmation with the agent, an .ics file and a connect link; the agent sees and cancels it', async function () {
    this.timeout(20_000);
    const el = await fixture<BookingCard>(
      html`<booking-card org-id="demo" hub-url=${hubUrl()}></booking-card>`,
    );
    await toSlots(el, 'Style advice');
    const slot = $$<HTMLButtonElement>(el, '[part~="slot"]')[0]!;
    const agentId = slot.dataset.agentId!;
    slot.click();
    await el.updateComplete;
    const created = oneEvent(el, 'booking-created') as Promise<BookingCreatedEvent>;
    await fill(el, joe);
    const { detail } = await created;
    expect(detail.booking.visitor.phone).to.equal('+46701234567');
    expect(new URL(detail.connectLink).searchParams.get('bambuserConnectId')).to.equal(
      detail.booking.connectId,
    );
    await waitUntil(() => state(el) === 'confirmed');
    const ics = decodeURIComponent($<HTMLAnchorElement>(el, 'a[download]')!.href.split(',')[1]!);
    expect(ics).to.contain('BEGIN:VCALENDAR').and.contain('DTSTART:').and.contain(detail.booking.connectId);
    await expect(el).to.be.accessible();

    const console_ = await fixture<AgentConsole>(
      html`<agent-console org-id="demo" hub-url=${hubUrlAs('127.0.0.1')}></agent-console>`,
    );
    await console_.signIn(agentId, 'demo');
    try {
      await waitUntil(
        () => $(console_, `[data-booking-id="${detail.booking.bookingId}"]`) !== null,
        'not in the console',
      );
      $<HTMLButtonElement>(console_, `[data-booking-id="${detail.booking.bookingId}"] button`)!.click();
      await waitUntil(
        () => $(console_, `[data-booking-id="${detail.booking.bookingId}"]`)?.dataset.status === 'cancelled',
      );
    } finally {
      await console_.signOut();
    }
  });

  it("picks a day, then a time: the day's times by morning, afternoon and evening, arrow keys between days, the time zone changeable", async () => {
    const el = await fixture<BookingCard>(
      html`<booking-card org-id="demo" hub-url=${hubUrl()}></booking-card>`,
    );
    await toSlots(el, 'Personal fitting');
    const days = $$<HTMLButtonElement>(el, '[part~="day"]');
    expect(days.length).to.be.greaterThan(1);
    const visibleSlots = () => $$<HTMLButtonElement>(el, '[part~="slot"]').filter((b) => b.checkVisibility());
    const all = $$(el, '[part~="slot"]').length;
    // One day's times on screen, not every free time of two weeks.
    expect(visibleSlots().length).to.be.greaterThan(0);
    expect(visibleSlots().length).to.be.below(all);
    expect(days[0]!.getAttribute('aria-checked')).to.equal('true');
    const parts = $$(el, '.day:not([hidden]) .day-part h4').map((h) => h.textContent!.trim());
    expect(parts.length).to.be.greaterThan(0);
    expect(['Morning', 'Afternoon', 'Evening']).to.include.members(parts);
    await expect(el).to.be.accessible();

    // Keyboard: the chosen day is the one tab stop; arrow keys choose and focus the next day.
    expect(days.filter((d) => d.tabIndex === 0)).to.have.length(1);
    const firstDayTimes = visibleSlots().map((b) => b.dataset.start);
    days[0]!.focus();
    days[0]!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }),
    );
    await el.updateComplete;
    await el.updateComplete;
    const second = $$<HTMLButtonElement>(el, '[part~="day"]')[1]!;
    expect(second.getAttribute('aria-checked')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(second);
    expect(visibleSlots().map((b) => b.dataset.start)).to.not.deep.equal(firstDayTimes);

    // The time zone is shown and can be changed: the same instants, read in another zone.
    const zone = $<HTMLSelectElement>(el, '[part~="time-zone"]')!;
    expect(zone.value).to.equal(Intl.DateTimeFormat().resolvedOptions().timeZone);
    const other = zone.value === 'Asia/Tokyo' ? 'America/New_York' : 'Asia/Tokyo';
    const first = $$<HTMLButtonElement>(el, '[part~="slot"]')[0]!;
    const start = first.dataset.start!;
    zone.value = other;
    zone.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const moved = $<HTMLButtonElement>(el, `[part~="slot"][data-start="${start}"]`)!;
    const expected = new Intl.DateTimeFormat('en-US', {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: other,
    }).format(new Date(start));
    expect(moved.textContent).to.contain(expected);
  });

  it('two visitors booking the same slot at once: exactly one gets it, the other is told and sees fresh slots', async function () {
    this.timeout(20_000);
    const wrapper = await fixture(
      html`<div>
        <booking-card org-id="demo" hub-url=${hubUrl()}></booking-card>
        <booking-card org-id="demo" hub-url=${hubUrlAs('127.0.0.1')}></booking-card>
      </div>`,
    );
    const [a, b] = [...wrapper.querySelectorAll('booking-card')] as BookingCard[];
    await toSlots(a!, 'Personal fitting');
    await toSlots(b!, 'Personal fitting');
    const pick = (el: BookingCard) => $$<HTMLButtonElement>(el, '[part~="slot"]')[1]!;
    const start = pick(a!).dataset.start!;
    const agentId = pick(a!).dataset.agentId!;
    const same = $$<HTMLButtonElement>(b!, '[part~="slot"]').find(
      (s) => s.dataset.start === start && s.dataset.agentId === agentId,
    )!;
    pick(a!).click();
    same.click();
    await Promise.all([a!.updateComplete, b!.updateComplete]);
    await Promise.all([fill(a!, joe), fill(b!, { ...joe, name: 'Jane' })]);
    await waitUntil(
      () =>
        [a, b].filter((el) => state(el!) === 'confirmed').length === 1 &&
        [a, b].some((el) => state(el!) === 'slots'),
    );
    const loser = [a, b].find((el) => state(el!) === 'slots')!;
    await waitUntil(() => $$(loser, '[part~="slot"]').length > 0);
    expect($(loser, '[part~="notice"]')!.textContent).to.contain('just been booked');
    expect(
      $$(loser, '[part~="slot"]').some((s) => s.dataset.start === start && s.dataset.agentId === agentId),
    ).to.equal(false);
  });
});
