import type { Attributes, Counter, Meter, ObservableResult } from '@opentelemetry/api';
import { meterBound } from '../meter.js';
import { RATELIMIT_METRICS } from '../metric-names.js';
import type { BucketRecord, UpstreamRecord } from './tracker-store.js';

/** The tracker's counters; its gauges read the records when the SDK collects. */
export interface TrackerInstruments {
  readonly rateLimited: Counter;
  readonly retries: Counter;
  readonly giveUps: Counter;
  /** Removes the gauge callbacks (when the global provider changes). */
  readonly unregister: () => void;
}

function createInstruments(
  meter: Meter,
  records: () => Iterable<UpstreamRecord>,
  now: () => number,
): TrackerInstruments {
  const remaining = meter.createObservableGauge(RATELIMIT_METRICS.remaining, {
    description: 'Requests left in the upstream rate-limit bucket, as last reported.',
    unit: '{request}',
  });
  const limit = meter.createObservableGauge(RATELIMIT_METRICS.limit, {
    description: 'Quota of the upstream rate-limit bucket, as last reported.',
    unit: '{request}',
  });
  const reset = meter.createObservableGauge(RATELIMIT_METRICS.resetSeconds, {
    description: 'Seconds until the upstream rate-limit bucket resets.',
    unit: 's',
  });
  const each = (read: (bucket: BucketRecord, at: number) => number | null) => {
    return (result: ObservableResult<Attributes>) => {
      const at = now();
      for (const record of records()) {
        for (const bucket of record.buckets.values()) {
          const value = read(bucket, at);
          if (value !== null)
            result.observe(value, { upstream: record.upstream, bucket: bucket.name });
        }
      }
    };
  };
  const gauges = [
    [remaining, each((b) => b.remaining)],
    [limit, each((b) => b.limit)],
    [reset, each((b, at) => (b.resetAt === null ? null : Math.max(0, (b.resetAt - at) / 1000)))],
  ] as const;
  for (const [gauge, callback] of gauges) gauge.addCallback(callback);
  return {
    rateLimited: meter.createCounter(RATELIMIT_METRICS.rateLimited, {
      description: 'Responses with status 429 (Too Many Requests).',
      unit: '{response}',
    }),
    retries: meter.createCounter(RATELIMIT_METRICS.retries, {
      description: 'Retries scheduled after a retryable failure.',
      unit: '{retry}',
    }),
    giveUps: meter.createCounter(RATELIMIT_METRICS.giveUps, {
      description: 'Calls that failed for good and went to the give-up hook.',
      unit: '{call}',
    }),
    unregister() {
      for (const [gauge, callback] of gauges) gauge.removeCallback(callback);
    },
  };
}

/**
 * The tracker's gauges and counters under the package's global meter rule (see `meter.ts`):
 * on `meter` when given, else on the global provider's meter as it is at recording time. Call
 * the getter on every recording (`observe`, `recordRetry`, `recordGiveUp`): that is when the
 * gauges move to a newly registered provider too.
 */
export function trackerInstruments(
  meter: Meter | undefined,
  records: () => Iterable<UpstreamRecord>,
  now: () => number,
): () => TrackerInstruments {
  return meterBound(meter, (resolved, previous) => {
    previous?.unregister();
    return createInstruments(resolved, records, now);
  });
}
