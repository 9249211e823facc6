import type { RetryReason } from '../metric-names.js';

// RFC 9110 idempotent methods; anything else (POST, PATCH, custom) may change state twice.
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method);
}

/** The retry reason for a status, or `null` when the status is not retried (other 4xx). */
export function retryReasonForStatus(status: number): RetryReason | null {
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'request_timeout';
  if (status >= 500 && status <= 599) return 'server_error';
  return null;
}

// Connection-level failures where the request provably never reached the upstream, so even
// a POST can be sent again.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export function provablyNotSent(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Backoff ceiling of the n-th retry (1-based): baseMs · 2^(n−1), at most maxMs. */
export function backoffCeiling(retry: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(retry - 1, 0), 52));
}

/**
 * Full-jitter exponential backoff: a uniform delay in [0, ceiling) for the n-th retry, so a
 * fleet retrying together spreads out.
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number) {
  const r = random();
  const unit = Number.isFinite(r) && r >= 0 && r < 1 ? r : 0.5;
  return Math.floor(unit * backoffCeiling(retry, baseMs, maxMs));
}
