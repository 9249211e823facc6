import { RateLimitConfigError } from '../errors.js';
import type { RateLimitLogger } from '../logger.js';
import { createMemoryRateLimitStore } from '../store/memory-store.js';
import type { RateLimitStore } from '../store/rate-limit-store.js';
import { type RateOption, resolveRate } from '../store/sliding-window.js';
import { createRateLimitTracker, type RateLimitTracker } from '../tracker/tracker.js';
import { resolveStore } from '../tracker/tracker-config.js';
import {
  checkBoolean,
  checkFunction,
  checkKnownKeys,
  checkMethods,
  checkNumber,
  checkOptionsObject,
  describe,
} from '../validate.js';
import { REAL_TIMER_HOST, sleepTimerHost, type TimerHost } from './deadline-timer.js';
import type { FetchFunction, GiveUpEvent, RateLimitedFetchOptions } from './fetch-options.js';
import { type ResolvedRetryBudget, resolveRetryBudget } from './retry-budget.js';
import { realSleep, type Sleep } from './sleep.js';

/** Resolved `createRateLimitedFetch` options: every default filled in. */
export interface FetchConfig {
  readonly upstream: string;
  readonly fetch: FetchFunction;
  readonly tracker: RateLimitTracker;
  readonly logger: RateLimitLogger | undefined;
  readonly bucket:
    | ((request: { readonly url: string; readonly method: string }) => string | undefined)
    | undefined;
  readonly rate: RateOption | null;
  readonly store: RateLimitStore;
  readonly pace: boolean;
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly attemptTimeoutMs: number;
  readonly maxWaitMs: number;
  readonly maxPauseMs: number;
  readonly maxQueued: number;
  readonly maxQueueWaitMs: number;
  readonly retryBudget: ResolvedRetryBudget | null;
  readonly idempotencyKey: (() => string) | null;
  readonly idempotencyKeyHeader: string;
  readonly maxErrorBodyBytes: number;
  readonly onGiveUp: ((event: GiveUpEvent) => void | Promise<void>) | undefined;
  readonly now: () => number;
  readonly sleep: Sleep;
  /** The attempt timeouts' timer: the real clock, or the injected `now`/`sleep`. */
  readonly timerHost: TimerHost;
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
  maxPauseMs: 86_400_000,
  maxQueued: 1000,
  maxQueueWaitMs: 30_000,
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
  'store',
  'pace',
  'maxAttempts',
  'backoffBaseMs',
  'backoffMaxMs',
  'attemptTimeoutMs',
  'maxWaitMs',
  'maxPauseMs',
  'maxQueued',
  'maxQueueWaitMs',
  'retryBudget',
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
  if (options.tracker !== undefined && options.meter !== undefined) {
    throw new RateLimitConfigError(
      'meter',
      'is only used for the tracker created when `tracker` is absent; pass it to createRateLimitTracker instead',
    );
  }
  const store = resolveStore(options.store);
  const tracker =
    options.tracker === undefined
      ? createRateLimitTracker({ meter: options.meter, logger, now, store })
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
  const maxWaitMs = checkNumber('maxWaitMs', options.maxWaitMs ?? DEFAULTS.maxWaitMs, {
    min: 0,
    max: 365 * DAY_MS,
  });
  const resolvedNow = now ?? options.tracker?.now ?? Date.now;
  const sleep = checkFunction<Sleep>('sleep', options.sleep ?? DEFAULTS.sleep);
  return {
    upstream,
    fetch: checkFunction<FetchFunction>('fetch', fetchFn),
    tracker,
    logger,
    bucket: options.bucket === undefined ? undefined : checkFunction('bucket', options.bucket),
    rate: resolveRate(options.rate ?? DEFAULTS.rate),
    store: store ?? createMemoryRateLimitStore(),
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
    maxWaitMs,
    // Never below maxWaitMs: a honoured Retry-After is always paused in full.
    maxPauseMs: checkNumber(
      'maxPauseMs',
      options.maxPauseMs ?? Math.max(DEFAULTS.maxPauseMs, maxWaitMs),
      { min: maxWaitMs, max: 365 * DAY_MS },
    ),
    maxQueued: checkNumber('maxQueued', options.maxQueued ?? DEFAULTS.maxQueued, {
      min: 1,
      max: 1_000_000,
      integer: true,
    }),
    maxQueueWaitMs: checkNumber(
      'maxQueueWaitMs',
      options.maxQueueWaitMs ?? DEFAULTS.maxQueueWaitMs,
      { min: 0, max: DAY_MS },
    ),
    retryBudget: resolveRetryBudget(options.retryBudget),
    idempotencyKey: resolveKey(options.idempotencyKey),
    idempotencyKeyHeader: header,
    maxErrorBodyBytes: checkNumber(
      'maxErrorBodyBytes',
      options.maxErrorBodyBytes ?? DEFAULTS.maxErrorBodyBytes,
      { min: 0, max: 16 * 1024 * 1024, integer: true },
    ),
    onGiveUp:
      options.onGiveUp === undefined ? undefined : checkFunction('onGiveUp', options.onGiveUp),
    now: resolvedNow,
    sleep,
    timerHost: options.sleep === undefined ? REAL_TIMER_HOST : sleepTimerHost(resolvedNow, sleep),
    random: checkFunction<() => number>('random', options.random ?? DEFAULTS.random),
  };
}
