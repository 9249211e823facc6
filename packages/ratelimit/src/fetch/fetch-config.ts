import { RateLimitConfigError } from '../errors.js';
import type { RateLimitLogger } from '../logger.js';
import { createMemoryRateLimitStore } from '../store/memory-store.js';
import type { RateLimitStore } from '../store/rate-limit-store.js';
import type { RateOption } from '../store/sliding-window.js';
import { createRateLimitTracker, type RateLimitTracker } from '../tracker/tracker.js';
import { LOGGER_METHODS, resolveStore } from '../tracker/tracker-config.js';
import {
  booleanOption,
  describeValue,
  functionOption,
  integerOption,
  numberOption,
  objectOption,
  optionsObject,
  rateOption,
  stringOption,
} from '../validate.js';
import { REAL_TIMER_HOST, sleepTimerHost, type TimerHost } from './deadline-timer.js';
import type { FetchFunction, GiveUpEvent, RateLimitedFetchOptions } from './fetch-options.js';
import {
  RETRY_BUDGET_DEFAULTS,
  type ResolvedRetryBudget,
  resolveRetryBudget,
} from './retry-budget.js';
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

/** Every option of `createRateLimitedFetch` with its default (`undefined`: none); the known keys. */
const DEFAULTS = {
  upstream: undefined,
  // Read at creation, not here: `globalThis.fetch` may be replaced after this module loads.
  fetch: undefined,
  tracker: undefined,
  meter: undefined,
  logger: undefined,
  bucket: undefined,
  rate: null,
  store: undefined,
  pace: true,
  maxAttempts: 3,
  backoffBaseMs: 2000,
  backoffMaxMs: 30_000,
  attemptTimeoutMs: 30_000,
  maxWaitMs: 60_000,
  maxPauseMs: 86_400_000,
  maxQueued: 1000,
  maxQueueWaitMs: 30_000,
  retryBudget: RETRY_BUDGET_DEFAULTS,
  idempotencyKey: false,
  idempotencyKeyHeader: 'Idempotency-Key',
  maxErrorBodyBytes: 65_536,
  onGiveUp: undefined,
  // The tracker's clock when a tracker is given, else Date.now.
  now: undefined,
  sleep: realSleep,
  random: Math.random,
} as const satisfies { readonly [K in keyof Required<RateLimitedFetchOptions>]: unknown };

const TRACKER_METHODS = [
  'observe',
  'state',
  'pause',
  'pausedUntil',
  'recordRetry',
  'recordGiveUp',
  'now',
] as const satisfies ReadonlyArray<keyof RateLimitTracker>;

const DAY_MS = 86_400_000;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const UPSTREAM_NAME = /^[\s\S]{1,128}$/;

function resolveKey(value: unknown): (() => string) | null {
  if (value === undefined || value === false) return null;
  if (value === true) return () => crypto.randomUUID();
  if (typeof value === 'function') return value as () => string;
  throw new RateLimitConfigError(
    'idempotencyKey',
    `must be true, false or a function returning a key; got ${describeValue(value)}`,
  );
}

/** The tracker given, or one created on the wrapper's meter, logger, clock and store. */
function resolveTracker(
  o: Partial<RateLimitedFetchOptions>,
  logger: RateLimitLogger | undefined,
  now: (() => number) | undefined,
  store: RateLimitStore | undefined,
): RateLimitTracker {
  if (o.tracker === undefined)
    return createRateLimitTracker({ meter: o.meter, logger, now, store });
  if (o.meter !== undefined) {
    throw new RateLimitConfigError(
      'meter',
      'is only used for the tracker created when `tracker` is absent; pass it to createRateLimitTracker instead',
    );
  }
  return objectOption<RateLimitTracker>('tracker', o.tracker, { methods: TRACKER_METHODS });
}

/** Validates `createRateLimitedFetch` options and fills in the defaults. */
export function resolveFetchConfig(options: RateLimitedFetchOptions): FetchConfig {
  // An unknown key has always been named `options.<key>` here (unlike the other option errors).
  const o = optionsObject<RateLimitedFetchOptions>('options', options, DEFAULTS, {
    required: true,
    keyPrefix: 'options.',
    what: 'an object with at least `upstream`',
  });
  const upstream = stringOption('upstream', o.upstream, {
    blank: true,
    pattern: UPSTREAM_NAME,
    what: 'a name of 1 to 128 characters',
  });
  const logger =
    o.logger === undefined
      ? undefined
      : objectOption<RateLimitLogger>('logger', o.logger, { methods: LOGGER_METHODS });
  const givenNow = o.now === undefined ? undefined : functionOption<() => number>('now', o.now);
  const store = resolveStore(o.store);
  const tracker = resolveTracker(o, logger, givenNow, store);
  const backoffBaseMs = numberOption('backoffBaseMs', o.backoffBaseMs ?? DEFAULTS.backoffBaseMs, {
    min: 0,
    max: DAY_MS,
  });
  const maxWaitMs = numberOption('maxWaitMs', o.maxWaitMs ?? DEFAULTS.maxWaitMs, {
    min: 0,
    max: 365 * DAY_MS,
  });
  const now = givenNow ?? o.tracker?.now ?? Date.now;
  const sleep = functionOption<Sleep>('sleep', o.sleep ?? DEFAULTS.sleep);
  return {
    upstream,
    fetch: functionOption<FetchFunction>('fetch', o.fetch ?? globalThis.fetch),
    tracker,
    logger,
    bucket: o.bucket === undefined ? undefined : functionOption('bucket', o.bucket),
    rate: rateOption('rate', o.rate ?? DEFAULTS.rate),
    store: store ?? createMemoryRateLimitStore(),
    pace: booleanOption('pace', o.pace ?? DEFAULTS.pace),
    maxAttempts: integerOption('maxAttempts', o.maxAttempts ?? DEFAULTS.maxAttempts, {
      min: 1,
      max: 100,
    }),
    backoffBaseMs,
    backoffMaxMs: numberOption(
      'backoffMaxMs',
      o.backoffMaxMs ?? Math.max(DEFAULTS.backoffMaxMs, backoffBaseMs),
      { min: backoffBaseMs, max: DAY_MS },
    ),
    attemptTimeoutMs: numberOption(
      'attemptTimeoutMs',
      o.attemptTimeoutMs ?? DEFAULTS.attemptTimeoutMs,
      { min: 1, max: DAY_MS },
    ),
    maxWaitMs,
    // Never below maxWaitMs: a honoured Retry-After is always paused in full.
    maxPauseMs: numberOption(
      'maxPauseMs',
      o.maxPauseMs ?? Math.max(DEFAULTS.maxPauseMs, maxWaitMs),
      {
        min: maxWaitMs,
        max: 365 * DAY_MS,
      },
    ),
    maxQueued: integerOption('maxQueued', o.maxQueued ?? DEFAULTS.maxQueued, {
      min: 1,
      max: 1_000_000,
    }),
    maxQueueWaitMs: numberOption('maxQueueWaitMs', o.maxQueueWaitMs ?? DEFAULTS.maxQueueWaitMs, {
      min: 0,
      max: DAY_MS,
    }),
    retryBudget: resolveRetryBudget(o.retryBudget),
    idempotencyKey: resolveKey(o.idempotencyKey ?? DEFAULTS.idempotencyKey),
    idempotencyKeyHeader: stringOption(
      'idempotencyKeyHeader',
      o.idempotencyKeyHeader ?? DEFAULTS.idempotencyKeyHeader,
      { pattern: HEADER_NAME, what: 'a header name' },
    ),
    maxErrorBodyBytes: integerOption(
      'maxErrorBodyBytes',
      o.maxErrorBodyBytes ?? DEFAULTS.maxErrorBodyBytes,
      { min: 0, max: 16 * 1024 * 1024 },
    ),
    onGiveUp: o.onGiveUp === undefined ? undefined : functionOption('onGiveUp', o.onGiveUp),
    now,
    sleep,
    timerHost: o.sleep === undefined ? REAL_TIMER_HOST : sleepTimerHost(now, sleep),
    random: functionOption<() => number>('random', o.random ?? DEFAULTS.random),
  };
}
