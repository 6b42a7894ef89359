/**
 * Video commerce between the agent's console and the visitor's page (001's product, search and cart
 * events), relayed by the hub between the two parties of a running call and never stored: the shop's
 * cart lives on the shop. The product data shape is defined once here, with its check.
 */

/** How an agent names a product (001's `provide-product-data`). */
export type ProductRefType = 'url' | 'product-reference' | 'scanned-code';

/** A product the agent needs data for; `id` is Tandem's id for it, the key of `updateProduct`. */
export interface ProductRef {
  ref: string;
  type: ProductRefType;
  id: string;
}

export interface ProductPrice {
  /** The price now, in `currency`'s major unit (12.5 is 12.50). */
  current: number;
  /** The price before a reduction, when there is one. */
  original?: number;
  /** ISO 4217, e.g. `SEK`. */
  currency: string;
}

/** One size of a variation: what goes into the cart. */
export interface ProductSize {
  sku: string;
  label: string;
  inStock: boolean;
  /** Units in stock, when the shop tells. */
  stock?: number;
  /** A price of its own, when it differs from the product's. */
  price?: ProductPrice;
}

/** A colour or style of the product, with its images and sizes. */
export interface ProductVariation {
  name: string;
  images: string[];
  sizes: ProductSize[];
}

/** What the page answers about a product (`updateProduct(id, factory)`). */
export interface ProductData {
  id: string;
  name: string;
  brand?: string;
  description?: string;
  /** The product's page on the shop. */
  url?: string;
  images: string[];
  price: ProductPrice;
  variations: ProductVariation[];
}

/** A line of the visitor's cart as the call knows it: what the agent added in this call. */
export interface CartLine {
  sku: string;
  quantity: number;
  productId: string | null;
  name: string;
  price: ProductPrice | null;
}

/** Why a cart change did not happen. */
export type CartFailure = 'refused' | 'timeout' | 'error' | 'disabled';

/** Agent → visitor. */
export type AgentCommerceMessage =
  | { kind: 'products.request'; refs: ProductRef[] }
  | { kind: 'search.request'; requestId: string; query: string }
  | { kind: 'cart.add'; requestId: string; sku: string; productId: string | null }
  | { kind: 'cart.update'; requestId: string; sku: string; quantity: number }
  | { kind: 'product.show'; product: ProductData | null }
  | { kind: 'navigate'; url: string };

/** Visitor → agent. */
export type VisitorCommerceMessage =
  | { kind: 'product'; product: ProductData }
  | { kind: 'product.invalid'; id: string; problems: string[] }
  | { kind: 'search.reply'; requestId: string; results: Array<ProductData | ProductRef>; error?: string }
  | { kind: 'cart.reply'; requestId: string; ok: boolean; failure?: CartFailure; message?: string }
  | { kind: 'cart'; lines: CartLine[] }
  | { kind: 'page'; url: string; title: string }
  | { kind: 'checkout' }
  /** At the call's start: what the shop's page allows the agent. */
  | { kind: 'settings'; coBrowsing: boolean; scanning: boolean };

export type CommerceMessage = AgentCommerceMessage | VisitorCommerceMessage;

/** Kinds each side may send: the hub relays nothing else. */
export const AGENT_COMMERCE_KINDS = [
  'products.request',
  'search.request',
  'cart.add',
  'cart.update',
  'product.show',
  'navigate',
] as const satisfies readonly AgentCommerceMessage['kind'][];
export const VISITOR_COMMERCE_KINDS = [
  'product',
  'product.invalid',
  'search.reply',
  'cart.reply',
  'cart',
  'page',
  'checkout',
  'settings',
] as const satisfies readonly VisitorCommerceMessage['kind'][];

/** How long the agent waits for the page's answer (001: a callback never called is a failure). */
export const COMMERCE_ANSWER_MS = 15_000;

/** Tandem's id for a product ref: stable, so that the same ref is the same product on both sides. */
export function productIdOf(type: ProductRefType, ref: string): string {
  let hash = 0x811c9dc5;
  for (const char of `${type}:${ref}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `p${hash.toString(36)}`;
}

/** A ref as the agent names it: a URL, else a product reference (or a scanned code, when scanned). */
export function productRef(ref: string, type?: ProductRefType): ProductRef {
  const kind = type ?? (/^https?:\/\//i.test(ref) ? 'url' : 'product-reference');
  return { ref, type: kind, id: productIdOf(kind, ref) };
}

/** The result of checking what a page gave as product data. */
export type ProductCheck = { ok: true; product: ProductData } | { ok: false; problems: string[] };

const MAX_TEXT = 4000;

/**
 * Checks a page's product data against `ProductData`, naming every problem (for the agent's screen
 * and the page's console), and returns a clean copy with unknown fields dropped.
 */
export function checkProductData(value: unknown, id: string): ProductCheck {
  const problems: string[] = [];
  const at = (path: string, what: string): void => void problems.push(`${path} ${what}`);
  if (!isObject(value)) return { ok: false, problems: ['the product data is not an object'] };
  const text = (v: unknown, path: string, required: boolean): string | undefined => {
    if (v === undefined || v === null || v === '') {
      if (required) at(path, 'is missing');
      return undefined;
    }
    if (typeof v !== 'string') return void at(path, 'must be a string');
    return v.slice(0, MAX_TEXT);
  };
  const images = (v: unknown, path: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((u) => typeof u !== 'string'))
      return (at(path, 'must be a list of URLs'), []);
    return v.slice(0, 20) as string[];
  };
  const price = (v: unknown, path: string, required: boolean): ProductPrice | undefined => {
    if (v === undefined) {
      if (required) at(path, 'is missing');
      return undefined;
    }
    if (!isObject(v)) return void at(path, 'must be {current, currency, original?}');
    const current = v['current'];
    const original = v['original'];
    const currency = v['currency'];
    if (typeof current !== 'number' || !Number.isFinite(current) || current < 0)
      at(`${path}.current`, 'must be a number ≥ 0');
    if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency))
      at(`${path}.currency`, 'must be a 3-letter currency code');
    if (original !== undefined && (typeof original !== 'number' || !Number.isFinite(original)))
      at(`${path}.original`, 'must be a number');
    return {
      current: Number(current),
      currency: String(currency).toUpperCase(),
      ...(typeof original === 'number' ? { original } : {}),
    };
  };
  const name = text(value['name'], 'name', true);
  const variationsIn = value['variations'];
  const variations: ProductVariation[] = [];
  if (!Array.isArray(variationsIn) || variationsIn.length === 0) {
    at('variations', 'must list at least one variation with its sizes (each with a sku)');
  } else {
    variationsIn.slice(0, 50).forEach((variation: unknown, i): void => {
      const path = `variations[${i}]`;
      if (!isObject(variation)) return at(path, 'must be an object');
      const sizesIn = variation['sizes'];
      const sizes: ProductSize[] = [];
      if (!Array.isArray(sizesIn) || sizesIn.length === 0) at(`${path}.sizes`, 'must list at least one size');
      else
        sizesIn.slice(0, 100).forEach((size: unknown, j): void => {
          const sizePath = `${path}.sizes[${j}]`;
          if (!isObject(size)) return at(sizePath, 'must be an object');
          const sku = text(size['sku'], `${sizePath}.sku`, true);
          const stock = size['stock'];
          const ownPrice = price(size['price'], `${sizePath}.price`, false);
          sizes.push({
            sku: sku ?? '',
            label: text(size['label'], `${sizePath}.label`, false) ?? sku ?? '',
            inStock: size['inStock'] === undefined ? stock !== 0 : size['inStock'] === true,
            ...(typeof stock === 'number' && Number.isFinite(stock) ? { stock } : {}),
            ...(ownPrice ? { price: ownPrice } : {}),
          });
        });
      variations.push({
        name: text(variation['name'], `${path}.name`, false) ?? '',
        images: images(variation['images'], `${path}.images`),
        sizes,
      });
    });
  }
  const product: ProductData = {
    id,
    name: name ?? '',
    images: images(value['images'], 'images'),
    price: price(value['price'], 'price', true) ?? { current: 0, currency: 'XXX' },
    variations,
  };
  for (const key of ['brand', 'description', 'url'] as const) {
    const v = text(value[key], key, false);
    if (v !== undefined) product[key] = v;
  }
  return problems.length ? { ok: false, problems } : { ok: true, product };
}

/** The sizes of a product, by SKU. */
export function sizeBySku(product: ProductData, sku: string): ProductSize | undefined {
  for (const variation of product.variations) {
    const size = variation.sizes.find((s) => s.sku === sku);
    if (size) return size;
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
