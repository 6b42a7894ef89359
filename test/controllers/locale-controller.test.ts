import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { msg } from '@lit/localize';
import { LitElement } from 'lit';
import { matchLocale, resolveLocale } from '../../src/localization.js';
import { LocaleController } from '../../src/controllers/locale-controller.js';

class LocaleProbe extends LitElement {
  static override properties = { locale: {} };
  locale = '';
  readonly localeController = new LocaleController(this, () => this.locale);
  override render() {
    return this.localeController.locale;
  }
}
customElements.define('locale-probe', LocaleProbe);

class MsgProbe extends LitElement {
  static override properties = { locale: {} };
  locale = '';
  readonly localeController = new LocaleController(this, () => this.locale);
  override render() {
    return msg('Connecting…', { id: 'status.connecting' });
  }
}
customElements.define('msg-probe', MsgProbe);

describe('LocaleController', () => {
  afterEach(() => {
    document.documentElement.lang = 'en';
  });

  it('renders the resolved locale', async () => {
    const el = await fixture<LocaleProbe>(html`<locale-probe locale="sv-SE"></locale-probe>`);
    expect(el.shadowRoot!.textContent).to.equal('sv-SE');
  });

  it('matches supported locales exactly, then by language', () => {
    expect(matchLocale('sv-SE')).to.equal('sv-SE');
    expect(matchLocale('SV_se')).to.equal('sv-SE');
    expect(matchLocale('sv')).to.equal('sv-SE');
    expect(matchLocale('sv-FI')).to.equal('sv-SE');
    expect(matchLocale('en-GB')).to.equal('en-US');
    expect(matchLocale('de-DE')).to.equal(null);
    expect(matchLocale('')).to.equal(null);
  });

  it('falls back from the attribute to <html lang>, then to the browser, then to en-US', () => {
    document.documentElement.lang = 'sv';
    expect(resolveLocale('en-US')).to.equal('en-US');
    expect(resolveLocale('')).to.equal('sv-SE');
    expect(resolveLocale('xx')).to.equal('sv-SE');
    document.documentElement.lang = '';
    // Headless Chromium reports en-US; whatever it reports, the result is a supported locale.
    expect(['en-US', 'sv-SE']).to.include(resolveLocale(''));
    document.documentElement.lang = 'de';
    expect(resolveLocale(undefined)).to.be.oneOf(['en-US', 'sv-SE']);
  });

  it('follows a change of the page language', async () => {
    document.documentElement.lang = 'en';
    const el = await fixture<LocaleProbe>(html`<locale-probe></locale-probe>`);
    expect(el.shadowRoot!.textContent).to.equal('en-US');
    document.documentElement.lang = 'sv-SE';
    await waitUntil(() => el.shadowRoot!.textContent === 'sv-SE');
  });

  it('renders each element in its own locale, whatever the others on the page use', async () => {
    const page = await fixture<HTMLElement>(
      html`<div><msg-probe locale="sv-SE"></msg-probe><msg-probe locale="en-US"></msg-probe></div>`,
    );
    const [sv, en] = [...page.querySelectorAll<MsgProbe>('msg-probe')];
    // The source locale needs no load: English from the first render.
    expect(en.shadowRoot!.textContent).to.equal('Connecting…');
    await waitUntil(
      () => sv.shadowRoot!.textContent === 'Ansluter…',
      'the Swedish translations never arrived',
    );
    en.requestUpdate();
    await en.updateComplete;
    expect(en.shadowRoot!.textContent).to.equal('Connecting…');
    expect(sv.shadowRoot!.textContent).to.equal('Ansluter…');
  });

  it('translates msg() outside render through run(), and only there', async () => {
    const el = await fixture<MsgProbe>(html`<msg-probe locale="sv-SE"></msg-probe>`);
    await waitUntil(() => el.shadowRoot!.textContent === 'Ansluter…');
    expect(el.localeController.run(() => msg('Connecting…', { id: 'status.connecting' }))).to.equal(
      'Ansluter…',
    );
    // Outside any element's update and run(), nothing is left active: the source text.
    expect(msg('Connecting…', { id: 'status.connecting' })).to.equal('Connecting…');
  });
});
