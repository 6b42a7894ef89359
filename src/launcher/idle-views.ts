import { html, nothing, render, type TemplateResult } from 'lit';
import { adoptStyles, type CSSResultOrNative } from '@lit/reactive-element/css-tag.js';
import { msg } from '@lit/localize';
import type { QueueState } from '../protocol/frames.js';
import { isLocaleLoaded, loadLocale, resolveLocale, withLocale } from '../localization.js';
import { queueEvents, waitingTimeOf } from '../controllers/queue-events-controller.js';
import { cardView, renderCard, statusText } from '../elements/calls-widget/card-views.js';
import { tokens, card } from '../styles/tokens.styles.js';
import { cardStyles } from '../elements/calls-widget/card.styles.js';
import { launcherStyles } from '../elements/chat-widget/launcher.styles.js';
import { orgTheme } from '../styles/org-theme.js';
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
 * the element's own views and styles: the calls widget's card with live queue state, the chat
 * widget's launcher button. The full element later renders into the same root and takes over.
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

/** Draws `view()` into the element's shadow root on every change, in the element's locale. */
function idleRenderer(el: HTMLElement, styles: CSSResultOrNative[], view: () => TemplateResult) {
  const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
  adoptStyles(root, styles);
  let queued = false;
  const draw = Object.assign(
    (): void => {
      if (queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        // Once the full element is defined, the root is its own.
        if (customElements.get(el.localName)) return;
        const locale = resolveLocale(el.getAttribute('locale'));
        if (!isLocaleLoaded(locale)) void loadLocale(locale).then(draw, () => undefined);
        render(withLocale(locale, view), root, { host: el });
      });
    },
    {
      /**
       * The full element renders its own part ahead of this one (before the root's first node, see
       * LitElement's createRenderRoot), so once it is defined the launcher's part is emptied.
       */
      clear: (): void => void render(nothing, root, { host: el }),
    },
  );
  return draw;
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
  const draw = idleRenderer(el, [tokens, card, cardStyles], () => {
    const state = queue.state();
    const unavailable = ctx.hub.connection === 'unavailable' || !!ctx.hub.queue(term())?.missing;
    const view = cardView(unavailable, state);
    const heading = el.strings?.title || msg('Video call with us', { id: 'calls.title' });
    const themeId = el.getAttribute('theme-id') ?? '';
    const locale = resolveLocale(el.getAttribute('locale'));
    return html`${orgTheme(ctx.hub.settings, themeId)}${renderCard({
      ...{ view, themeId, heading, status: statusText(view, state, locale) },
      ...{
        queueName: state?.name ?? null,
        agents: state?.agents ?? [],
        agentCount: state?.numberOfAgentsOnline ?? null,
      },
      callActive: false,
      onOpen: () => void ctx.upgrade().then(() => (el as unknown as { show(): void }).show()),
    })}`;
  });
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
  const draw = idleRenderer(
    el,
    [tokens, launcherStyles],
    () =>
      html`<div
        part="base"
        class="floating"
        data-status=${status()}
        data-window="closed"
        data-loaded=${last !== null}
      >
        <button
          part="launcher"
          class="launcher"
          aria-expanded="false"
          @click=${() => {
            el.dispatchEvent(new ChatClickEvent());
            void ctx.upgrade().then(() => (el as unknown as { open(): void }).open());
          }}
        >
          <span class="dot" data-status=${status()} aria-hidden="true"></span>
          ${msg('Chat with us', { id: 'chat.title' })}${nothing}
        </button>
      </div>`,
  );
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
