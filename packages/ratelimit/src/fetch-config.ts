import type { Meter } from '@opentelemetry/api';
import { RateLimitConfigError, type RateLimitError } from './errors.js';
import type { RateLimitLogger } from './logger.js';
import type { GiveUpReason } from './metric-names.js';
import { realSleep, type Sleep } from './sleep.js';
import type { RateOption } from './sliding-window.js';
import { createRateLimitTracker, type RateLimitTracker } from './tracker.js';
import {
  checkFunction,
  checkKnownKeys,
  checkMethods,
  checkNumber,
  checkOptionsObject,
  describe,
} from './validate.js';

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
   * @default undefined
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

export interface FetchConfig {
  readonly upstream: string;
  readonly fetch: FetchFunction;
  readonly tracker: RateLimitTracker;
  readonly logger: RateLimitLogger | undefined;
  readonly bucket:
    | ((request: { readonly url: string; readonly method: string }) => string | undefined)
    | undefined;
  readonly rate: RateOption | null;
  readonly pace: boolean;
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly attemptTimeoutMs: number;
  readonly maxWaitMs: number;
  readonly idempotencyKey: (() => string) | null;
  readonly idempotencyKeyHeader: string;
  readonly maxErrorBodyBytes: number;
  readonly onGiveUp: ((event: GiveUpEvent) => void | Promise<void>) | undefined;
  readonly now: () => number;
  readonly sleep: Sleep;
  readonly random: () => number;
}

const DEFAULTS = {
  rate: null,
  pace: true,
  maxAttempts: 3,
  backoffBaseMs: 2000,
  backoffMaxMs: 30_000,
  attemptTimeoutMs: 30_000,
  maxWaitMs: 60_000,
  idempotencyKeyHeader: 'Idempotency-Key',
  maxErrorBodyBytes: 65_536,
  sleep: realSleep,
  random: Math.random,
} as const;

const KNOWN = [
  'upstream',
  'fetch',
  'tracker',
  'meter',
  'logger',
  'bucket',
  'rate',
  'pace',
  'maxAttempts',
  'backoffBaseMs',
  'backoffMaxMs',
  'attemptTimeoutMs',
  'maxWaitMs',
  'idempotencyKey',
  'idempotencyKeyHeader',
  'maxErrorBodyBytes',
  'onGiveUp',
  'now',
  'sleep',
  'random',
];
const DAY_MS = 86_400_000;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function resolveRate(rate: unknown): RateOption | null {
  if (rate === null || rate === undefined) return null;
  if (typeof rate !== 'object') {
    throw new RateLimitConfigError(
      'rate',
      `must be { requests, perMs } or null, got ${describe(rate)}`,
    );
  }
  const { requests, perMs } = rate as Partial<RateOption>;
  return {
    requests: checkNumber('rate.requests', requests, { min: 1, max: 1_000_000, integer: true }),
    perMs: checkNumber('rate.perMs', perMs, { min: 1, max: DAY_MS, integer: true }),
  };
}

function resolveKey(value: unknown): (() => string) | null {
  if (value === undefined || value === false) return null;
  if (value === true) return () => crypto.randomUUID();
  if (typeof value === 'function') return value as () => string;
  throw new RateLimitConfigError(
    'idempotencyKey',
    `must be true, false or a function returning a key, got ${describe(value)}`,
  );
}

/** Validates `createRateLimitedFetch` options and fills in the defaults. */
export function resolveFetchConfig(options: RateLimitedFetchOptions): FetchConfig {
  if (typeof options !== 'object' || options === null) {
    throw new RateLimitConfigError('options', 'must be an object with at least `upstream`');
  }
  checkOptionsObject('options', options);
  checkKnownKeys('options', options, KNOWN);
  const { upstream } = options;
  if (typeof upstream !== 'string' || upstream.length === 0 || upstream.length > 128) {
    throw new RateLimitConfigError(
      'upstream',
      `must be a name of 1 to 128 characters, got ${describe(upstream)}`,
    );
  }
  const fetchFn = options.fetch ?? globalThis.fetch;
  const logger =
    options.logger === undefined
      ? undefined
      : checkMethods<RateLimitLogger>('logger', options.logger, ['warn']);
  const now =
    options.now === undefined ? undefined : checkFunction<() => number>('now', options.now);
  const tracker =
    options.tracker === undefined
      ? createRateLimitTracker({ meter: options.meter, logger, now })
      : checkMethods<RateLimitTracker>('tracker', options.tracker, [
          'observe',
          'state',
          'pause',
          'pausedUntil',
          'recordRetry',
          'recordGiveUp',
          'now',
        ]);
  const header = options.idempotencyKeyHeader ?? DEFAULTS.idempotencyKeyHeader;
  if (typeof header !== 'string' || !HEADER_NAME.test(header)) {
    throw new RateLimitConfigError(
      'idempotencyKeyHeader',
      `must be a header name, got ${describe(header)}`,
    );
  }
  const backoffBaseMs = checkNumber(
    'backoffBaseMs',
    options.backoffBaseMs ?? DEFAULTS.backoffBaseMs,
    { min: 0, max: DAY_MS },
  );
  return {
    upstream,
    fetch: checkFunction<FetchFunction>('fetch', fetchFn),
    tracker,
    logger,
    bucket: options.bucket === undefined ? undefined : checkFunction('bucket', options.bucket),
    rate: resolveRate(options.rate ?? DEFAULTS.rate),
    pace: checkBoolean('pace', options.pace ?? DEFAULTS.pace),
    maxAttempts: checkNumber('maxAttempts', options.maxAttempts ?? DEFAULTS.maxAttempts, {
      min: 1,
      max: 100,
      integer: true,
    }),
    backoffBaseMs,
    backoffMaxMs: checkNumber(
      'backoffMaxMs',
      options.backoffMaxMs ?? Math.max(DEFAULTS.backoffMaxMs, backoffBaseMs),
      { min: backoffBaseMs, max: DAY_MS },
    ),
    attemptTimeoutMs: checkNumber(
      'attemptTimeoutMs',
      options.attemptTimeoutMs ?? DEFAULTS.attemptTimeoutMs,
      { min: 1, max: DAY_MS },
    ),
    maxWaitMs: checkNumber('maxWaitMs', options.maxWaitMs ?? DEFAULTS.maxWaitMs, {
      min: 0,
      max: 365 * DAY_MS,
    }),
    idempotencyKey: resolveKey(options.idempotencyKey),
    idempotencyKeyHeader: header,
    maxErrorBodyBytes: checkNumber(
      'maxErrorBodyBytes',
      options.maxErrorBodyBytes ?? DEFAULTS.maxErrorBodyBytes,
      { min: 0, max: 16 * 1024 * 1024, integer: true },
    ),
    onGiveUp:
      options.onGiveUp === undefined ? undefined : checkFunction('onGiveUp', options.onGiveUp),
    now: now ?? options.tracker?.now ?? Date.now,
    sleep: checkFunction<Sleep>('sleep', options.sleep ?? DEFAULTS.sleep),
    random: checkFunction<() => number>('random', options.random ?? DEFAULTS.random),
  };
}

function checkBoolean(option: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new RateLimitConfigError(option, `must be true or false, got ${describe(value)}`);
  }
  return value;
}
