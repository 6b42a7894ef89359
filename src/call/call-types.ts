import type { CallAgent } from '../protocol/frames.js';

/**
 * The calls widget's public option types, named after the seeds that define them. They live apart
 * from the element so that its controllers and the page can use them without the element.
 */

/** `strings` as in the FluxPlayer seed (000): `text` may hold `{{name}}`, the routed agent's name. */
export interface CallsWidgetStrings {
  title?: string;
  text?: string;
}

/** What `onBeforeRender` returns, as in the FluxPlayer seed (000). */
export interface CallRouting {
  callAgentId: string;
  productIds?: string[];
}

/** `onBeforeRender`: receives the online agents, returns the routing (may be async). */
export type CallRoutingDecider = (
  callAgents: CallAgent[],
) => CallRouting | null | undefined | Promise<CallRouting | null | undefined>;

/** Customer data shown to the agent (001's `data`). */
export type VisitorData = Record<string, unknown>;

/** `data`: an object, or a function returning a Promise of one (001). */
export type VisitorDataSource = VisitorData | (() => Promise<VisitorData>);

/** Returned by `getMinimizedWidgetStyle`, as in the Bambuser seed (001). */
export interface MinimizedWidgetStyle {
  position?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
  verticalMargin?: string;
  horizontalMargin?: string;
  zIndex?: string;
}

/** What opens the calls widget (001's `triggers`). */
export type CallsWidgetTrigger = 'connect-link' | 'queue-link' | 'always' | 'smart';

/** The agent a call is routed to, with the products to show. */
export interface RoutedCall {
  agent: CallAgent;
  productIds: string[];
}

/** Result of `areQueuesOpen()`, as in the Bambuser seed (001). */
export interface QueuesOpenResult {
  isOpen: boolean;
  nextOpenTime: string | null;
  nextCloseTime: string | null;
}

/** The start screen's customisable elements, as the Bambuser seed's `ELEMENTS` (001). */
export const ELEMENTS = {
  DROP_IN_CARD: 'drop-in-card',
  BOOKING_CARD: 'book-meeting-card',
} as const;
export type ElementId = (typeof ELEMENTS)[keyof typeof ELEMENTS];

/** `updateElement`'s state (001): `null` resets the element to its default. */
export interface ElementState {
  disableCTA?: boolean;
  content?: { title?: string; subtitle?: string; buttonText?: string };
}

/** The seed's floating player navigation modes (001). */
export const FLOATING_PLAYER_NAVIGATION_MODE = { IFRAME: 'iframe', MANUAL: 'manual' } as const;
