import {
  type Attributes,
  type Gauge,
  type Histogram,
  type Meter,
  metrics,
} from '@opentelemetry/api';
import type { CheckOutcome } from './check.js';

/** OTel name of the per-check status gauge (1 pass or warn, 0 fail), attribute `check`. */
export const CHECK_STATUS_METRIC = 'preflight.health.check.status';
/** `CHECK_STATUS_METRIC` as the Prometheus exporter writes it. */
export const CHECK_STATUS_PROMETHEUS = 'preflight_health_check_status';
/** OTel name of the check duration histogram in seconds, attribute `check`. */
export const CHECK_DURATION_METRIC = 'preflight.health.check.duration_seconds';
/** `CHECK_DURATION_METRIC` as scraped: `_bucket`, `_sum` and `_count` series. */
export const CHECK_DURATION_PROMETHEUS = 'preflight_health_check_duration_seconds';
/** OTel name of the readiness gauge (1 ready, 0 not ready), no attributes. */
export const READY_METRIC = 'preflight.health.ready';
/** `READY_METRIC` as the Prometheus exporter writes it. */
export const READY_PROMETHEUS = 'preflight_health_ready';

/** Attribute naming the check; values are bounded by the declared check names. */
export const CHECK_ATTRIBUTE = 'check';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Records check outcomes and readiness; instruments are created on first use. */
export interface HealthMetrics {
  recordOutcome(outcome: CheckOutcome): void;
  recordReady(ready: boolean): void;
}

interface Instruments {
  readonly status: Gauge<Attributes>;
  readonly duration: Histogram<Attributes>;
  readonly ready: Gauge<Attributes>;
}

/**
 * Without a meter the global one is looked up lazily, so an SDK started after `createHealth`
 * still receives the metrics (the API has no proxy meter provider).
 */
export function createHealthMetrics(meter: Meter | undefined): HealthMetrics {
  let instruments: Instruments | undefined;
  const get = (): Instruments => {
    if (instruments) return instruments;
    const m = meter ?? metrics.getMeter('@preflight/health');
    instruments = {
      status: m.createGauge(CHECK_STATUS_METRIC, {
        description: 'Last result of each health check: 1 pass, 0 fail.',
      }),
      duration: m.createHistogram(CHECK_DURATION_METRIC, {
        description: 'Duration of health check runs (cached results are not counted).',
        unit: 's',
        advice: { explicitBucketBoundaries: DURATION_BUCKETS },
      }),
      ready: m.createGauge(READY_METRIC, {
        description: 'Readiness as served by /ready: 1 ready, 0 not.',
      }),
    };
    return instruments;
  };
  return {
    recordOutcome(outcome) {
      const attributes = { [CHECK_ATTRIBUTE]: outcome.name };
      const i = get();
      i.status.record(outcome.status === 'fail' ? 0 : 1, attributes);
      i.duration.record(outcome.durationMs / 1000, attributes);
    },
    recordReady(ready) {
      get().ready.record(ready ? 1 : 0);
    },
  };
}
