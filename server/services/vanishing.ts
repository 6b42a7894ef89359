/**
 * What happens to a party's business when it vanishes (departures.ts decides when): an agent gone
 * from its call ends it as `agent-left`, and the visitor may rejoin at the front; a visitor gone
 * from a call ends it as `visitor-left`, freeing the agent; a visitor gone from the waiting line
 * leaves it (`visitor-left`). A call is given `callGraceMs`, a waiting ticket `visitorGraceMs`:
 * a reload or a network blip within them changes nothing.
 */
import type { CallService } from './calls.js';
import type { DepartureJudge, Party } from './departures.js';
import type { Line } from './line.js';
import type { TicketService } from './tickets.js';

export const DEFAULT_CALL_GRACE_MS = 4000;
export const DEFAULT_VISITOR_GRACE_MS = 30_000;

export interface VanishingOptions {
  callGraceMs: number;
  visitorGraceMs: number;
}

export class Vanishing implements DepartureJudge {
  readonly #line: Line;
  readonly #calls: CallService;
  readonly #tickets: TicketService;
  readonly #options: VanishingOptions;

  constructor(line: Line, calls: CallService, tickets: TicketService, options: VanishingOptions) {
    this.#line = line;
    this.#calls = calls;
    this.#tickets = tickets;
    this.#options = options;
  }

  graceFor(party: Party): number | null {
    if (party.kind === 'agent') {
      return this.#line.callOfAgent(party.orgId, party.id) ? this.#options.callGraceMs : null;
    }
    const ticket = this.#line.liveTicketOf(party.orgId, party.id);
    if (ticket?.status === 'in-call') return this.#options.callGraceMs;
    if (ticket?.status === 'waiting') return this.#options.visitorGraceMs;
    return null;
  }

  prepare(party: Party): Promise<void> {
    return this.#line.fresh(party.orgId);
  }

  gone(party: Party, awayMs: () => number | null | Promise<number | null>): Promise<void> {
    const { orgId } = party;
    return this.#line.exclusive(orgId, async () => {
      // Asked again on our turn: the party may be back, or what is at stake may have changed.
      const away = await awayMs();
      const grace = this.graceFor(party);
      if (away === null || grace === null || away < grace) return;

      if (party.kind === 'agent') {
        const call = this.#line.callOfAgent(orgId, party.id);
        if (call) {
          await this.#calls.endWhileHeld(call, 'agent-left', {
            kind: 'end',
            reason: 'call-ended',
            canRejoin: true,
          });
        }
        return;
      }
      const ticket = this.#line.liveTicketOf(orgId, party.id);
      if (!ticket) return;
      const call = ticket.callId === null ? undefined : this.#line.call(orgId, ticket.callId);
      if (ticket.status === 'in-call' && call) {
        await this.#calls.endWhileHeld(call, 'visitor-left', {
          kind: 'end',
          reason: 'visitor-left',
          canRejoin: false,
        });
      } else if (ticket.status === 'waiting') {
        await this.#tickets.endWhileHeld(ticket, 'visitor-left');
      }
    });
  }
}
