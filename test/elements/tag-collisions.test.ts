import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import sinon from 'sinon';
import { hubUrl } from '../support/hub-url.js';

/** Another library's elements, registered before Tandem loads. */
class ForeignChat extends HTMLElement {}
class ForeignCalls extends HTMLElement {}
class ForeignBooking extends HTMLElement {}

type Classes = typeof import('../../src/classes.js');
let classes: Classes;
let errors: string[];

describe('tag collisions', () => {
  before(async () => {
    customElements.define('chat-widget', ForeignChat);
    customElements.define('calls-widget', ForeignCalls);
    customElements.define('booking-card', ForeignBooking);
    const error = sinon.stub(console, 'error');
    try {
      await import('../../src/index.js');
      classes = await import('../../src/classes.js');
    } finally {
      error.restore();
    }
    errors = error.getCalls().map((call) => String(call.args[0]));
  });

  it("renders under a name of the page's own, and is accessible", async () => {
    customElements.define('my-chat', classes.ChatWidget);
    const el = await fixture(
      staticHtml`<${unsafeStatic('my-chat')} org-id="demo" hub-url=${hubUrl()}></${unsafeStatic('my-chat')}>`,
    );
    expect(el).to.be.instanceOf(classes.ChatWidget);
    await waitUntil(() => el.shadowRoot?.querySelector('[part~="base"]'), 'never rendered');
    await expect(el).to.be.accessible();
  });

  it('leaves a tag another library holds alone, and says so on the console', () => {
    expect(customElements.get('chat-widget')).to.equal(ForeignChat);
    expect(customElements.get('calls-widget')).to.equal(ForeignCalls);
    for (const tag of ['chat-widget', 'calls-widget', 'booking-card']) {
      const error = errors.find((e) => e.includes(`<${tag}> is already defined by another script`));
      expect(error, tag).to.be.a('string');
      expect(error).to.contain(`customElements.define('my-${tag}'`);
    }
    // The tags that were free are Tandem's.
    expect(customElements.get('overlay-widget')).to.equal(classes.OverlayWidget);
    expect(customElements.get('agent-console')).to.equal(classes.AgentConsole);
  });

  it('creates the elements it needs under the names their classes have', async () => {
    // The overlay alone opens a calls widget of its own: <calls-widget> is taken, so a tandem- name.
    const overlay = await fixture<InstanceType<Classes['OverlayWidget']>>(
      html`<overlay-widget org-id="demo" hub-url=${hubUrl()} show-when-unavailable></overlay-widget>`,
    );
    (overlay as unknown as { callsWidget(): Element }).callsWidget();
    const own = overlay.shadowRoot!.querySelector('tandem-calls-widget');
    expect(own).to.be.instanceOf(classes.CallsWidget);
    expect(customElements.getName(classes.CallsWidget)).to.equal('tandem-calls-widget');

    // The calls widget's booking option renders the booking card under its class's name.
    const calls = own as InstanceType<Classes['CallsWidget']>;
    calls.openBookingPage = true;
    calls.show();
    await waitUntil(() => calls.shadowRoot?.querySelector('[part~="booking-card"]'), 'no booking card');
    const card = calls.shadowRoot!.querySelector('[part~="booking-card"]')!;
    expect(card.localName).to.equal('tandem-booking-card');
    expect(card).to.be.instanceOf(classes.BookingCard);
  });

  it('registers in a scoped registry where the browser has them', async function () {
    const Registry = (window as unknown as { CustomElementRegistry?: new () => CustomElementRegistry })
      .CustomElementRegistry;
    let registry: CustomElementRegistry;
    try {
      registry = new Registry!();
    } catch {
      this.skip();
    }
    registry!.define('chat-widget', class extends classes.ChatWidget {});
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open', customElementRegistry: registry! } as ShadowRootInit);
    root.innerHTML = `<chat-widget org-id="demo" hub-url="${hubUrl()}"></chat-widget>`;
    const el = root.querySelector('chat-widget')!;
    expect(el).to.be.instanceOf(classes.ChatWidget);
    await waitUntil(() => el.shadowRoot?.querySelector('[part~="base"]'), 'never rendered');
    host.remove();
  });
});
