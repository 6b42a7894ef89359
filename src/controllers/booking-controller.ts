import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ErrorCode } from '../protocol/frames.js';
import type { Booking, BookingService, BookingSlot, BookingVisitor } from '../protocol/booking.js';
import { TandemError, hasErrorCode } from '../errors.js';
import type { HubSession } from '../session/hub-session.js';
import { isValidEmail } from '../validation/email.js';
import { normalizePhone, type PhoneNormalizer } from '../validation/phone.js';
import type { HubSessionController } from './hub-session-controller.js';

/** Days of slots fetched at a time. */
const DAYS = 14;

export interface BookingOptions {
  /** Only these published services; empty for all. */
  serviceIds(): string[];
  /** Only this resource (an agent), if any. */
  resourceId(): string | undefined;
  /** The connect id of the meeting the page was opened for, if any. */
  connectId(): string | null;
  /** The visitor's IANA time zone (as they chose it), stored with the booking. */
  timeZone(): string;
  /** The locale whose country a phone number without a country code is read in. */
  locale(): string;
  /** The page's own phone normalisation, if it set one. */
  normalizePhoneNumber(): PhoneNormalizer | null;
  /** Something failed; `shown` is what to tell the visitor instead of the error's own message. */
  onError(error: unknown, shown?: string): void;
  /** The visitor booked a meeting. */
  onCreated(booking: Booking): void;
  /** What the visitor is told, in the element's language. */
  readonly text: {
    /** The chosen slot was taken meanwhile. */
    taken(): string;
    badEmail(): string;
    badPhone(): string;
    /** The hub refused for now (`rate-limited`): when to try again. */
    rateLimited(seconds: number | undefined): string;
  };
}

/**
 * The visitor's side of booking: the published services (once per connection of the element and
 * filter), the free slots of the chosen service, the meeting a connect link names, and booking a
 * slot. Only the latest choice's slots land: choosing another service, going back or leaving the
 * page aborts the request before, and a reply that comes anyway is ignored.
 */
export class BookingController implements ReactiveController {
  services: BookingService[] | null = null;
  service: BookingService | null = null;
  slots: BookingSlot[] = [];
  chosenSlot: BookingSlot | null = null;
  booking: Booking | null = null;
  /** The chosen service's slots are on their way. */
  loadingSlots = false;
  /** The booking is being made. */
  creating = false;

  private readonly host: ReactiveControllerHost;
  private readonly hub: HubSessionController;
  private readonly options: BookingOptions;
  /** Aborted when the element leaves the page or the filter changes. */
  private connection: AbortController | null = null;
  private loadedFor: string | null = null;
  private slotsRun: AbortController | null = null;
  private slotsCall = 0;

  constructor(host: ReactiveControllerHost, hub: HubSessionController, options: BookingOptions) {
    (this.host = host).addController(this);
    this.hub = hub;
    this.options = options;
  }

  get busy(): boolean {
    return this.loadingSlots || this.creating;
  }

  hostConnected(): void {
    this.connection = new AbortController();
  }

  hostUpdated(): void {
    this.load();
  }

  hostDisconnected(): void {
    this.connection?.abort();
    this.connection = null;
    this.loadedFor = null;
    this.stopSlots();
  }

  /** Back to the list of services. */
  reset(): void {
    this.stopSlots();
    this.service = null;
    this.chosenSlot = null;
    this.booking = null;
    this.host.requestUpdate();
  }

  chooseService(service: BookingService): Promise<void> {
    this.service = service;
    this.chosenSlot = null;
    return this.loadSlots();
  }

  /** A slot to book, or null to go back to the slots. */
  chooseSlot(slot: BookingSlot | null): void {
    this.chosenSlot = slot;
    this.host.requestUpdate();
  }

  /**
   * Checks the visitor's details (the phone is normalised) and books the chosen slot. Returns false,
   * after `onError`, when a detail is refused and nothing was sent.
   */
  book(details: BookingVisitor): boolean {
    if (!isValidEmail(details.email)) {
      this.options.onError(new TandemError(ErrorCode.invalidArgument, this.options.text.badEmail()));
      return false;
    }
    const phone = normalizePhone(details.phone, this.options.locale(), this.options.normalizePhoneNumber());
    if (!phone) {
      this.options.onError(new TandemError(ErrorCode.invalidArgument, this.options.text.badPhone()));
      return false;
    }
    void this.create({ ...details, phone });
    return true;
  }

  /** Books the chosen slot; a slot taken meanwhile brings back fresh slots to choose from. */
  private async create(visitor: BookingVisitor): Promise<void> {
    const session = this.hub.session;
    const { chosenSlot: slot, service } = this;
    if (!session || !slot || !service) return;
    this.creating = true;
    this.host.requestUpdate();
    try {
      // Not aborted when the element leaves: the hub books regardless, and the page hears of it.
      const { booking } = await session.command('booking.create', {
        serviceId: service.serviceId,
        start: slot.start,
        agentId: slot.agentId,
        visitor,
        timeZone: this.options.timeZone(),
      });
      this.booking = booking;
      this.options.onCreated(booking);
    } catch (error) {
      if (hasErrorCode(error, ErrorCode.conflict)) {
        // Somebody else took it: back to the times, freshly loaded, with the next free ones.
        this.chosenSlot = null;
        this.options.onError(error, this.options.text.taken());
        if (this.connection) await this.loadSlots();
      } else if (hasErrorCode(error, ErrorCode.rateLimited)) {
        // The details stay filled in and the slot chosen: the visitor may send them again later.
        this.options.onError(error, this.options.text.rateLimited(error.retryAfter));
      } else {
        this.options.onError(error);
      }
    } finally {
      this.creating = false;
      this.host.requestUpdate();
    }
  }

  /** Loads the services (and the linked meeting) once per connection of the element and filter. */
  private load(): void {
    const session = this.hub.session;
    const connection = this.connection;
    if (!session || !connection || session.connection.kind !== 'ready') return;
    const serviceIds = this.options.serviceIds();
    const key = `${session.hubUrl}|${session.orgId}|${serviceIds.join(',')}`;
    if (this.loadedFor === key) return;
    if (this.loadedFor !== null) {
      // Another hub, org or filter: what was asked for the last one no longer matters.
      connection.abort();
      this.connection = new AbortController();
    }
    this.loadedFor = key;
    const { signal } = this.connection!;
    const connectId = this.options.connectId();
    if (connectId) {
      session
        .command('booking.byConnectId', { connectId }, { signal })
        .then(({ booking }) => {
          this.booking = booking;
          this.host.requestUpdate();
        })
        .catch((error: unknown) => this.failUnlessAborted(signal, error));
    }
    this.loadServices(session, serviceIds, key, signal);
  }

  private loadServices(session: HubSession, serviceIds: string[], key: string, signal: AbortSignal): void {
    session
      .command('booking.services', serviceIds.length ? { serviceIds } : {}, { signal })
      .then(({ services }) => {
        this.services = services;
        this.host.requestUpdate();
        const missing = serviceIds.filter((id) => !services.some((s) => s.serviceId === id));
        if (missing.length) {
          this.options.onError(
            new TandemError(ErrorCode.notFound, `No published booking service "${missing.join('", "')}".`),
          );
        }
      })
      .catch((error: unknown) => {
        if (signal.aborted) return;
        if (this.loadedFor === key) this.loadedFor = null;
        this.options.onError(error);
      });
  }

  /** The chosen service's free slots; a newer call, a reset or the element leaving aborts this one. */
  private async loadSlots(): Promise<void> {
    const session = this.hub.session;
    const service = this.service;
    if (!session || !service) return;
    this.stopSlots();
    const run = (this.slotsRun = new AbortController());
    const call = ++this.slotsCall;
    this.loadingSlots = true;
    this.host.requestUpdate();
    try {
      const resourceId = this.options.resourceId();
      const { slots } = await session.command(
        'booking.slots',
        {
          serviceId: service.serviceId,
          from: new Date().toISOString(),
          days: DAYS,
          ...(resourceId ? { resourceId } : {}),
        },
        { signal: run.signal },
      );
      if (call === this.slotsCall) this.slots = slots;
    } catch (error) {
      if (call === this.slotsCall && !run.signal.aborted) this.options.onError(error);
    } finally {
      if (call === this.slotsCall) {
        this.slotsRun = null;
        this.loadingSlots = false;
        this.host.requestUpdate();
      }
    }
  }

  private stopSlots(): void {
    this.slotsRun?.abort();
    this.slotsRun = null;
    this.slotsCall++;
    this.loadingSlots = false;
  }

  private failUnlessAborted(signal: AbortSignal, error: unknown): void {
    if (!signal.aborted) this.options.onError(error);
  }
}
