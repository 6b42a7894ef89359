/**
 * The CDN entry, `tandem.js`: a small launcher. It registers every Tandem tag, draws what a visitor
 * sees before acting (the calls widget's card with its queue state, the chat widget's launcher) and
 * loads the rest when it is needed, from hashed chunks beside this file (so from the hub that served
 * it): the call view and WebRTC when the calls widget opens, the chat window when the chat opens,
 * the booking card, the agent console, phone numbers and each locale when used. The npm entries
 * (`tandem`, `tandem/<tag>.js`) stay eager; this file is for a page's `<script type="module">`.
 */
// First: it creates the Trusted Types policy Lit will use, and learns whether the page refuses it.
import { trustedTypesAllow } from '../trusted-types-guard.js';
import { createLauncher, type LazyElement } from './lazy-elements.js';
import { idleCallsCard, idleChatLauncher } from './idle-views.js';

/** Attributes that need the full element at once: they act before the visitor does. */
const acts = (el: HTMLElement, names: string[]): boolean =>
  names.some((name) => el.hasAttribute(name) && el.getAttribute(name) !== '0');

/**
 * Another Tandem piece may float in the chat launcher's corner (an overlay's invitation, or one a calls
 * widget's triggers pop up): the chat then loads whole at once, to take its place in the page's
 * floating stack (floating-stack-controller.ts) instead of lying under the other piece.
 */
const othersFloat = (): boolean => document.querySelector('overlay-widget, calls-widget[triggers]') !== null;

const elements: Record<string, LazyElement> = {
  'calls-widget': {
    load: () => import('../elements/calls-widget/calls-widget.js'),
    methods: [
      'show',
      'startCall',
      'destroy',
      'updateElement',
      'showOverlayWidget',
      'hideOverlayWidget',
      'areQueuesOpen',
      'setQueue',
      'getNumberOfOnlineAgents',
      'getEstimatedWaitingTime',
      'updateProduct',
      'floatAbove',
      'updateData',
      'setTrackingTags',
    ],
    getters: ['callActive'],
    idle: (el, ctx) => (acts(el, ['triggers', 'connect-id', 'no-card']) ? null : idleCallsCard(el, ctx)),
  },
  'chat-widget': {
    load: () => import('../elements/chat-widget/chat-widget.js'),
    methods: [
      'open',
      'close',
      'isOpened',
      'minimize',
      'maximize',
      'show',
      'hide',
      'setLanguage',
      'setVisitorInfo',
      'getVisitorInfo',
      'setPredefinedMessage',
      'showFakeAgentMessage',
      'sendClientMessage',
      'getStatus',
    ],
    idle: (el, ctx) =>
      acts(el, ['embedded', 'open-after-seconds']) || othersFloat() ? null : idleChatLauncher(el, ctx),
  },
  'overlay-widget': {
    load: () => import('../elements/overlay-widget/overlay-widget.js'),
    methods: ['showOverlayWidget', 'hideOverlayWidget'],
    getters: ['shown'],
  },
  'booking-card': {
    load: () => import('../elements/booking-card/booking-card.js'),
    methods: ['reset'],
  },
  'agent-console': {
    load: () => import('../elements/agent-console/agent-console.js'),
    methods: [
      'signIn',
      'setStatus',
      'signOut',
      'accept',
      'endCall',
      'transfer',
      'acceptNext',
      'acceptChat',
      'sendMessage',
      'endChat',
      'showProduct',
      'searchProducts',
      'addToCart',
      'updateCartItem',
    ],
    getters: ['agent', 'call'],
  },
};

// On a page whose CSP refused Lit's policy nothing is drawn or loaded: the guard reports it on the tags.
const allowed = Object.keys(elements).filter((tag) => trustedTypesAllow(tag)).length > 0;
const launcher = createLauncher(elements);

/**
 * For the compat facades and pages that need an element defined now (`load`), or that put Tandem's
 * tags inside their own shadow roots (`discover(root)`), which the launcher's observer cannot see.
 */
export interface TandemLauncher {
  load(tag: string): Promise<void>;
  discover(root: ParentNode): void;
}
const api: TandemLauncher = { load: launcher.upgrade, discover: launcher.discover };
(globalThis as Record<symbol, unknown>)[Symbol.for('tandem.launcher')] = api;
document.dispatchEvent(new Event('tandem-launcher'));

if (allowed) {
  launcher.discover();
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node instanceof HTMLElement) launcher.discover(node);
    }
  }).observe(document, { childList: true, subtree: true });
}
