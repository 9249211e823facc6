import type { Attributes, Gauge, Histogram, Meter } from '@opentelemetry/api';
import type { CheckOutcome } from './checks/check.js';
import { meterBound } from './meter.js';
import { CHECK_ATTRIBUTE, HEALTH_METRICS } from './metric-names.js';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Records check outcomes and readiness on the meter of `meterBound`'s rule. */
export interface HealthMetrics {
  recordOutcome(outcome: CheckOutcome): void;
  recordReady(ready: boolean): void;
}

interface Instruments {
  readonly status: Gauge<Attributes>;
  readonly duration: Histogram<Attributes>;
  readonly ready: Gauge<Attributes>;
}

function createInstruments(m: Meter): Instruments {
  return {
    status: m.createGauge(HEALTH_METRICS.checkStatus, {
      description: 'Last result of each health check: 1 pass, 0 fail.',
    }),
    duration: m.createHistogram(HEALTH_METRICS.checkDuration, {
      description: 'Duration of health check runs (cached results are not counted).',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    ready: m.createGauge(HEALTH_METRICS.ready, {
      description: 'Readiness as served by /ready: 1 ready, 0 not.',
    }),
  };
}

/** Creates the recorders; nothing touches a meter before the first recording. */
export function createHealthMetrics(meter: Meter | undefined): HealthMetrics {
  let lastReady: number | undefined;
  // Readiness is recorded only when it changes: a provider registered later must still learn it.
  let instruments: (() => Instruments) | undefined;
  const get = (): Instruments => {
    instruments ??= meterBound(meter, (m) => {
      const created = createInstruments(m);
      if (lastReady !== undefined) created.ready.record(lastReady);
      return created;
    });
    return instruments();
  };
  return {
    recordOutcome(outcome) {
      const attributes = { [CHECK_ATTRIBUTE]: outcome.name };
      const i = get();
      i.status.record(outcome.status === 'fail' ? 0 : 1, attributes);
      i.duration.record(outcome.durationMs / 1000, attributes);
    },
    recordReady(ready) {
      const i = get();
      lastReady = ready ? 1 : 0;
      i.ready.record(lastReady);
    },
  };
}
