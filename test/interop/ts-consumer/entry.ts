// A page that imports one element alone still gets every event typed.
import 'tandem/booking-card.js';

document.createElement('booking-card').addEventListener('booking-created', (e) => e.detail.connectLink);
document.addEventListener('call-ended', (e) => e.detail.callId);
document.addEventListener('tracking-event', (e) => e.detail);
document.addEventListener('tandem-error', (e) => e.detail.code);
// @ts-expect-error: no such field
document.addEventListener('goto-chat', (e) => e.detail.nope.deeper);
