import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import type { CallsWidget } from '../../src/elements/calls-widget/calls-widget.js';
import type { ChatWidget } from '../../src/elements/chat-widget/chat-widget.js';
import type { OverlayWidget } from '../../src/elements/overlay-widget/overlay-widget.js';
import type { BookingCard } from '../../src/elements/booking-card/booking-card.js';
import { hubUrl } from '../support/hub-url.js';

/** What a framework does: set whatever the template holds, by whichever name the template used. */
const setAs = (el: Element, name: string, value: unknown) => {
  (el as unknown as Record<string, unknown>)[name] = value;
};

describe('properties set from any framework', () => {
  it('renders with list, boolean and number properties set as strings', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    setAs(el, 'triggers', 'always, queue-link');
    setAs(el, 'agentTags', 'vip');
    setAs(el, 'popupTimeoutSeconds', '30');
    await el.updateComplete;
    expect(el.triggers).to.deep.equal(['always', 'queue-link']);
    expect(el.agentTags).to.deep.equal(['vip']);
    expect(el.popupTimeoutSeconds).to.equal(30);
    await expect(el).to.be.accessible();
  });

  it('takes a list as a string or an array: setLanguage("l2") picks the second language', async () => {
    const el = await fixture<ChatWidget>(html`<chat-widget org-id="demo" hub-url=${hubUrl()}></chat-widget>`);
    setAs(el, 'languages', 'sv-SE en-US');
    expect(el.languages).to.deep.equal(['sv-SE', 'en-US']);
    el.setLanguage('l2');
    expect(el.locale).to.equal('en-US');
    el.languages = ['en-US', 'sv-SE'];
    el.setLanguage('l2');
    expect(el.locale).to.equal('sv-SE');
    setAs(el, 'languages', null);
    expect(el.languages).to.deep.equal([]);
  });

  it('turns booleans off with false or "false", as a property, by either name, or as an attribute', () => {
    const el = document.createElement('calls-widget');
    expect(el.dropInEnabled).to.equal(true);
    setAs(el, 'drop-in-enabled', false); // React 19: `drop-in-enabled={false}`
    expect(el.dropInEnabled).to.equal(false);
    setAs(el, 'dropInEnabled', 'true');
    expect(el.dropInEnabled).to.equal(true);
    setAs(el, 'dropInEnabled', 'false'); // Vue: `drop-in-enabled="false"` set as a property
    expect(el.dropInEnabled).to.equal(false);
    setAs(el, 'dropInEnabled', undefined);
    expect(el.dropInEnabled, 'undefined goes back to the default').to.equal(true);

    setAs(el, 'no-card', 'false');
    expect(el.noCard).to.equal(false);
    setAs(el, 'noCard', true);
    expect(el.noCard).to.equal(true);
    el.setAttribute('no-card', 'false');
    expect(el.noCard).to.equal(false);
    el.setAttribute('no-card', '');
    expect(el.noCard).to.equal(true);

    setAs(el, 'bookingsEnabled', 'false');
    expect(el.bookingsEnabled).to.equal(false);
    setAs(el, 'bookingsEnabled', null);
    expect(el.bookingsEnabled).to.equal(null);

    const chat = document.createElement('chat-widget');
    setAs(chat, 'embedded', 'false');
    expect(chat.embedded).to.equal(false);
    setAs(chat, 'allow-first-party-cookies', false);
    expect(chat.allowFirstPartyCookies).to.equal(false);
  });

  it('answers to every attribute name as a property, with any value', () => {
    const overlay = document.createElement('overlay-widget') as OverlayWidget;
    setAs(overlay, 'show-when-unavailable', true);
    setAs(overlay, 'start-call', 'false');
    expect(overlay.showWhenUnavailable).to.equal(true);
    expect(overlay.startCallOnClick).to.equal(false);

    const card = document.createElement('booking-card') as BookingCard;
    setAs(card, 'booking-service-ids', 'a,b');
    setAs(card, 'org-id', 'demo');
    expect(card.bookingServiceIds).to.deep.equal(['a', 'b']);
    expect(card.orgId).to.equal('demo');
  });

  it('takes the routing function as beforeRender, a name frameworks do not take for a listener', () => {
    const el = document.createElement('calls-widget');
    const decide = () => ({ callAgentId: 'a' });
    el.beforeRender = decide;
    expect(el.onBeforeRender).to.equal(decide);
    el.onBeforeRender = null;
    expect(el.beforeRender).to.equal(null);
  });

  it('fires each error as error on the element and as tandem-error, bubbling to the document', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    const warn = sinon.stub(console, 'warn');
    const onElement = oneEvent(el, 'error');
    const onDocument = oneEvent(document, 'tandem-error');
    try {
      el.updateElement('nothing' as never, null);
    } finally {
      warn.restore();
    }
    const [error, bubbled] = await Promise.all([onElement, onDocument]);
    expect(error.bubbles).to.equal(false);
    expect(bubbled.detail).to.deep.equal((error as unknown as CustomEvent).detail);
    expect(bubbled.detail.code).to.equal('invalid-argument');
  });
});
