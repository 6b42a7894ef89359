/**
 * Renders a story's element from its args: an attribute where the manifest names one (so a value
 * goes through the element's own converter, as in HTML), a property otherwise, and a listener for
 * each `on<Event>` action arg (Storybook's actions panel then shows the element's events).
 */
import type { Args } from '@storybook/web-components-vite';
import { attributeOf, eventOf, hasProperty } from './manifest.js';

/** The hub the stories talk to: empty in the static build (the hub that serves it), set for `npm run storybook`. */
export const HUB_URL: string = import.meta.env.STORYBOOK_TANDEM_HUB_URL ?? '';

/** An address where no hub answers, for the offline states. */
export const UNREACHABLE_HUB = 'http://127.0.0.1:9';

export function applyArgs<T extends HTMLElement>(element: T, args: Args): T {
  const tag = element.localName;
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined || value === null) continue;
    const event = typeof value === 'function' && !hasProperty(tag, name) ? eventOf(tag, name) : undefined;
    if (event) {
      element.addEventListener(event, value as EventListener);
      continue;
    }
    const attribute = attributeOf(tag, name);
    if (attribute && typeof value === 'boolean') element.toggleAttribute(attribute, value);
    else if (attribute && (typeof value === 'string' || typeof value === 'number'))
      element.setAttribute(attribute, String(value));
    else (element as unknown as Record<string, unknown>)[name] = value;
  }
  return element;
}

/** A fresh element of `tag` with `args` applied. */
export function renderElement(tag: string, args: Args): HTMLElement {
  return applyArgs(document.createElement(tag), args);
}

/** The element a story rendered (the first of its tag in the story's root). */
export function storyElement<T extends HTMLElement>(root: HTMLElement, tag: string): T {
  const element = root.querySelector<T>(tag);
  if (!element) throw new Error(`the story rendered no <${tag}>`);
  return element;
}

/** Resolves once `selector` matches inside the element's shadow root (or rejects after `timeoutMs`). */
export async function part<T extends Element = HTMLElement>(
  element: HTMLElement,
  selector: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = element.shadowRoot?.querySelector<T>(selector);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`<${element.localName}> did not show ${selector}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
