import { expect, fixture, html, waitUntil } from '@open-wc/testing';
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
});
