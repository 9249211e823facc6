import { readJsonBody } from '@preflight/express-route';
import type { RetryStrategy } from '../errors.js';

const STRATEGIES: ReadonlySet<string> = new Set([
  'no_retry',
  'fix_request',
  'backoff',
  'contact_support',
]);

function pick(body: unknown): RetryStrategy | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const nested = record.error;
  const value =
    record.retry_strategy ??
    (typeof nested === 'object' && nested !== null
      ? (nested as Record<string, unknown>).retry_strategy
      : undefined);
  return typeof value === 'string' && STRATEGIES.has(value) ? (value as RetryStrategy) : null;
}

/**
 * `retry_strategy` from a JSON error body (top level or under `error`), read from a clone so
 * the caller still gets the body. Reads at most `maxBytes`; never throws. The read is the one
 * `@preflight/express-route` keeps per Response, so `instrumentFetch` inside this fetch looking
 * for the error code of the same answer does not read and parse the body a second time.
 */
export async function readRetryStrategy(
  response: Response,
  maxBytes: number,
): Promise<RetryStrategy | null> {
  return pick(await readJsonBody(response, maxBytes));
}
