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
 * the caller still gets the body. Reads at most `maxBytes`; never throws.
 */
export async function readRetryStrategy(
  response: Response,
  maxBytes: number,
): Promise<RetryStrategy | null> {
  try {
    if (response.body === null || !/json/i.test(response.headers.get('content-type') ?? '')) {
      return null;
    }
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes) return null;
    const reader = response.clone().body?.getReader();
    if (reader === undefined) return null;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        // Not awaited: a tee branch's cancel settles only once the other branch is cancelled.
        reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
    return pick(JSON.parse(Buffer.concat(chunks).toString('utf8')));
  } catch {
    return null;
  }
}
