// The demo shop's side of video commerce: the seed's (001) handlers, written with addEventListener
// on the calls widgets instead of `.on`. A real shop answers from its own product API and cart.
import { catalogue, findProduct, productData } from './catalogue.js';
import { addToCart, setQuantity, showCartCount } from './cart.js';

showCartCount();

for (const widget of document.querySelectorAll('calls-widget')) {
  // provide-product-data: the agent needs data for these products.
  widget.addEventListener('provide-product-data', (event) => {
    for (const { ref, id } of event.detail.products) {
      const item = findProduct(ref);
      if (item) widget.updateProduct(id, () => productData(item));
    }
  });

  // provide-search-data: the agent searches the shop.
  widget.addEventListener('provide-search-data', ({ detail: { query, callback } }) => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const hits = catalogue.filter((item) =>
      words.every((w) => `${item.name} ${item.brand} ${item.ref}`.toLowerCase().includes(w)),
    );
    callback(hits.map((item) => ({ id: item.ref, ...productData(item) })));
  });

  // should-add-item-to-cart / should-update-item-in-cart: the shop's own cart decides.
  widget.addEventListener('should-add-item-to-cart', ({ detail: { sku, callback } }) => {
    callback(addToCart(sku));
  });
  widget.addEventListener('should-update-item-in-cart', ({ detail: { sku, quantity, callback } }) => {
    callback(setQuantity(sku, quantity));
  });

  // goto-checkout: the call floats above the checkout page.
  widget.addEventListener('goto-checkout', () => widget.floatAbove('/demo/checkout.html'));
}
