/**
 * Views drawn without Lit: created once, then updated in place. The CDN launcher draws the calls
 * widget's card and the chat launcher with them before Lit has loaded (lit-html alone is more than a
 * quarter of a 10 KB launcher); the full elements host the very same views through `viewPart`
 * (view-part.ts), so the markup has one source.
 */
export interface DomView<P> {
  /** The view's root node, inserted where the view goes. */
  readonly node: Element;
  /** Brings the DOM up to date with `props`, touching only what changed. */
  update(props: P): void;
}

/** `document.createElement` with attributes and children (text is set as text, never parsed). */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Sets `node`'s text only when it changed: a live region (`role="status"`) reads out every change. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
