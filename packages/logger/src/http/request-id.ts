import { randomUUID } from 'node:crypto';

/** Characters accepted in an incoming request id; anything else means "generate a new one". */
const REQUEST_ID = /^[A-Za-z0-9._~:+/=-]+$/;

/**
 * Returns `candidate` when it is a usable request id (a single header value of 1..`maxLength`
 * safe characters), else `undefined`. Keeps log injection and unbounded values out of every line.
 */
export function validRequestId(candidate: unknown, maxLength: number): string | undefined {
  const value = Array.isArray(candidate) ? undefined : candidate;
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) return undefined;
  return REQUEST_ID.test(value) ? value : undefined;
}

/** Default generator: a random UUID v4. */
export function generateRequestId(): string {
  return randomUUID();
}
