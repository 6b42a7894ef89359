/**
 * Runtime validation of client → hub frames (protocol version 1).
 *
 * The hub runs every inbound text frame through `parseClientFrame` before any service sees it.
 * The schemas are strict: unknown keys are refused, strings are bounded, so a frame that passes
 * is exactly one of the `ClientFrame` shapes in `src/protocol/frames.ts`. It lives with the hub, not in
 * `src/`, so that valibot and the hub's limits stay out of the browser package.
 */
import * as v from 'valibot';

import { ErrorCode, PROTOCOL_VERSION, TRACKING_TAG_LIMITS } from '../../src/protocol/frames.js';
import type {
  AgentSetStatusFrame,
  AgentSignInFrame,
  AgentSignOutFrame,
  BookingByConnectIdFrame,
  BookingCancelFrame,
  BookingCreateFrame,
  BookingServicesFrame,
  BookingSlotsFrame,
  BookingsListFrame,
  CallAcceptFrame,
  CallCommerceFrame,
  CallHangupFrame,
  CallMediaFrame,
  CallSignalFrame,
  CallTransferFrame,
  ChatAcceptFrame,
  ChatAssignFrame,
  ChatEndFrame,
  ChatHistoryFrame,
  ChatOfflineMessageFrame,
  ChatReadFrame,
  ChatRestoreFrame,
  ChatSendFrame,
  ChatStartFrame,
  ChatTypingFrame,
  ChatVisitorInfoFrame,
  ChatsWatchFrame,
  ClientFrame,
  ClientFrameType,
  HelloFrame,
  PingFrame,
  QueueSubscribeFrame,
  QueueUnsubscribeFrame,
  TicketJoinFrame,
  TicketLeaveFrame,
  TicketResumeFrame,
  TicketUpdateFrame,
  TicketsWatchFrame,
} from '../../src/protocol/frames.js';

/** Largest inbound frame the hub accepts, in bytes of UTF-8. */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Longest command id a client may use. */
export const MAX_ID_LENGTH = 64;

/** Largest chat message text, in characters. */
export const MAX_MESSAGE_LENGTH = 4000;

/** Largest `data` object a visitor may attach, in bytes of its JSON. */
export const MAX_VISITOR_DATA_BYTES = 16 * 1024;

const text = (min: number, max: number) => v.pipe(v.string(), v.minLength(min), v.maxLength(max));

/** Fields every command shares. */
const command = <T extends ClientFrameType>(type: T) => ({
  v: v.literal(PROTOCOL_VERSION),
  type: v.literal(type),
  id: text(1, MAX_ID_LENGTH),
});

// Tokens are opaque to clients; 256 leaves room for longer formats later.
const token = text(1, 256);

const HelloSchema = v.strictObject({
  ...command('hello'),
  visitorToken: v.optional(token),
  agentToken: v.optional(token),
});

const AgentSignInSchema = v.strictObject({
  ...command('agent.signIn'),
  agentId: text(1, 64),
  password: text(1, 256),
});

const AgentSignOutSchema = v.strictObject(command('agent.signOut'));

const AgentSetStatusSchema = v.strictObject({
  ...command('agent.setStatus'),
  status: v.picklist(['online', 'offline', 'busy']),
});

const QueueSubscribeSchema = v.strictObject({
  ...command('queue.subscribe'),
  queue: text(1, 128),
});

const QueueUnsubscribeSchema = v.strictObject({
  ...command('queue.unsubscribe'),
  queueId: text(1, 128),
});

const PingSchema = v.strictObject(command('ping'));

// ---- calls ----

/** Ticket, call, agent and queue ids. */
const entityId = text(1, MAX_ID_LENGTH);

/** Product ids and agent tags: room for SKUs and URLs, not for payloads. */
const MAX_LIST_ITEMS = 50;
const MAX_LIST_ITEM_LENGTH = 200;
const shortList = v.pipe(
  v.array(text(1, MAX_LIST_ITEM_LENGTH)),
  v.maxLength(MAX_LIST_ITEMS, `At most ${MAX_LIST_ITEMS} entries.`),
);

/** Deeper than this is no customer record, and deep nesting is how JSON tools get knocked over. */
const MAX_DATA_DEPTH = 16;

function depthWithin(value: unknown, limit: number): boolean {
  // Iterative, so a hostile nesting cannot exhaust the stack here either.
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return false;
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return true;
}

const utf8 = new TextEncoder();
const bytesOf = (value: string): number => utf8.encode(value).byteLength;

/** What a page attaches for the agent: a JSON object (never an array), small and shallow. */
const visitorData = v.pipe(
  // Checked before `record`, which would take an array and turn it into an object.
  v.custom<Record<string, unknown>>(
    (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
    'Must be an object.',
  ),
  v.record(v.string(), v.unknown()),
  v.check((value) => depthWithin(value, MAX_DATA_DEPTH), `Nested deeper than ${MAX_DATA_DEPTH} levels.`),
  v.check(
    (value) => bytesOf(JSON.stringify(value)) <= MAX_VISITOR_DATA_BYTES,
    `Larger than ${MAX_VISITOR_DATA_BYTES} bytes of JSON.`,
  ),
);

const trackingTag = v.strictObject({
  key: text(1, TRACKING_TAG_LIMITS.maxKeyLength),
  value: v.union([
    v.pipe(
      v.string(),
      v.check(
        (value) => bytesOf(value) <= TRACKING_TAG_LIMITS.maxStringBytes,
        `Strings may be at most ${TRACKING_TAG_LIMITS.maxStringBytes} bytes.`,
      ),
    ),
    v.pipe(v.number(), v.finite()),
    v.boolean(),
  ]),
});

// Duplicate keys pass here; the hub keeps the last one of each key, as the seed (001) says.
const trackingTags = v.pipe(
  v.array(trackingTag),
  v.maxLength(TRACKING_TAG_LIMITS.maxTags, `At most ${TRACKING_TAG_LIMITS.maxTags} tracking tags.`),
);

const TicketJoinSchema = v.strictObject({
  ...command('ticket.join'),
  queue: text(1, 128),
  data: v.optional(visitorData),
  trackingTags: v.optional(trackingTags),
  callAgentId: v.optional(entityId),
  productIds: v.optional(shortList),
  agentTags: v.optional(shortList),
  rejoinTicketId: v.optional(entityId),
});

const TicketLeaveSchema = v.strictObject({ ...command('ticket.leave'), ticketId: entityId });

const TicketResumeSchema = v.strictObject({ ...command('ticket.resume'), ticketId: entityId });

const TicketUpdateSchema = v.strictObject({
  ...command('ticket.update'),
  ticketId: entityId,
  data: v.optional(visitorData),
  trackingTags: v.optional(trackingTags),
});

const TicketsWatchSchema = v.strictObject(command('tickets.watch'));

const CallAcceptSchema = v.strictObject({ ...command('call.accept'), ticketId: v.optional(entityId) });

const CallTransferSchema = v.pipe(
  v.strictObject({
    ...command('call.transfer'),
    callId: entityId,
    agentId: v.optional(entityId),
    queue: v.optional(text(1, 128)),
  }),
  v.check(
    (frame) => (frame.agentId === undefined) !== (frame.queue === undefined),
    'Give exactly one of "agentId" and "queue".',
  ),
);

const CallHangupSchema = v.strictObject({ ...command('call.hangup'), callId: entityId });

/** An SDP of a video call is a few KiB; this leaves room for many codecs and candidates. */
const MAX_SDP_LENGTH = 32 * 1024;
const MAX_CANDIDATE_LENGTH = 1024;

const SignalSchema = v.variant('kind', [
  v.strictObject({
    kind: v.literal('description'),
    description: v.strictObject({
      type: v.picklist(['offer', 'answer']),
      sdp: text(1, MAX_SDP_LENGTH),
    }),
  }),
  v.strictObject({
    kind: v.literal('candidate'),
    candidate: v.nullable(
      v.strictObject({
        // The empty string is how some browsers mark the end of candidates.
        candidate: text(0, MAX_CANDIDATE_LENGTH),
        sdpMid: v.nullable(text(0, 64)),
        sdpMLineIndex: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1023))),
      }),
    ),
  }),
]);

const CallSignalSchema = v.strictObject({
  ...command('call.signal'),
  callId: entityId,
  signal: SignalSchema,
});

const CallMediaSchema = v.strictObject({
  ...command('call.media'),
  callId: entityId,
  audio: v.boolean(),
  video: v.boolean(),
});

// ---- commerce (relayed between the parties of a call, never stored) ----

/** Texts of product data: as long as the page's check lets through (src/protocol/commerce.ts). */
const commerceText = (min: number) => text(min, 4000);
const money = v.pipe(v.number(), v.finite(), v.minValue(0));
const PriceSchema = v.strictObject({
  current: money,
  original: v.optional(v.pipe(v.number(), v.finite())),
  currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/)),
});
const images = v.pipe(v.array(commerceText(0)), v.maxLength(20));
const SizeSchema = v.strictObject({
  sku: commerceText(1),
  label: commerceText(0),
  inStock: v.boolean(),
  stock: v.optional(v.pipe(v.number(), v.finite())),
  price: v.optional(PriceSchema),
});
const ProductSchema = v.strictObject({
  id: entityId,
  name: commerceText(0),
  brand: v.optional(commerceText(0)),
  description: v.optional(commerceText(0)),
  url: v.optional(commerceText(0)),
  images,
  price: PriceSchema,
  variations: v.pipe(
    v.array(
      v.strictObject({
        name: commerceText(0),
        images,
        sizes: v.pipe(v.array(SizeSchema), v.maxLength(100)),
      }),
    ),
    v.maxLength(50),
  ),
});
const ProductRefSchema = v.strictObject({
  ref: commerceText(1),
  type: v.picklist(['url', 'product-reference', 'scanned-code']),
  id: entityId,
});
const quantity = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(9999));
const CommerceMessageSchema = v.variant('kind', [
  v.strictObject({
    kind: v.literal('products.request'),
    refs: v.pipe(v.array(ProductRefSchema), v.minLength(1), v.maxLength(MAX_LIST_ITEMS)),
  }),
  v.strictObject({ kind: v.literal('search.request'), requestId: entityId, query: text(1, 500) }),
  v.strictObject({
    kind: v.literal('cart.add'),
    requestId: entityId,
    sku: commerceText(1),
    productId: v.nullable(entityId),
  }),
  v.strictObject({ kind: v.literal('cart.update'), requestId: entityId, sku: commerceText(1), quantity }),
  v.strictObject({ kind: v.literal('product.show'), product: v.nullable(ProductSchema) }),
  v.strictObject({ kind: v.literal('navigate'), url: text(1, 2048) }),
  v.strictObject({ kind: v.literal('product'), product: ProductSchema }),
  v.strictObject({
    kind: v.literal('product.invalid'),
    id: entityId,
    problems: v.pipe(v.array(text(1, 500)), v.maxLength(50)),
  }),
  v.strictObject({
    kind: v.literal('search.reply'),
    requestId: entityId,
    results: v.pipe(v.array(v.union([ProductSchema, ProductRefSchema])), v.maxLength(MAX_LIST_ITEMS)),
    error: v.optional(text(0, 500)),
  }),
  v.strictObject({
    kind: v.literal('cart.reply'),
    requestId: entityId,
    ok: v.boolean(),
    failure: v.optional(v.picklist(['refused', 'timeout', 'error', 'disabled'])),
    message: v.optional(text(0, 500)),
  }),
  v.strictObject({
    kind: v.literal('cart'),
    lines: v.pipe(
      v.array(
        v.strictObject({
          sku: commerceText(1),
          quantity,
          productId: v.nullable(entityId),
          name: commerceText(0),
          price: v.nullable(PriceSchema),
        }),
      ),
      v.maxLength(100),
    ),
  }),
  v.strictObject({ kind: v.literal('page'), url: text(1, 2048), title: text(0, 500) }),
  v.strictObject({ kind: v.literal('checkout') }),
  v.strictObject({ kind: v.literal('settings'), coBrowsing: v.boolean(), scanning: v.boolean() }),
]);

const CallCommerceSchema = v.strictObject({
  ...command('call.commerce'),
  callId: entityId,
  message: CommerceMessageSchema,
});

// ---- chat ----

/** Scopes are widget names (mluvii's `scope`); the empty string is the default scope. */
const scope = text(0, 128);

/** Sequence numbers: never negative, always whole. */
const seq = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));

/** Bounds only: the hub's visitor-info service checks the e-mail and phone shapes. */
const VisitorInfoSchema = v.strictObject({
  name: v.optional(text(0, 200)),
  email: v.optional(text(0, 254)),
  phone: v.optional(text(0, 32)),
  notes: v.optional(text(0, 2000)),
});

const ChatStartSchema = v.strictObject({
  ...command('chat.start'),
  queue: text(1, 128),
  scope,
  visitorInfo: v.optional(VisitorInfoSchema),
  preset: v.optional(text(0, 128)),
  locale: v.optional(text(0, 35)),
});

const ChatRestoreSchema = v.strictObject({ ...command('chat.restore'), scope });

const ChatSendSchema = v.strictObject({
  ...command('chat.send'),
  conversationId: entityId,
  messageId: entityId,
  text: text(1, MAX_MESSAGE_LENGTH),
});

const ChatHistorySchema = v.strictObject({
  ...command('chat.history'),
  conversationId: entityId,
  afterSeq: seq,
});

const ChatTypingSchema = v.strictObject({
  ...command('chat.typing'),
  conversationId: entityId,
  typing: v.boolean(),
});

const ChatReadSchema = v.strictObject({ ...command('chat.read'), conversationId: entityId, seq });

const ChatVisitorInfoSchema = v.strictObject({
  ...command('chat.visitorInfo'),
  conversationId: entityId,
  visitorInfo: VisitorInfoSchema,
});

const ChatEndSchema = v.strictObject({ ...command('chat.end'), conversationId: entityId });

const ChatOfflineMessageSchema = v.strictObject({
  ...command('chat.offlineMessage'),
  queue: text(1, 128),
  scope,
  name: text(1, 200),
  email: text(1, 254),
  text: text(1, MAX_MESSAGE_LENGTH),
});

const ChatsWatchSchema = v.strictObject(command('chats.watch'));

const ChatAcceptSchema = v.strictObject({ ...command('chat.accept'), conversationId: v.optional(entityId) });

const ChatAssignSchema = v.strictObject({
  ...command('chat.assign'),
  conversationId: entityId,
  agentId: entityId,
});

// ---- bookings ----

/** The longest window of free slots one `booking.slots` may ask for (booking.ts: at most 31 days). */
const MAX_BOOKING_DAYS = 31;

/** Date, time and offset (`Z` or `±hh:mm`): an instant, never a wall-clock time in some zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const instant = v.pipe(
  text(1, 40),
  v.regex(ISO_INSTANT, 'Must be an ISO 8601 instant with its offset, e.g. 2027-03-01T09:00:00Z.'),
  v.check((value) => Number.isFinite(Date.parse(value)), 'Must be a real date and time.'),
);

const BookingServicesSchema = v.strictObject({
  ...command('booking.services'),
  serviceIds: v.optional(
    v.pipe(v.array(entityId), v.maxLength(MAX_LIST_ITEMS, `At most ${MAX_LIST_ITEMS} entries.`)),
  ),
});

const BookingSlotsSchema = v.strictObject({
  ...command('booking.slots'),
  serviceId: entityId,
  from: instant,
  days: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(1),
    v.maxValue(MAX_BOOKING_DAYS, `At most ${MAX_BOOKING_DAYS} days.`),
  ),
  resourceId: v.optional(entityId),
});

/** Bounds only: the hub's booking service checks the name, e-mail and phone, and says which is wrong. */
const BookingVisitorSchema = v.strictObject({
  name: text(0, 200),
  email: text(0, 254),
  phone: text(0, 32),
});

const BookingCreateSchema = v.strictObject({
  ...command('booking.create'),
  serviceId: entityId,
  start: instant,
  agentId: entityId,
  visitor: BookingVisitorSchema,
  // IANA names are short ("America/Argentina/ComodRivadavia" is among the longest); the hub checks it.
  timeZone: text(1, 64),
});

const BookingByConnectIdSchema = v.strictObject({
  ...command('booking.byConnectId'),
  connectId: text(1, 128),
});

const BookingsListSchema = v.strictObject(command('bookings.list'));

const BookingCancelSchema = v.strictObject({ ...command('booking.cancel'), bookingId: entityId });

type FrameOf<T extends ClientFrameType> = Extract<ClientFrame, { type: T }>;

/** One schema per frame type; the annotation makes each schema's output a valid frame. */
const schemas: { [T in ClientFrameType]: v.GenericSchema<unknown, FrameOf<T>> } = {
  hello: HelloSchema,
  'agent.signIn': AgentSignInSchema,
  'agent.signOut': AgentSignOutSchema,
  'agent.setStatus': AgentSetStatusSchema,
  'queue.subscribe': QueueSubscribeSchema,
  'queue.unsubscribe': QueueUnsubscribeSchema,
  ping: PingSchema,
  'ticket.join': TicketJoinSchema,
  'ticket.leave': TicketLeaveSchema,
  'ticket.resume': TicketResumeSchema,
  'ticket.update': TicketUpdateSchema,
  'tickets.watch': TicketsWatchSchema,
  'call.accept': CallAcceptSchema,
  'call.transfer': CallTransferSchema,
  'call.hangup': CallHangupSchema,
  'call.signal': CallSignalSchema,
  'call.media': CallMediaSchema,
  'call.commerce': CallCommerceSchema,
  'chat.start': ChatStartSchema,
  'chat.restore': ChatRestoreSchema,
  'chat.send': ChatSendSchema,
  'chat.history': ChatHistorySchema,
  'chat.typing': ChatTypingSchema,
  'chat.read': ChatReadSchema,
  'chat.visitorInfo': ChatVisitorInfoSchema,
  'chat.end': ChatEndSchema,
  'chat.offlineMessage': ChatOfflineMessageSchema,
  'chats.watch': ChatsWatchSchema,
  'chat.accept': ChatAcceptSchema,
  'chat.assign': ChatAssignSchema,
  'booking.services': BookingServicesSchema,
  'booking.slots': BookingSlotsSchema,
  'booking.create': BookingCreateSchema,
  'booking.byConnectId': BookingByConnectIdSchema,
  'bookings.list': BookingsListSchema,
  'booking.cancel': BookingCancelSchema,
};

// Compile-time proof that schemas and the hand-written types in frames.ts describe the same
// shapes in both directions, so an optional field added to a type cannot be forgotten here
// (a strict schema would refuse it at runtime).
type Same<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? true
        : false
      : false
    : false
  : false;
type Expect<T extends true> = T;
/** Fails to compile when a schema drifts from its frame type. */
export type SchemasMatchFrames = [
  Expect<Same<v.InferOutput<typeof HelloSchema>, HelloFrame>>,
  Expect<Same<v.InferOutput<typeof AgentSignInSchema>, AgentSignInFrame>>,
  Expect<Same<v.InferOutput<typeof AgentSignOutSchema>, AgentSignOutFrame>>,
  Expect<Same<v.InferOutput<typeof AgentSetStatusSchema>, AgentSetStatusFrame>>,
  Expect<Same<v.InferOutput<typeof QueueSubscribeSchema>, QueueSubscribeFrame>>,
  Expect<Same<v.InferOutput<typeof QueueUnsubscribeSchema>, QueueUnsubscribeFrame>>,
  Expect<Same<v.InferOutput<typeof PingSchema>, PingFrame>>,
  Expect<Same<v.InferOutput<typeof TicketJoinSchema>, TicketJoinFrame>>,
  Expect<Same<v.InferOutput<typeof TicketLeaveSchema>, TicketLeaveFrame>>,
  Expect<Same<v.InferOutput<typeof TicketResumeSchema>, TicketResumeFrame>>,
  Expect<Same<v.InferOutput<typeof TicketUpdateSchema>, TicketUpdateFrame>>,
  Expect<Same<v.InferOutput<typeof TicketsWatchSchema>, TicketsWatchFrame>>,
  Expect<Same<v.InferOutput<typeof CallAcceptSchema>, CallAcceptFrame>>,
  Expect<Same<v.InferOutput<typeof CallTransferSchema>, CallTransferFrame>>,
  Expect<Same<v.InferOutput<typeof CallHangupSchema>, CallHangupFrame>>,
  Expect<Same<v.InferOutput<typeof CallSignalSchema>, CallSignalFrame>>,
  Expect<Same<v.InferOutput<typeof CallMediaSchema>, CallMediaFrame>>,
  Expect<Same<v.InferOutput<typeof CallCommerceSchema>, CallCommerceFrame>>,
  Expect<Same<v.InferOutput<typeof ChatStartSchema>, ChatStartFrame>>,
  Expect<Same<v.InferOutput<typeof ChatRestoreSchema>, ChatRestoreFrame>>,
  Expect<Same<v.InferOutput<typeof ChatSendSchema>, ChatSendFrame>>,
  Expect<Same<v.InferOutput<typeof ChatHistorySchema>, ChatHistoryFrame>>,
  Expect<Same<v.InferOutput<typeof ChatTypingSchema>, ChatTypingFrame>>,
  Expect<Same<v.InferOutput<typeof ChatReadSchema>, ChatReadFrame>>,
  Expect<Same<v.InferOutput<typeof ChatVisitorInfoSchema>, ChatVisitorInfoFrame>>,
  Expect<Same<v.InferOutput<typeof ChatEndSchema>, ChatEndFrame>>,
  Expect<Same<v.InferOutput<typeof ChatOfflineMessageSchema>, ChatOfflineMessageFrame>>,
  Expect<Same<v.InferOutput<typeof ChatsWatchSchema>, ChatsWatchFrame>>,
  Expect<Same<v.InferOutput<typeof ChatAcceptSchema>, ChatAcceptFrame>>,
  Expect<Same<v.InferOutput<typeof ChatAssignSchema>, ChatAssignFrame>>,
  Expect<Same<v.InferOutput<typeof BookingServicesSchema>, BookingServicesFrame>>,
  Expect<Same<v.InferOutput<typeof BookingSlotsSchema>, BookingSlotsFrame>>,
  Expect<Same<v.InferOutput<typeof BookingCreateSchema>, BookingCreateFrame>>,
  Expect<Same<v.InferOutput<typeof BookingByConnectIdSchema>, BookingByConnectIdFrame>>,
  Expect<Same<v.InferOutput<typeof BookingsListSchema>, BookingsListFrame>>,
  Expect<Same<v.InferOutput<typeof BookingCancelSchema>, BookingCancelFrame>>,
];

export type ParseResult =
  { ok: true; frame: ClientFrame } | { ok: false; code: ErrorCode; message: string; re?: string };

function isFrameType(type: string): type is ClientFrameType {
  return Object.hasOwn(schemas, type);
}

function fail(code: ErrorCode, message: string, re: string | undefined): ParseResult {
  return re === undefined ? { ok: false, code, message } : { ok: false, code, message, re };
}

/** Keeps error messages short whatever the client sent. */
function clip(value: string, max = 80): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/**
 * Parses and validates one inbound text frame. Never throws: every failure comes back as an
 * error code and message, with `re` set when a command id could be read.
 */
/** Far deeper than any valid frame (visitor data may nest 16; product data 6), shallow enough for any walker. */
export const MAX_FRAME_DEPTH = 64;

/** Whether the JSON text's arrays and objects nest deeper than `limit` (strings skipped; one pass). */
function nestedDeeperThan(text: string, limit: number): boolean {
  // Nesting never exceeds the number of opening brackets: a usual frame has a few, counted by the
  // engine's own search rather than a JavaScript loop over every character.
  let opening = 0;
  for (const bracket of ['{', '['])
    for (let i = text.indexOf(bracket); i !== -1 && opening <= limit; i = text.indexOf(bracket, i + 1))
      opening++;
  if (opening <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

export function parseClientFrame(text: string): ParseResult {
  // Characters never outnumber UTF-8 bytes, so this catches oversize frames cheaply even when the
  // caller did not measure bytes.
  if (text.length > MAX_FRAME_BYTES) {
    return fail(ErrorCode.frameTooLarge, `Frames may be at most ${MAX_FRAME_BYTES} bytes.`, undefined);
  }
  // Before parsing: a frame nested thousands deep would knock over whatever walks it next.
  if (nestedDeeperThan(text, MAX_FRAME_DEPTH)) {
    return fail(ErrorCode.badFrame, `Frames may nest at most ${MAX_FRAME_DEPTH} levels deep.`, undefined);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail(ErrorCode.badFrame, 'Frame is not valid JSON.', undefined);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(ErrorCode.badFrame, 'Frame must be a JSON object.', undefined);
  }
  const record = data as Record<string, unknown>;
  const id = record['id'];
  const re = typeof id === 'string' && id.length >= 1 && id.length <= MAX_ID_LENGTH ? id : undefined;

  const version = record['v'];
  if (version === undefined) {
    return fail(ErrorCode.badFrame, `Frame needs "v": ${PROTOCOL_VERSION}.`, re);
  }
  if (version !== PROTOCOL_VERSION) {
    return fail(
      ErrorCode.unsupportedVersion,
      `Protocol version ${clip(JSON.stringify(version) ?? String(version))} is not supported; this hub speaks ${PROTOCOL_VERSION}.`,
      re,
    );
  }
  const type = record['type'];
  if (typeof type !== 'string') {
    return fail(ErrorCode.badFrame, 'Frame needs a string "type".', re);
  }
  if (!isFrameType(type)) {
    return fail(ErrorCode.unknownType, `Unknown frame type "${clip(type)}".`, re);
  }
  const result = v.safeParse(schemas[type], data, { abortEarly: true });
  if (!result.success) {
    const issue = result.issues[0];
    const path = v.getDotPath(issue);
    return fail(
      ErrorCode.badFrame,
      clip(`Bad "${type}" frame${path ? ` at "${path}"` : ''}: ${issue.message}`, 200),
      re,
    );
  }
  return { ok: true, frame: result.output };
}
