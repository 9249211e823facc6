import type { Response } from 'express';
import type { RateLimitDialect } from './partner-faults.js';

/** A fixed-window budget, the way most partner APIs count requests per key. */
export interface RateWindow {
  /** Counts one call; `allowed` is false once the window's budget is spent. */
  take(limit: number): RateSnapshot & { readonly allowed: boolean };
  /** The budget now, without counting a call. */
  peek(limit: number): RateSnapshot;
}

/** Budget figures written into the rate-limit headers. */
export interface RateSnapshot {
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the window resets (≥ 1). */
  readonly resetSeconds: number;
  /** Epoch seconds at which the window resets. */
  readonly resetEpochSeconds: number;
}

/** Creates a fixed window of `windowSeconds` driven by the injected clock. */
export function createRateWindow(windowSeconds: number, now: () => number): RateWindow {
  const windowMs = windowSeconds * 1000;
  let start = now();
  let used = 0;
  const roll = (): void => {
    const t = now();
    if (t - start >= windowMs) {
      start = t - ((t - start) % windowMs);
      used = 0;
    }
  };
  const snapshot = (limit: number): RateSnapshot => {
    const resetAt = start + windowMs;
    return {
      limit,
      remaining: Math.max(0, limit - used),
      resetSeconds: Math.max(1, Math.ceil((resetAt - now()) / 1000)),
      resetEpochSeconds: Math.ceil(resetAt / 1000),
    };
  };
  return {
    take(limit) {
      roll();
      const allowed = used < limit;
      if (allowed) used += 1;
      return { ...snapshot(limit), allowed };
    },
    peek(limit) {
      roll();
      return snapshot(limit);
    },
  };
}

/**
 * Writes the budget in the chosen dialect: `X-RateLimit-Limit/Remaining/Reset` (reset as epoch
 * seconds, like GitHub) or the IETF draft-11 `RateLimit` / `RateLimit-Policy` structured fields.
 */
export function setRateLimitHeaders(
  res: Response,
  snap: RateSnapshot,
  dialect: RateLimitDialect,
  windowSeconds: number,
): void {
  if (dialect === 'ietf') {
    res.setHeader('RateLimit-Policy', `"default";q=${snap.limit};w=${windowSeconds}`);
    res.setHeader('RateLimit', `"default";r=${snap.remaining};t=${snap.resetSeconds}`);
    return;
  }
  res.setHeader('X-RateLimit-Limit', String(snap.limit));
  res.setHeader('X-RateLimit-Remaining', String(snap.remaining));
  res.setHeader('X-RateLimit-Reset', String(snap.resetEpochSeconds));
}
