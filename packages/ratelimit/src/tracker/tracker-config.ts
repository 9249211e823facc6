import type { Meter } from '@opentelemetry/api';
import type { RateLimitLogger } from '../logger.js';
import type { RateLimitStore } from '../store/rate-limit-store.js';
import {
  functionOption,
  integerOption,
  numberOption,
  objectOption,
  optionsObject,
} from '../validate.js';

/**
 * When a bucket counts as running low: an absolute number of requests (warn when remaining is
 * below it, like a checklist's `< 100`) or a fraction of the bucket's limit.
 */
export type LowWatermark = number | { readonly fraction: number };

/** Options of {@link createRateLimitTracker}; every one is optional. */
export interface RateLimitTrackerOptions {
  /**
   * Meter for the gauges and counters (`@opentelemetry/api`). Without one, the global
   * provider's `@preflight/ratelimit` meter as it is when a response is observed, so the
   * tracker may be created before or after the SDK starts.
   * @default metrics.getMeter('@preflight/ratelimit') from `@opentelemetry/api`, at recording time
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
  /** The `meter` option; `undefined`: the global provider's, looked up at recording time. */
  readonly meter: Meter | undefined;
  readonly logger: RateLimitLogger | undefined;
  readonly lowWatermark: ResolvedWatermark;
  readonly now: () => number;
  readonly maxUpstreams: number;
  readonly maxBucketsPerUpstream: number;
  readonly store: RateLimitStore | undefined;
}

/** Every option of `createRateLimitTracker` with its default (`undefined`: none); the known keys. */
const DEFAULTS = {
  meter: undefined,
  logger: undefined,
  lowWatermark: { fraction: 0.1 },
  now: Date.now,
  maxUpstreams: 64,
  maxBucketsPerUpstream: 32,
  store: undefined,
} as const satisfies { readonly [K in keyof Required<RateLimitTrackerOptions>]: unknown };

/** What a logger option must have (pino's call shape). */
export const LOGGER_METHODS = ['warn'] as const satisfies ReadonlyArray<keyof RateLimitLogger>;
const METER_METHODS = ['createObservableGauge', 'createCounter'] as const;
const STORE_METHODS = [
  'admit',
  'recordBudget',
  'recordPause',
  'subscribe',
] as const satisfies ReadonlyArray<keyof RateLimitStore>;

const WATERMARK_RULE = 'a number of requests or { fraction: 0..1 }';

function resolveWatermark(value: LowWatermark): ResolvedWatermark {
  if (typeof value === 'object' && value !== null && 'fraction' in value) {
    const fraction = numberOption('lowWatermark.fraction', value.fraction, { min: 0, max: 1 });
    return { kind: 'fraction', value: fraction };
  }
  const count = numberOption('lowWatermark', value, {
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    rule: WATERMARK_RULE,
  });
  return { kind: 'absolute', value: count };
}

/** Validates tracker options and fills in the defaults; throws naming the bad option. */
export function resolveTrackerConfig(options: RateLimitTrackerOptions): TrackerConfig {
  // An unknown key has always been named `options.<key>` here (unlike the other option errors).
  const o = optionsObject<RateLimitTrackerOptions>('options', options, DEFAULTS, {
    keyPrefix: 'options.',
  });
  return {
    meter:
      o.meter === undefined
        ? undefined
        : objectOption<Meter>('meter', o.meter, { methods: METER_METHODS }),
    logger:
      o.logger === undefined
        ? undefined
        : objectOption<RateLimitLogger>('logger', o.logger, { methods: LOGGER_METHODS }),
    lowWatermark: resolveWatermark(o.lowWatermark ?? DEFAULTS.lowWatermark),
    now: functionOption<() => number>('now', o.now ?? DEFAULTS.now),
    maxUpstreams: integerOption('maxUpstreams', o.maxUpstreams ?? DEFAULTS.maxUpstreams, {
      min: 1,
      max: 10_000,
    }),
    maxBucketsPerUpstream: integerOption(
      'maxBucketsPerUpstream',
      o.maxBucketsPerUpstream ?? DEFAULTS.maxBucketsPerUpstream,
      { min: 1, max: 1000 },
    ),
    store: resolveStore(o.store),
  };
}

/** A store must have the whole {@link RateLimitStore} shape; checked once, at creation. */
export function resolveStore(store: unknown): RateLimitStore | undefined {
  return store === undefined
    ? undefined
    : objectOption<RateLimitStore>('store', store, { methods: STORE_METHODS });
}
