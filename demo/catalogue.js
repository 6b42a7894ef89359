// The demo shop's catalogue: what a shop's own product API would answer. Prices in SEK.
const swatch = (color) =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240"><rect width="240" height="240" rx="24" fill="${color}"/></svg>`,
  )}`;

export const catalogue = [
  {
    ref: 'ITM-BLUE-SHIRT',
    ean: '7350000000011',
    name: 'Wool overshirt',
    brand: 'Nordic Threads',
    description: 'A warm overshirt in brushed merino wool, for autumn days.',
    price: { current: 1290, original: 1590, currency: 'SEK' },
    variations: [
      { name: 'Navy', color: '#2f4b7c', sizes: [['S', 3], ['M', 5], ['L', 0]] },
      { name: 'Forest', color: '#2e6b4f', sizes: [['M', 2], ['L', 4]] },
    ],
  },
  {
    ref: 'EXT-RED-PANTS',
    ean: '7350000000028',
    name: 'Linen trousers',
    brand: 'Nordic Threads',
    description: 'Relaxed linen trousers with a drawstring waist.',
    price: { current: 990, currency: 'SEK' },
    variations: [{ name: 'Berry', color: '#a05195', sizes: [['S', 2], ['M', 6], ['L', 1]] }],
  },
  {
    ref: 'ITM-SCARF',
    ean: '7350000000035',
    name: 'Merino scarf',
    brand: 'Nordic Threads',
    description: 'A soft merino scarf, long enough to wrap twice.',
    price: { current: 590, currency: 'SEK' },
    variations: [{ name: 'Rose', color: '#d45087', sizes: [['One size', 9]] }],
  },
  {
    ref: 'ITM-TOTE',
    ean: '7350000000042',
    name: 'Canvas tote',
    brand: 'Nordic Threads',
    description: 'A sturdy canvas tote with an inside pocket.',
    price: { current: 390, currency: 'SEK' },
    variations: [{ name: 'Plum', color: '#665191', sizes: [['One size', 0]] }],
  },
];

/** The SKU of a product's variation and size. */
export const skuOf = (item, variation, size) =>
  `${item.ref}-${variation.name.toUpperCase()}-${size.replace(/\s+/g, '').toUpperCase()}`;

/** Finds a product by what the agent named: its reference, its page's URL, or a scanned EAN code. */
export function findProduct(ref) {
  let key = String(ref);
  try {
    const url = new URL(key, location.href);
    key = url.searchParams.get('id') ?? key;
  } catch {
    // Not a URL: a reference or a code.
  }
  return catalogue.find((item) => item.ref === key || item.ean === key) ?? null;
}

/** The product page's address. */
export const pageOf = (item) => new URL(`/demo/product.html?id=${item.ref}`, location.href).href;

/** The product data object Tandem's `updateProduct` takes. */
export function productData(item) {
  return {
    name: item.name,
    brand: item.brand,
    description: item.description,
    url: pageOf(item),
    images: [swatch(item.variations[0].color)],
    price: item.price,
    variations: item.variations.map((variation) => ({
      name: variation.name,
      images: [swatch(variation.color)],
      sizes: variation.sizes.map(([label, stock]) => ({
        sku: skuOf(item, variation, label),
        label,
        inStock: stock > 0,
        stock,
      })),
    })),
  };
}

/** Every SKU of the catalogue with its product, variation and stock. */
export function findSku(sku) {
  for (const item of catalogue) {
    for (const variation of item.variations) {
      for (const [label, stock] of variation.sizes) {
        if (skuOf(item, variation, label) === sku) return { item, variation, label, stock };
      }
    }
  }
  return null;
}

export { swatch };
