import { type Meter, metrics } from '@opentelemetry/api';
import { RateLimitConfigError } from '../errors.js';
import type { RateLimitLogger } from '../logger.js';
import type { RateLimitStore } from '../store/rate-limit-store.js';
import {
  checkFunction,
  checkKnownKeys,
  checkMethods,
  checkNumber,
  checkOptionsObject,
  describe,
} from '../validate.js';

/**
 * When a bucket counts as running low: an absolute number of requests (warn when remaining is
 * below it, like a checklist's `< 100`) or a fraction of the bucket's limit.
 */
export type LowWatermark = number | { readonly fraction: number };

/** Options of {@link createRateLimitTracker}; every one is optional. */
export interface RateLimitTrackerOptions {
  /**
   * Meter for the gauges and counters (`@opentelemetry/api`). The global meter is looked up
   * once, at creation: register the SDK's `MeterProvider` before creating the tracker.
   * @default metrics.getMeter('@preflight/ratelimit') from `@opentelemetry/api` (no-op without SDK)
   */
  readonly meter?: Meter | undefined;
  /**
   * pino-style logger; receives one `warn` when a bucket crosses below the low watermark.
   * @default undefined
   */
  readonly logger?: RateLimitLogger | undefined;
  /**
   * Remaining count below which a bucket is low: a number of requests, or `{ fraction }` of
   * the bucket's limit. Low buckets are also paced by `createRateLimitedFetch`.
   * @default { fraction: 0.1 }
   */
  readonly lowWatermark?: LowWatermark | undefined;
  /**
   * Clock in epoch milliseconds.
   * @default Date.now
   */
  readonly now?: (() => number) | undefined;
  /**
   * Upstreams tracked at most; observations of further upstreams are ignored (bounds memory
   * and metric cardinality when upstream names are not a fixed set).
   * @default 64
   */
  readonly maxUpstreams?: number | undefined;
  /**
   * Buckets kept per upstream; the least recently observed is dropped beyond it (Discord-style
   * per-route buckets come from response headers).
   * @default 32
   */
  readonly maxBucketsPerUpstream?: number | undefined;
  /**
   * Where budgets and 429 pauses are shared: every tracker on the same store (in one process
   * with `createMemoryRateLimitStore`, across a fleet with `@preflight/ratelimit-redis`) sees
   * the budgets the others observed and holds their pauses. Pass the same store to
   * `createRateLimitedFetch` to share its admission too.
   * @default undefined (budgets and pauses stay in this tracker)
   */
  readonly store?: RateLimitStore | undefined;
}

/** Resolved watermark. */
export type ResolvedWatermark =
  | { readonly kind: 'absolute'; readonly value: number }
  | { readonly kind: 'fraction'; readonly value: number };

export interface TrackerConfig {
  readonly meter: Meter;
  readonly logger: RateLimitLogger | undefined;
  readonly lowWatermark: ResolvedWatermark;
  readonly now: () => number;
  readonly maxUpstreams: number;
  readonly maxBucketsPerUpstream: number;
  readonly store: RateLimitStore | undefined;
}

const DEFAULTS = {
  lowWatermark: { fraction: 0.1 },
  now: Date.now,
  maxUpstreams: 64,
  maxBucketsPerUpstream: 32,
} as const;

const METER_NAME = '@preflight/ratelimit';

const KNOWN = [
  'meter',
  'logger',
  'lowWatermark',
  'now',
  'maxUpstreams',
  'maxBucketsPerUpstream',
  'store',
];

function resolveWatermark(value: LowWatermark): ResolvedWatermark {
  if (typeof value === 'number') {
    return { kind: 'absolute', value: checkNumber('lowWatermark', value, { min: 0 }) };
  }
  if (typeof value === 'object' && value !== null && 'fraction' in value) {
    const fraction = checkNumber('lowWatermark.fraction', value.fraction, { min: 0, max: 1 });
    return { kind: 'fraction', value: fraction };
  }
  throw new RateLimitConfigError(
    'lowWatermark',
    `must be a number of requests or { fraction: 0..1 }, got ${describe(value)}`,
  );
}

/** Validates tracker options and fills in the defaults; throws naming the bad option. */
export function resolveTrackerConfig(options: RateLimitTrackerOptions): TrackerConfig {
  checkOptionsObject('options', options);
  checkKnownKeys('options', options, KNOWN);
  // Resolved now, not per call: the API has no proxy meter provider, and the gauge callbacks
  // must be registered on one meter for the tracker's life.
  const meter =
    options.meter === undefined
      ? metrics.getMeter(METER_NAME)
      : checkMethods<Meter>('meter', options.meter, ['createObservableGauge', 'createCounter']);
  const logger =
    options.logger === undefined
      ? undefined
      : checkMethods<RateLimitLogger>('logger', options.logger, ['warn']);
  return {
    meter,
    logger,
    lowWatermark: resolveWatermark(options.lowWatermark ?? DEFAULTS.lowWatermark),
    now: checkFunction('now', options.now ?? DEFAULTS.now),
    maxUpstreams: checkNumber('maxUpstreams', options.maxUpstreams ?? DEFAULTS.maxUpstreams, {
      min: 1,
      max: 10_000,
      integer: true,
    }),
    maxBucketsPerUpstream: checkNumber(
      'maxBucketsPerUpstream',
      options.maxBucketsPerUpstream ?? DEFAULTS.maxBucketsPerUpstream,
      { min: 1, max: 1000, integer: true },
    ),
    store: resolveStore(options.store),
  };
}

/** A store must have the whole {@link RateLimitStore} shape; checked once, at creation. */
export function resolveStore(store: unknown): RateLimitStore | undefined {
  if (store === undefined) return undefined;
  return checkMethods<RateLimitStore>('store', store, [
    'admit',
    'recordBudget',
    'recordPause',
    'subscribe',
  ]);
}
