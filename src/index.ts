/**
 * Tandem: registers every element. This is the package's root entry; import `tandem/<tag>.js` instead
 * to register one element alone, or `tandem/classes.js` to register none. Every element class, event
 * class and type a page handles (event details, the seeds' option shapes, what the hub sends) is
 * exported from here, as from `tandem/classes.js`.
 */
// First: before Lit loads and creates its Trusted Types policy (see the module).
import './trusted-types-guard.js';

import './elements/calls-widget/calls-widget.js';
import './elements/chat-widget/chat-widget.js';
import './elements/overlay-widget/overlay-widget.js';
import './elements/booking-card/booking-card.js';
import './elements/agent-console/agent-console.js';

export * from './classes.js';
