/**
 * Registers <booking-card>: importing this module defines the element (once, whoever imports it first).
 * The class lives in `booking-card.component.ts`, apart from its registration.
 */
// First: before Lit loads and creates its Trusted Types policy (see the module).
import '../../trusted-types-guard.js';
import { BookingCard } from './booking-card.component.js';
import { defineElement } from '../../define.js';

export * from './booking-card.component.js';
// Every event class of every element, so a page that imports this entry alone has them all typed (`GlobalEventHandlersEventMap`).
export * from '../../events/index.js';

defineElement('booking-card', BookingCard);

declare global {
  interface HTMLElementTagNameMap {
    'booking-card': BookingCard;
  }
}
