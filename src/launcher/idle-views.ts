import { adoptStyles, type CSSResultOrNative } from '@lit/reactive-element/css-tag.js';
import { msg } from '@lit/localize';
import type { QueueState } from '../protocol/frames.js';
import { isLocaleLoaded, loadLocale, resolveLocale, withLocale } from '../localization.js';
import { queueEvents, waitingTimeOf } from '../controllers/queue-events-controller.js';
import { cardView, createCard, statusText } from '../elements/calls-widget/card-views.js';
import { createLauncherButton } from '../elements/chat-widget/launcher-view.js';
import { element } from '../elements/dom-view.js';
import { tokens, card } from '../styles/tokens.styles.js';
import { cardStyles } from '../elements/calls-widget/card.styles.js';
import { launcherStyles } from '../elements/chat-widget/launcher.styles.js';
import { themeOf, themeSheet } from '../styles/theme-sheet.js';
import {
  CHAT_STATUS_CODES,
  ChatClickEvent,
  ChatLoadedEvent,
  StatusChangeEvent,
  type ChatStatusWord,
} from '../events/chat-status-events.js';
import type { LiteHub } from './lite-hub.js';

/**
 * What a visitor sees before acting, drawn by the launcher into the element's own shadow root with
 * the element's own views (Lit-free, dom-view.ts) and styles: the calls widget's card with live queue
 * state, the chat widget's launcher button. The full element later renders into the same root and
 * takes over.
 */

export interface IdleView {
  /** Answers for methods that need no heavy part (queue state, status); others load it. */
  readonly answers: Record<string, (...args: never[]) => unknown>;
  dispose(): void;
}

export interface IdleContext {
  hub: LiteHub;
  /** Loads the full element; resolves once it is defined and this element upgraded. */
  upgrade(): Promise<void>;
  /** Starts fetching the full element (hover, focus, touch). */
  prefetch(): void;
}

const DEFAULT_QUEUE = 'default';

/**
 * Puts `node` into the element's shadow root and calls `update` (in the element's locale) on every
 * change, once per microtask.
 */
function idleRenderer(el: HTMLElement, styles: CSSResultOrNative[], node: Node, update: () => void) {
  const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
  adoptStyles(root, styles);
  // The full element renders its own part ahead of this one, before the root's first node (see
  // LitElement's createRenderRoot): an anchor that stays when `clear` takes this part out.
  root.append(document.createComment(''), node);
  let queued = false;
  const draw = (): void => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      // Once the full element is defined, the root is its own.
      if (customElements.get(el.localName)) return;
      const locale = resolveLocale(el.getAttribute('locale'));
      if (!isLocaleLoaded(locale)) void loadLocale(locale).then(draw, () => undefined);
      withLocale(locale, update);
    });
  };
  return Object.assign(draw, { root, clear: (): void => (node as ChildNode).remove() });
}

/** Fires the events the full element fires for a queue's state (`queue-is-open`, `agents-online`, ...). */
function queueWatcher(
  el: HTMLElement,
  ctx: IdleContext,
  term: string,
  onChange: () => void,
): { state: () => QueueState | null; stop: () => void } {
  let previous: QueueState | null = null;
  const stop = ctx.hub.watch(term, () => {
    const next = ctx.hub.queue(term)?.state ?? null;
    if (next && next !== previous) for (const event of queueEvents(previous, next)) el.dispatchEvent(event);
    previous = next ?? previous;
    // A refused or unreachable hub, an unknown queue: the full element says why (its `error` event,
    // one console warning) and retries as it always has.
    if (ctx.hub.connection === 'unavailable' || ctx.hub.queue(term)?.missing)
      void ctx.upgrade().catch(() => undefined);
    onChange();
  });
  return { state: () => ctx.hub.queue(term)?.state ?? null, stop };
}

function prefetchOn(el: HTMLElement, prefetch: () => void): () => void {
  const types = ['pointerenter', 'focusin', 'touchstart'];
  for (const type of types) el.addEventListener(type, prefetch, { once: true, passive: true });
  return () => types.forEach((type) => el.removeEventListener(type, prefetch));
}

type CallsIdleHost = HTMLElement & { strings?: { title?: string }; queue?: string };

export function idleCallsCard(el: CallsIdleHost, ctx: IdleContext): IdleView {
  const term = (): string => el.queue || el.getAttribute('queue') || DEFAULT_QUEUE;
  const view = createCard();
  const draw = idleRenderer(el, [tokens, card, cardStyles], view.node, () => {
    const state = queue.state();
    const unavailable = ctx.hub.connection === 'unavailable' || !!ctx.hub.queue(term())?.missing;
    const cardState = cardView(unavailable, state);
    const heading = el.strings?.title || msg('Video call with us', { id: 'calls.title' });
    const themeId = el.getAttribute('theme-id') ?? '';
    const locale = resolveLocale(el.getAttribute('locale'));
    theme(themeOf(ctx.hub.settings, themeId));
    view.update({
      ...{ view: cardState, themeId, heading, status: statusText(cardState, state, locale) },
      ...{
        queueName: state?.name ?? null,
        agents: state?.agents ?? [],
        agentCount: state?.numberOfAgentsOnline ?? null,
      },
      callActive: false,
      onOpen: () => void ctx.upgrade().then(() => (el as unknown as { show(): void }).show()),
    });
  });
  const theme = themeSheet(draw.root);
  const queue = queueWatcher(el, ctx, term(), draw);
  const stopPrefetch = prefetchOn(el, ctx.prefetch);
  draw();
  const stateOf = (queueTerm?: string): QueueState | null =>
    !queueTerm || queueTerm.toLowerCase() === term().toLowerCase() ? queue.state() : null;
  /** The queue-state methods answer from the launcher when it already knows the state. */
  const known = <T>(queueTerm: string | undefined, answer: (s: QueueState) => T) => {
    const state = stateOf(queueTerm);
    return state ? Promise.resolve(answer(state)) : undefined;
  };
  return {
    answers: {
      areQueuesOpen: () =>
        known(undefined, ({ isOpen, nextOpenTime, nextCloseTime }) => ({
          isOpen,
          nextOpenTime,
          nextCloseTime,
        })),
      getNumberOfOnlineAgents: (queueTerm?: string) =>
        known(queueTerm, (s) => ({ numberOfAgentsOnline: s.numberOfAgentsOnline, queueId: s.queueId })),
      getEstimatedWaitingTime: (queueTerm?: string) => known(queueTerm, (s) => waitingTimeOf(s)),
      callActive: () => false,
    },
    dispose: () => {
      queue.stop();
      stopPrefetch();
      draw.clear();
      theme('');
    },
  };
}

type ChatIdleHost = HTMLElement & { queue?: string };

export function idleChatLauncher(el: ChatIdleHost, ctx: IdleContext): IdleView {
  const term = (): string => el.queue || el.getAttribute('queue') || DEFAULT_QUEUE;
  let last: ChatStatusWord | null = null;
  // As ChatStatusController decides it.
  const status = (): ChatStatusWord => {
    const state = queue.state();
    if (!state || !state.isOpen || ctx.hub.connection !== 'ready') return 'offline';
    if (state.numberOfAgentsOnline > 0) return 'online';
    return state.numberOfAgentsBusy > 0 ? 'busy' : 'offline';
  };
  const button = createLauncherButton();
  // The chat widget's floating base, closed (chat-widget.component.ts renders it with its window).
  const base = element('div', { part: 'base', class: 'floating', 'data-window': 'closed' }, button.node);
  const draw = idleRenderer(el, [tokens, launcherStyles], base, () => {
    base.dataset['status'] = status();
    base.dataset['loaded'] = String(last !== null);
    button.update({
      status: status(),
      expanded: false,
      unread: 0,
      onClick: () => {
        el.dispatchEvent(new ChatClickEvent());
        void ctx.upgrade().then(() => (el as unknown as { open(): void }).open());
      },
    });
  });
  const queue = queueWatcher(el, ctx, term(), () => {
    const now = status();
    if (now !== last) {
      const detail = { code: CHAT_STATUS_CODES[now], status: now };
      if (last === null) el.dispatchEvent(new ChatLoadedEvent(detail));
      el.dispatchEvent(new StatusChangeEvent(detail));
      last = now;
    }
    draw();
  });
  const stopPrefetch = prefetchOn(el, ctx.prefetch);
  draw();
  return {
    answers: {
      isOpened: () => false,
      getStatus: () => status(),
    },
    dispose: () => {
      queue.stop();
      stopPrefetch();
      draw.clear();
    },
  };
}
