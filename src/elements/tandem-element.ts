import { LitElement } from 'lit';
import { property } from './property.js';
import { HubSessionController } from '../controllers/hub-session-controller.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { dispatchTandemError } from '../events/tandem-error.js';
import { markTandemClass } from '../define.js';

/**
 * What every Tandem element shares: which hub and org it talks to, its locale, and the `error`
 * event through which it reports problems instead of throwing into the page.
 *
 * @fires error - The element cannot do its work (`detail.code`: `hub-unreachable`,
 * `org-not-found`, `origin-not-allowed`, `not-found`, ...). Does not bubble: listen on the element.
 */
export class TandemElement extends LitElement {
  /** The organisation id on the hub. */
  @property({ attribute: 'org-id' }) orgId = '';

  /** The hub's URL. Defaults to the origin that served the Tandem script. */
  @property({ attribute: 'hub-url' }) hubUrl = '';

  /** BCP 47 locale, e.g. `sv-SE`. Defaults to the page's `<html lang>`, then the browser's language, then `en-US`. */
  @property() locale = '';

  protected readonly hub = new HubSessionController(
    this,
    () => ({ hubUrl: this.hubUrl, orgId: this.orgId }),
    (detail) => dispatchTandemError(this, detail),
  );

  protected readonly localeController = new LocaleController(this, () => this.locale);
}

// Another copy of Tandem on the page (the CDN file and an npm copy) is not a tag collision.
markTandemClass(TandemElement);
