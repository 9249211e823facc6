import type { Meter, ObservableResult } from '@opentelemetry/api';
import { withDeadline } from './deadline.js';
import { meterBound } from './meter.js';
import {
  WEBHOOK_METRICS as M,
  PROCESSING_DURATION_BUCKETS,
  PROCESSING_FAILURE,
} from './metric-names.js';
import type { QueueStats } from './stores/queue.js';
import {
  functionOption,
  numberOption,
  objectOption,
  optionsObject,
  stringOption,
} from './validate.js';

/** Options of {@link createWebhookMetrics}. */
export interface WebhookMetricsOptions {
  /**
   * Meter to record with.
   * @default the global meter `@preflight/webhooks` of the provider registered at recording time
   */
  readonly meter?: Meter;
  /**
   * Wall clock in epoch milliseconds, turning "oldest pending since" into an age.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * Longest wait for a queue's `stats()` during a collection; a slower (or failing) queue is
   * left out of that scrape rather than stalling it.
   * @default 2000
   */
  readonly statsTimeoutMs?: number;
}

/** The recorders behind every webhook metric; receivers and queues call them. */
export interface WebhookMetrics {
  /** A delivery acknowledged as a new event. */
  received(source: string): void;
  /** A delivery refused; anything but `duplicate` also counts as `failed{reason}`. */
  rejected(source: string, reason: string): void;
  /** A failure the alert should see (`failed{source,reason}`). */
  failed(source: string, reason: string): void;
  /** One handler attempt and its outcome. */
  attempt(source: string, seconds: number, ok: boolean): void;
  /** An event moved to the dead-letter queue. */
  deadLettered(source: string): void;
  /** Reports backlog size, oldest age and dead-letter size from `stats()`. Returns a stop function. */
  observeQueue(source: string, stats: () => Promise<QueueStats> | QueueStats): () => void;
  /**
   * Reports only the backlog age from `oldestPendingAt()` (epoch ms, `undefined` = none):
   * the `@preflight/metrics` helper's call shape. Returns a stop function.
   */
  observeBacklog(source: string, oldestPendingAt: () => number | undefined): () => void;
}

/** Every option with its default (`undefined`: none); the known keys. */
const DEFAULTS = {
  meter: undefined,
  now: Date.now,
  statsTimeoutMs: 2000,
} as const satisfies { readonly [K in keyof Required<WebhookMetricsOptions>]: unknown };

function createInstruments(meter: Meter) {
  const counter = (name: string, description: string) =>
    meter.createCounter(name, { unit: '{webhook}', description });
  return {
    meter,
    received: counter(M.received, 'Deliveries acknowledged as new events, by source.'),
    rejected: counter(M.rejected, 'Deliveries refused, by source and reason.'),
    failed: counter(M.failed, 'Webhooks that failed verification, storage or processing.'),
    processed: counter(M.processed, 'Events processed successfully, by source.'),
    deadLettered: counter(M.deadLettered, 'Events moved to the dead-letter queue.'),
    duration: meter.createHistogram(M.processingDuration, {
      unit: 's',
      description: 'Duration of one webhook handler attempt.',
      advice: { explicitBucketBoundaries: [...PROCESSING_DURATION_BUCKETS] },
    }),
    backlogSize: meter.createObservableGauge(M.backlogSize, {
      unit: '{webhook}',
      description: 'Events waiting, delayed for a retry or running.',
    }),
    backlogAge: meter.createObservableGauge(M.backlogAge, {
      unit: 's',
      description: 'Age of the oldest received but unprocessed webhook.',
    }),
    deadLetterSize: meter.createObservableGauge(M.deadLetterSize, {
      unit: '{webhook}',
      description: 'Events in the dead-letter queue.',
    }),
  };
}

type Instruments = ReturnType<typeof createInstruments>;

/** An observable callback that follows the instruments to a new meter provider. */
interface Observer {
  /** Registers on `i`; returns the function that unregisters. */
  readonly attach: (i: Instruments) => () => void;
  detach: () => void;
}

/**
 * Creates the webhook recorders. Without a `meter` they follow the global meter provider at
 * recording time (see `meterBound`); observable gauges move with them.
 */
export function createWebhookMetrics(options: WebhookMetricsOptions = {}): WebhookMetrics {
  const o = optionsObject('options', options, DEFAULTS);
  const meter =
    o.meter === undefined
      ? undefined
      : objectOption<Meter>('meter', o.meter, {
          methods: ['createCounter'],
          what: 'an OpenTelemetry Meter',
        });
  const now = functionOption<() => number>('now', o.now ?? DEFAULTS.now);
  const statsTimeout = o.statsTimeoutMs ?? DEFAULTS.statsTimeoutMs;
  const statsTimeoutMs = numberOption('statsTimeoutMs', statsTimeout, {
    min: 0,
    exclusiveMin: true,
  });

  const observers = new Set<Observer>();
  const instruments = meterBound(meter, (m) => {
    const next = createInstruments(m);
    for (const observer of observers) {
      observer.detach();
      observer.detach = observer.attach(next);
    }
    return next;
  });
  const observe = (attach: Observer['attach']): (() => void) => {
    const current = instruments();
    const observer: Observer = { attach, detach: attach(current) };
    observers.add(observer);
    return () => {
      observer.detach();
      observers.delete(observer);
    };
  };
  const ageOf = (oldest: number | undefined): number =>
    typeof oldest === 'number' && Number.isFinite(oldest)
      ? Math.max(0, (now() - oldest) / 1000)
      : 0;

  return {
    received: (source) => instruments().received.add(1, { source }),
    rejected(source, reason) {
      const i = instruments();
      i.rejected.add(1, { source, reason });
      if (reason !== 'duplicate') i.failed.add(1, { source, reason });
    },
    failed: (source, reason) => instruments().failed.add(1, { source, reason }),
    attempt(source, seconds, ok) {
      const i = instruments();
      i.duration.record(seconds, { source, outcome: ok ? 'success' : 'failure' });
      if (ok) i.processed.add(1, { source });
      else i.failed.add(1, { source, reason: PROCESSING_FAILURE });
    },
    deadLettered: (source) => instruments().deadLettered.add(1, { source }),
    observeQueue(source, stats) {
      stringOption('source', source);
      return observe((i) => {
        const callback = async (result: {
          observe(metric: unknown, value: number, attributes: { source: string }): void;
        }): Promise<void> => {
          let s: QueueStats;
          try {
            s = await withDeadline(
              Promise.resolve().then(stats),
              statsTimeoutMs,
              'stats timed out',
            );
          } catch {
            return; // Redis away: no sample this scrape (a stale 0 would hide a stuck backlog)
          }
          result.observe(i.backlogSize, s.backlog, { source });
          result.observe(i.backlogAge, ageOf(s.oldestPendingAt), { source });
          result.observe(i.deadLetterSize, s.deadLetter, { source });
        };
        const observables = [i.backlogSize, i.backlogAge, i.deadLetterSize];
        i.meter.addBatchObservableCallback(callback as never, observables);
        return () => i.meter.removeBatchObservableCallback(callback as never, observables);
      });
    },
    observeBacklog(source, oldestPendingAt) {
      stringOption('source', source);
      return observe((i) => {
        const callback = (result: ObservableResult): void => {
          result.observe(ageOf(oldestPendingAt()), { source });
        };
        i.backlogAge.addCallback(callback);
        return () => i.backlogAge.removeCallback(callback);
      });
    },
  };
}
