// The demo shop's own cart (in the shop's storage, as a real shop's would be), with a badge in the header.
import { findSku } from './catalogue.js';

const KEY = 'nordic-threads-cart';

export function readCart() {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}');
  } catch {
    return {};
  }
}

function writeCart(cart) {
  localStorage.setItem(KEY, JSON.stringify(cart));
  window.dispatchEvent(new CustomEvent('cart-changed'));
}

/** Adds one of a SKU; false when it is unknown or out of stock. */
export function addToCart(sku) {
  const found = findSku(sku);
  const cart = readCart();
  if (!found || found.stock <= (cart[sku] ?? 0)) return false;
  cart[sku] = (cart[sku] ?? 0) + 1;
  writeCart(cart);
  return true;
}

/** Sets a SKU's quantity (0 removes it); false when there is not that much in stock. */
export function setQuantity(sku, quantity) {
  const found = findSku(sku);
  if (!found || quantity > found.stock) return false;
  const cart = readCart();
  if (quantity <= 0) delete cart[sku];
  else cart[sku] = quantity;
  writeCart(cart);
  return true;
}

/** Keeps `#cart-count` in the header up to date. */
export function showCartCount() {
  const badge = document.getElementById('cart-count');
  const update = () => {
    if (badge) badge.textContent = String(Object.values(readCart()).reduce((n, q) => n + q, 0));
  };
  update();
  window.addEventListener('cart-changed', update);
  window.addEventListener('storage', update);
}
