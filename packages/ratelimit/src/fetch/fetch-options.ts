import type { Meter } from '@opentelemetry/api';
import type { RateLimitError } from '../errors.js';
import type { RateLimitLogger } from '../logger.js';
import type { GiveUpReason } from '../metric-names.js';
import type { RateLimitStore } from '../store/rate-limit-store.js';
import type { RateOption } from '../store/sliding-window.js';
import type { RateLimitTracker } from '../tracker/tracker.js';
import type { RetryBudgetOption } from './retry-budget.js';
import type { Sleep } from './sleep.js';

/** The `fetch` signature wrapped and returned. */
export type FetchFunction = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>;

/** Handed to `onGiveUp` for every call that failed for good (a dead-letter queue's input). */
export interface GiveUpEvent {
  readonly upstream: string;
  readonly method: string;
  /** The request URL (may hold query secrets: it is never logged by this package). */
  readonly url: string;
  readonly attempts: number;
  readonly reason: GiveUpReason;
  /** The error the call rejects with. */
  readonly error: RateLimitError;
}

/** Options of {@link createRateLimitedFetch}; only `upstream` is required. */
export interface RateLimitedFetchOptions {
  /** Name of the upstream API: the `upstream` metric attribute and the tracker key. */
  readonly upstream: string;
  /**
   * The `fetch` to wrap (e.g. an instrumented one).
   * @default globalThis.fetch
   */
  readonly fetch?: FetchFunction | undefined;
  /**
   * Budget state, shared pauses and metrics; share one between wrappers of the same upstream.
   * @default createRateLimitTracker({ meter, logger, now })
   */
  readonly tracker?: RateLimitTracker | undefined;
  /**
   * Meter for the tracker created when `tracker` is not given.
   * @default metrics.getMeter('@preflight/ratelimit') of the global provider, at recording time
   */
  readonly meter?: Meter | undefined;
  /**
   * pino-style logger: one `warn` per retry and per give-up (no URLs, no bodies).
   * @default undefined
   */
  readonly logger?: RateLimitLogger | undefined;
  /**
   * Names the bucket a request draws from, as the upstream reports it (e.g. GitHub's
   * `x-ratelimit-resource`: `core`, `search`). A request then waits only for its bucket's 429
   * pause and budget; a 429 that names no bucket still holds every request.
   * @default undefined (every request waits for every bucket of the upstream)
   */
  readonly bucket?:
    | ((request: { readonly url: string; readonly method: string }) => string | undefined)
    | undefined;
  /**
   * Client-side rate: at most `requests` sends in any `perMs` window, e.g. 100 per 60 000.
   * @default null (no client-side limit)
   */
  readonly rate?: RateOption | null | undefined;
  /**
   * Where admission under `rate` happens, and (for the tracker created when `tracker` is
   * absent) where budgets and 429 pauses are shared. Pass `createRedisRateLimitStore` from
   * `@preflight/ratelimit-redis` to hold a whole fleet to one `rate`; when you pass your own
   * `tracker`, create it with the same store.
   * @default createMemoryRateLimitStore() (this wrapper alone, in this process)
   */
  readonly store?: RateLimitStore | undefined;
  /**
   * Pace sends from observed headers: wait for the reset when a bucket is at 0 remaining, and
   * spread the rest of a low bucket (below the tracker's low watermark) over its window.
   * @default true
   */
  readonly pace?: boolean | undefined;
  /**
   * Attempts per call, the first included.
   * @default 3
   */
  readonly maxAttempts?: number | undefined;
  /**
   * Backoff ceiling of the first retry; doubles per retry (2 s, 4 s, 8 s, 16 s), full jitter.
   * @default 2000
   */
  readonly backoffBaseMs?: number | undefined;
  /**
   * Largest backoff ceiling.
   * @default 30000
   */
  readonly backoffMaxMs?: number | undefined;
  /**
   * Timeout of each attempt (until the response headers), via `AbortSignal`.
   * @default 30000
   */
  readonly attemptTimeoutMs?: number | undefined;
  /**
   * Longest wait honoured for `Retry-After` or an exhausted budget's reset; beyond it the call
   * fails with `RetryAfterTooLongError` instead of retrying early.
   * @default 60000
   */
  readonly maxWaitMs?: number | undefined;
  /**
   * Longest pause recorded after a 429 whose `Retry-After` exceeds `maxWaitMs`: the call fails
   * with `RetryAfterTooLongError`, and every call to the upstream (or its bucket) made during
   * the pause fails the same way at once, without a request, carrying the remaining `waitMs`.
   * @default 86400000 (24 h)
   */
  readonly maxPauseMs?: number | undefined;
  /**
   * Most calls waiting in the wrapper at once (client-side rate, pacing, a 429 pause); a call
   * beyond it fails at once with `QueueFullError` (`reason: 'full'`), sending nothing.
   * @default 1000
   */
  readonly maxQueued?: number | undefined;
  /**
   * Longest wait for a turn under the client-side `rate`; a call whose turn is further away
   * fails at once with `QueueFullError` (`reason: 'wait'`, `retryAfterMs` until a turn).
   * @default 30000
   */
  readonly maxQueueWaitMs?: number | undefined;
  /**
   * Token bucket of retries (429 retries excepted: `Retry-After` and the shared pause pace
   * those): each call earns `ratio` retries, `minPerSecond` always flow, at most `burst` saved.
   * When it is empty a retryable failure ends the call with `RetriesExhaustedError`
   * (give-up reason `retry_budget`). `false` switches it off.
   * @default { ratio: 0.2, minPerSecond: 1, burst: 10 }
   */
  readonly retryBudget?: RetryBudgetOption | false | undefined;
  /**
   * Adds an `Idempotency-Key` (a random UUID, or the function's result) to POST/PATCH and
   * other non-idempotent requests that lack one, so they become safe to retry.
   * @default false
   */
  readonly idempotencyKey?: boolean | (() => string) | undefined;
  /**
   * Header that carries the idempotency key.
   * @default 'Idempotency-Key'
   */
  readonly idempotencyKeyHeader?: string | undefined;
  /**
   * Largest JSON error body read for `retry_strategy`.
   * @default 65536
   */
  readonly maxErrorBodyBytes?: number | undefined;
  /**
   * Called once per call that failed for good; errors it throws or rejects with are logged.
   * @default undefined
   */
  readonly onGiveUp?: ((event: GiveUpEvent) => void | Promise<void>) | undefined;
  /**
   * Clock in epoch ms (used for the tracker too when `tracker` is not given).
   * @default tracker.now, else Date.now
   */
  readonly now?: (() => number) | undefined;
  /**
   * Timer used for every wait and for the attempt timeout.
   * @default setTimeout, chunked below 2^31 − 1 ms
   */
  readonly sleep?: Sleep | undefined;
  /**
   * Source of jitter in [0, 1).
   * @default Math.random
   */
  readonly random?: (() => number) | undefined;
}
