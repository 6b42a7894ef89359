import { ErrorCode, TRACKING_TAG_LIMITS, type TrackingTag } from '../protocol/frames.js';
import { TandemError } from '../errors.js';

const utf8 = new TextEncoder();

/**
 * Checks tracking tags against the seed's constraints (at most 20, string keys, string / number /
 * boolean values, strings up to 1 KB) and applies its rule for duplicate keys: the last one wins.
 * Throws a TandemError (`invalid-argument`) naming the first violation; nothing is half-applied.
 */
export function validateTrackingTags(tags: unknown): TrackingTag[] {
  const fail = (message: string): never => {
    throw new TandemError(ErrorCode.invalidArgument, `Tracking tags: ${message}`);
  };
  if (!Array.isArray(tags)) fail('expected an array of {key, value} objects.');
  const byKey = new Map<string, TrackingTag>();
  (tags as unknown[]).forEach((tag, i) => {
    if (typeof tag !== 'object' || tag === null) return fail(`item ${i} is not a {key, value} object.`);
    const { key, value } = tag as Record<string, unknown>;
    if (typeof key !== 'string' || key.length === 0) return fail(`item ${i} has no string key.`);
    if (key.length > TRACKING_TAG_LIMITS.maxKeyLength) {
      return fail(`the key of item ${i} is longer than ${TRACKING_TAG_LIMITS.maxKeyLength} characters.`);
    }
    if (typeof value === 'string') {
      if (utf8.encode(value).length > TRACKING_TAG_LIMITS.maxStringBytes) {
        return fail(`the value of "${key}" is longer than 1 KB.`);
      }
    } else if (!(typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) {
      return fail(`the value of "${key}" must be a string, a finite number or a boolean.`);
    }
    byKey.delete(key); // Last one wins, and keeps its own position.
    byKey.set(key, { key, value: value as TrackingTag['value'] });
  });
  if (byKey.size > TRACKING_TAG_LIMITS.maxTags) {
    fail(`at most ${TRACKING_TAG_LIMITS.maxTags} tags are allowed; got ${byKey.size}.`);
  }
  return [...byKey.values()];
}
