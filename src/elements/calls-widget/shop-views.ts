import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { CartLine, ProductData, ProductPrice } from '../../protocol/commerce.js';
import type { CartOutcome } from '../../controllers/cart-bridge-controller.js';
import { formatPrice } from '../../format.js';

/**
 * The shop in the visitor's call view: the product the agent shows, the cart lines the agent added
 * in this call, the latest cart outcome and the checkout button. Rendered from the cart bridge.
 */
export interface ShopView {
  product: ProductData | null;
  cart: readonly CartLine[];
  outcome: CartOutcome | null;
  locale: string;
  onCheckout(): void;
}

export function renderPrice(price: ProductPrice, locale: string): TemplateResult {
  const now = formatPrice(price.current, price.currency, locale);
  if (price.original === undefined || price.original <= price.current) return html`<span>${now}</span>`;
  const before = formatPrice(price.original, price.currency, locale);
  return html`<span class="price-now">${now}</span>
    <s class="price-before"
      ><span class="visually-hidden">${msg('Was', { id: 'shop.was' })}</span> ${before}</s
    >`;
}

function renderProduct(product: ProductData, locale: string): TemplateResult {
  const image = product.images[0] ?? product.variations[0]?.images[0];
  return html`<article class="product" part="product" aria-labelledby="shop-product-name">
    ${image ? html`<img src=${image} alt="" width="96" height="96" loading="lazy" />` : nothing}
    <div class="product-text">
      ${product.brand ? html`<p class="muted">${product.brand}</p>` : nothing}
      <h3 id="shop-product-name">${product.name}</h3>
      <p class="price">${renderPrice(product.price, locale)}</p>
      ${product.variations.map(
        (variation) =>
          html`<p class="sizes">
            ${variation.name ? html`<span class="variation">${variation.name}</span>` : nothing}
            ${variation.sizes.map(
              (size) =>
                html`<span class="size ${size.inStock ? '' : 'out'}"
                  >${size.label}${
                    size.inStock
                      ? nothing
                      : html`<span class="visually-hidden">
                          ${msg('(sold out)', { id: 'shop.soldOut' })}</span
                        >`
                  }</span
                >`,
            )}
          </p>`,
      )}
    </div>
  </article>`;
}

function outcomeText(outcome: CartOutcome): string {
  const name = outcome.name;
  if (outcome.ok) return msg(str`${name}: your cart is updated.`, { id: 'shop.cartUpdated' });
  if (outcome.failure === 'timeout') {
    return msg(str`${name} could not be added: the shop did not answer.`, { id: 'shop.cartTimeout' });
  }
  return msg(str`${name} could not be added to your cart.`, { id: 'shop.cartRefused' });
}

export function renderShop(v: ShopView): TemplateResult | typeof nothing {
  if (!v.product && v.cart.length === 0 && !v.outcome) return nothing;
  const count = v.cart.reduce((n, line) => n + line.quantity, 0);
  return html`<section
    class="shop"
    part="shop"
    aria-label=${msg('Products in this call', { id: 'shop.label' })}
  >
    ${v.product ? renderProduct(v.product, v.locale) : nothing}
    <p class="outcome" role="status" data-ok=${v.outcome ? String(v.outcome.ok) : nothing}>
      ${v.outcome ? outcomeText(v.outcome) : ''}
    </p>
    ${
      v.cart.length
        ? html`<div class="cart" part="cart">
            <h3>${msg(str`Added in this call (${count})`, { id: 'shop.cartTitle' })}</h3>
            <ul>
              ${v.cart.map(
                (line) =>
                  html`<li>
                    <span class="line-name">${line.name}</span>
                    <span class="muted">× ${line.quantity}</span>
                    ${line.price ? html`<span>${formatPrice(line.price.current * line.quantity, line.price.currency, v.locale)}</span>` : nothing}
                  </li>`,
              )}
            </ul>
            <button class="primary" part="checkout-button" @click=${v.onCheckout}>
              ${msg('Go to checkout', { id: 'shop.checkout' })}
            </button>
          </div>`
        : nothing
    }
  </section>`;
}

/** The shop's own page under the floating player while co-browsing (same origin, full page). */
export function renderCoBrowseFrame(
  url: string,
  title: string,
  onLoad: (frame: HTMLIFrameElement) => void,
): TemplateResult {
  return html`<iframe
    part="co-browsing-frame"
    class="co-browsing"
    data-tandem-co-browsing
    src=${url}
    title=${title}
    @load=${(e: Event) => onLoad(e.target as HTMLIFrameElement)}
  ></iframe>`;
}
