/**
 * Runtime validation of client → hub frames (protocol version 1).
 *
 * The hub runs every inbound text frame through `parseClientFrame` before any service sees it.
 * The schemas are strict: unknown keys are refused, strings are bounded, so a frame that passes
 * is exactly one of the `ClientFrame` shapes in `frames.ts`. Only the hub imports this module,
 * which keeps valibot out of the browser bundle.
 */
import * as v from 'valibot';

import { ErrorCode, MAX_FRAME_BYTES, PROTOCOL_VERSION } from './frames.js';
import type {
  AgentSetStatusFrame,
  AgentSignInFrame,
  AgentSignOutFrame,
  ClientFrame,
  ClientFrameType,
  HelloFrame,
  PingFrame,
  QueueSubscribeFrame,
  QueueUnsubscribeFrame,
} from './frames.js';

/** Longest command id a client may use. */
export const MAX_ID_LENGTH = 64;

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
export function parseClientFrame(text: string): ParseResult {
  // Characters never outnumber UTF-8 bytes, so this catches oversize frames cheaply even when the
  // caller did not measure bytes.
  if (text.length > MAX_FRAME_BYTES) {
    return fail(ErrorCode.frameTooLarge, `Frames may be at most ${MAX_FRAME_BYTES} bytes.`, undefined);
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
