/**
 * FluxPlayer's calls widget (seed 000) on Tandem: `/compat/fluxplayer.js` defines `window.FluxPlayer`
 * with `init(options)` and `Widgets.Calls.startCall()`. `init({widgets: {calls: {renderTo, strings,
 * whitelist, onBeforeRender}}})` renders a `<calls-widget>` into every element `renderTo` selects,
 * on pages whose URL ends with one of `whitelist` (all pages without one). The org comes from the
 * script tag: `data-org-id`, or `?org=` in its `src`, or an `orgId` option.
 */
import type { CallsWidget } from '../elements/calls-widget/calls-widget.component.js';
import type { CallRoutingDecider, CallsWidgetStrings } from '../call/call-types.js';
import { hubUrlOf, orgOfScript, ownScript, warnOnce, whenTandemReady } from './shared.js';

const VENDOR = 'FluxPlayer';
const CALLS_OPTIONS = new Set(['renderTo', 'strings', 'whitelist', 'onBeforeRender']);

const script = ownScript('fluxplayer.js');
const ready = whenTandemReady(script, VENDOR);
let rendered: Promise<CallsWidget[]> = Promise.resolve([]);

/** Whether this page's URL (without query and hash, or whole) ends with one of the entries. */
function whitelisted(whitelist: unknown): boolean {
  if (!Array.isArray(whitelist) || whitelist.length === 0) return true;
  const page = `${location.origin}${location.pathname}`;
  return whitelist.some(
    (entry) =>
      typeof entry === 'string' && entry !== '' && (page.endsWith(entry) || location.href.endsWith(entry)),
  );
}

function render(calls: Record<string, unknown>, orgId: string): CallsWidget[] {
  for (const key of Object.keys(calls)) {
    if (!CALLS_OPTIONS.has(key)) warnOnce(VENDOR, `widgets.calls.${key} is not supported and is ignored.`);
  }
  const { renderTo, strings, whitelist, onBeforeRender } = calls;
  if (typeof renderTo !== 'string' || renderTo === '') {
    warnOnce(VENDOR, 'widgets.calls.renderTo (a CSS selector) is missing: nothing is rendered.');
    return [];
  }
  if (!whitelisted(whitelist)) return [];
  let placeholders: HTMLElement[];
  try {
    placeholders = [...document.querySelectorAll<HTMLElement>(renderTo)];
  } catch {
    warnOnce(VENDOR, `widgets.calls.renderTo "${renderTo}" is not a valid CSS selector.`);
    return [];
  }
  if (placeholders.length === 0) warnOnce(VENDOR, `no element on this page matches "${renderTo}".`);
  return placeholders.map((placeholder) => {
    const widget = document.createElement('calls-widget');
    widget.hubUrl = hubUrlOf(script);
    widget.orgId = orgId;
    if (strings && typeof strings === 'object') widget.strings = strings as CallsWidgetStrings;
    if (typeof onBeforeRender === 'function') widget.onBeforeRender = onBeforeRender as CallRoutingDecider;
    placeholder.append(widget);
    return widget;
  });
}

const FluxPlayer = {
  /** Renders the widgets of `options.widgets`; resolves once they are on the page. */
  init(options: { orgId?: unknown; widgets?: Record<string, unknown> } = {}): Promise<void> {
    const { widgets, orgId: given, ...rest } = options ?? {};
    for (const key of Object.keys(rest))
      warnOnce(VENDOR, `the option "${key}" is not supported and is ignored.`);
    const orgId = typeof given === 'string' && given ? given : orgOfScript(script);
    if (!orgId)
      warnOnce(VENDOR, 'no org: add data-org-id="<org>" to the script tag (or ?org=<org> to its src).');
    for (const name of Object.keys(widgets ?? {})) {
      if (name !== 'calls') warnOnce(VENDOR, `the widget "${name}" is not supported; only "calls" is.`);
    }
    const calls = widgets?.['calls'];
    const previous = rendered;
    rendered = ready.then(async () => [
      ...(await previous),
      ...(calls && typeof calls === 'object' ? render(calls as Record<string, unknown>, orgId) : []),
    ]);
    return rendered.then(() => undefined);
  },
  Widgets: {
    Calls: {
      /** Starts the call flow in the first rendered calls widget. */
      async startCall(): Promise<void> {
        const [widget] = await rendered;
        if (!widget) {
          warnOnce(VENDOR, 'startCall(): no calls widget is rendered on this page (renderTo, whitelist).');
          return;
        }
        await widget.startCall();
      },
    },
  },
};

declare global {
  interface Window {
    FluxPlayer?: typeof FluxPlayer;
  }
}

window.FluxPlayer = FluxPlayer;
