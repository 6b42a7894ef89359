import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { CartLine, ProductData } from '../../protocol/commerce.js';
import type {
  AgentCommerceController,
  CartState,
  ProductEntry,
} from '../../controllers/agent-commerce-controller.js';
import { formatPrice } from '../../format.js';
import { renderPrice } from '../calls-widget/shop-views.js';

/**
 * The product panel of the agent's call: the call's products and search results with their data
 * from the visitor's page, showing one to the visitor, cart changes with the page's answer, the
 * visitor's cart and the page the visitor is on (co-browsing).
 */
export interface CommercePanelView {
  commerce: AgentCommerceController;
  locale: string;
  /** Scanning a code needs BarcodeDetector and a camera, and the shop's leave (001's enableScanning). */
  canScan: boolean;
  onSearch(query: string): void;
  onScan(): void;
  onShow(id: string): void;
  onHide(): void;
  onAdd(sku: string, productId: string): void;
  onQuantity(sku: string, quantity: number): void;
  onNavigate(url: string): void;
}

function cartStateText(state: CartState | undefined): string {
  switch (state) {
    case 'pending':
      return msg('Asking the shop…', { id: 'commerce.pending' });
    case 'added':
      return msg('In the cart', { id: 'commerce.added' });
    case 'refused':
      return msg('The shop refused', { id: 'commerce.refused' });
    case 'timeout':
    case 'no-answer':
      return msg('No answer from the shop', { id: 'commerce.noAnswer' });
    case 'error':
    case 'disabled':
      return msg('Could not be added', { id: 'commerce.failed' });
    default:
      return '';
  }
}

function renderProductData(product: ProductData, v: CommercePanelView, shown: boolean): TemplateResult {
  const states = v.commerce.cartStates;
  const image = product.images[0] ?? product.variations[0]?.images[0];
  return html`${image ? html`<img src=${image} alt="" width="56" height="56" loading="lazy" />` : nothing}
    <div class="product-text">
      <strong>${product.name}</strong>
      ${product.brand ? html`<span class="muted">${product.brand}</span>` : nothing}
      <span>${renderPrice(product.price, v.locale)}</span>
      ${product.variations.map(
        (variation) =>
          html`<div class="skus">
            ${variation.name ? html`<span class="muted">${variation.name}</span>` : nothing}
            ${variation.sizes.map((size) => {
              const state = states.get(size.sku);
              return html`<span class="sku" data-state=${state ?? 'none'}>
                <button
                  class="secondary"
                  part="add-to-cart"
                  data-sku=${size.sku}
                  ?disabled=${!size.inStock || state === 'pending'}
                  @click=${() => v.onAdd(size.sku, product.id)}
                  aria-label=${msg(str`Add ${product.name}, ${size.label}, to the visitor's cart`, { id: 'commerce.addLabel' })}
                >
                  + ${size.label}
                </button>
                <span class="muted" role="status">${cartStateText(state)}</span>
              </span>`;
            })}
          </div>`,
      )}
    </div>
    <button
      class=${shown ? 'primary' : 'secondary'}
      part="show-product"
      aria-pressed=${shown}
      @click=${() => (shown ? v.onHide() : v.onShow(product.id))}
    >
      ${shown ? msg('Showing', { id: 'commerce.showing' }) : msg('Show', { id: 'commerce.show' })}
    </button>`;
}

function renderEntry(entry: ProductEntry, v: CommercePanelView): TemplateResult {
  const shown = v.commerce.shownId === entry.ref.id;
  return html`<li class="product-entry" data-product-id=${entry.ref.id} data-loaded=${!!entry.data}>
    ${
      entry.data
        ? renderProductData(entry.data, v, shown)
        : entry.problems
          ? html`<p class="problem" role="alert">
              ${msg(str`The shop's data for ${entry.ref.ref} is incomplete:`, { id: 'commerce.invalid' })}
              ${entry.problems.join('; ')}
            </p>`
          : html`<p class="muted">${msg(str`Loading ${entry.ref.ref}…`, { id: 'commerce.loading' })}</p>`
    }
  </li>`;
}

function renderCart(lines: readonly CartLine[], v: CommercePanelView): TemplateResult {
  if (!lines.length)
    return html`<p class="muted">${msg('Nothing added yet.', { id: 'commerce.cartEmpty' })}</p>`;
  return html`<ul class="cart-lines">
    ${lines.map(
      (line) =>
        html`<li data-sku=${line.sku}>
          <span>${line.name}</span>
          <label>
            <span class="visually-hidden"
              >${msg(str`Quantity of ${line.name}`, { id: 'commerce.quantity' })}</span
            >
            <input
              type="number"
              min="0"
              max="99"
              .value=${String(line.quantity)}
              @change=${(e: Event) => v.onQuantity(line.sku, Number((e.target as HTMLInputElement).value))}
            />
          </label>
          ${line.price ? html`<span>${formatPrice(line.price.current * line.quantity, line.price.currency, v.locale)}</span>` : nothing}
        </li>`,
    )}
  </ul>`;
}

export function renderCommercePanel(v: CommercePanelView): TemplateResult {
  const c = v.commerce;
  const onSearch = (event: SubmitEvent) => {
    event.preventDefault();
    v.onSearch(String(new FormData(event.target as HTMLFormElement).get('query') ?? ''));
  };
  const onNavigate = (event: SubmitEvent) => {
    event.preventDefault();
    v.onNavigate(String(new FormData(event.target as HTMLFormElement).get('url') ?? ''));
  };
  // The call's products, then search results, then one the agent opened by its ref: each once.
  const ids = [...new Set([...c.callProducts, ...c.results, ...(c.shownId ? [c.shownId] : [])])];
  return html`<section class="commerce" part="commerce" aria-labelledby="commerce-title">
    <h4 id="commerce-title">${msg('Products', { id: 'commerce.title' })}</h4>
    <form class="search" role="search" @submit=${onSearch}>
      <label>
        <span class="visually-hidden">${msg('Search the shop', { id: 'commerce.searchLabel' })}</span>
        <input
          name="query"
          type="search"
          part="product-search"
          placeholder=${msg('Search the shop', { id: 'commerce.searchLabel' })}
          .value=${c.query}
        />
      </label>
      <button class="secondary" type="submit">${msg('Search', { id: 'commerce.search' })}</button>
      ${v.canScan ? html`<button class="secondary" type="button" @click=${v.onScan}>${msg('Scan', { id: 'commerce.scan' })}</button>` : nothing}
    </form>
    ${c.searchError ? html`<p class="problem" role="alert">${c.searchError}</p>` : nothing}
    <ul class="products" part="product-list" aria-label=${msg('Products in this call', { id: 'shop.label' })}>
      ${c.entries(ids).map((entry) => renderEntry(entry, v))}
    </ul>
    <h4>${msg("The visitor's cart", { id: 'commerce.cart' })}</h4>
    <div part="visitor-cart">${renderCart(c.cart, v)}</div>
    ${c.checkedOut ? html`<p role="status">${msg('The visitor went to checkout.', { id: 'commerce.checkedOut' })}</p>` : nothing}
    ${
      c.page
        ? html`<div class="visitor-page" part="visitor-page">
            <h4>${msg('The visitor is on', { id: 'commerce.page' })}</h4>
            <p><span>${c.page.title || c.page.url}</span> <span class="muted">${c.page.url}</span></p>
            ${
              c.settings.coBrowsing
                ? html`<form class="navigate" @submit=${onNavigate}>
                    <label>
                      <span class="visually-hidden"
                        >${msg('Send the visitor to', { id: 'commerce.navigateLabel' })}</span
                      >
                      <input name="url" type="text" part="navigate-url" .value=${c.page.url} />
                    </label>
                    <button class="secondary" type="submit">
                      ${msg('Go there together', { id: 'commerce.navigate' })}
                    </button>
                  </form>`
                : nothing
            }
          </div>`
        : nothing
    }
  </section>`;
}
