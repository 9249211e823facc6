import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import { meterBound } from '@preflight/ratelimit';
import { RATELIMIT_REDIS_METRICS, STORE_DURATION_BUCKETS } from './metric-names.js';

/** The store's instruments (see {@link RATELIMIT_REDIS_METRICS}). */
export interface StoreInstruments {
  readonly duration: Histogram;
  readonly fallbacks: Counter;
  readonly admissionsDelayed: Counter;
}

function createInstruments(meter: Meter): StoreInstruments {
  return {
    duration: meter.createHistogram(RATELIMIT_REDIS_METRICS.storeDuration, {
      description: 'Round trips of the rate-limit store to Redis.',
      unit: 's',
      advice: { explicitBucketBoundaries: STORE_DURATION_BUCKETS },
    }),
    fallbacks: meter.createCounter(RATELIMIT_REDIS_METRICS.fallbacks, {
      description: 'Switches of the rate-limit store to its local fallback limiter.',
      unit: '{fallback}',
    }),
    admissionsDelayed: meter.createCounter(RATELIMIT_REDIS_METRICS.admissionsDelayed, {
      description: 'Admission answers of the rate-limit store that made a request wait.',
      unit: '{admission}',
    }),
  };
}

/**
 * The same global meter rule as `@preflight/ratelimit` (its `meterBound`): `meter` when
 * given, else the global provider's `@preflight/ratelimit-redis` meter at recording time.
 */
export function storeInstruments(meter: Meter | undefined): () => StoreInstruments {
  return meterBound(meter, createInstruments, '@preflight/ratelimit-redis');
}
