/**
 * Connect ids: the secret in a booked meeting's link (`?bambuserConnectId=`). Whoever holds the
 * link may see and join the meeting, so it is as unguessable as a token: 24 random bytes, which
 * are 32 base64url characters.
 */
import { randomBytes } from 'node:crypto';

export function newConnectId(): string {
  return randomBytes(24).toString('base64url');
}
