/**
 * Server rendering: in Node, with no DOM but Lit's SSR shim, the package's modules import and every
 * element constructs, takes its properties and renders, as Lit's server renderer drives it
 * (constructor, properties, `willUpdate`, `render`). Nothing touches `document`, `window` or
 * `navigator` before the element is in a browser.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('every element constructs and renders without a DOM', async () => {
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  const tandem = await import('../../dist/index.js');
  const elements = [
    tandem.CallsWidget,
    tandem.ChatWidget,
    tandem.OverlayWidget,
    tandem.BookingCard,
    tandem.AgentConsole,
  ];
  for (const Element of elements) {
    const element = new Element() as InstanceType<typeof Element> & {
      willUpdate(changed: Map<string, unknown>): void;
      render(): unknown;
    };
    element.orgId = 'demo';
    element.hubUrl = 'https://hub.example';
    element.willUpdate(new Map([['orgId', '']]));
    assert.ok(element.render(), `${Element.name} rendered nothing`);
  }
  const calls = new tandem.CallsWidget();
  (calls as unknown as Record<string, unknown>)['triggers'] = 'always smart';
  assert.deepEqual(calls.triggers, ['always', 'smart']);
});
