import { type Meter, metrics, type ObservableResult } from '@opentelemetry/api';
import { WebhookConfigError } from './errors.js';
import {
  WEBHOOK_METRICS as M,
  PROCESSING_DURATION_BUCKETS,
  PROCESSING_FAILURE,
} from './metric-names.js';
import type { QueueStats } from './queue.js';
import { rejectUnknownKeys, requireFunction, requireObject, requireString } from './validate.js';

/** Options of {@link createWebhookMetrics}. */
export interface WebhookMetricsOptions {
  /**
   * Meter to record with.
   * @default the global meter `@preflight/webhooks`
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

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('stats timed out')), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Creates the webhook instruments on one meter. */
export function createWebhookMetrics(options: WebhookMetricsOptions = {}): WebhookMetrics {
  const o = requireObject('options', options);
  rejectUnknownKeys('', o, ['meter', 'now', 'statsTimeoutMs']);
  const meter = (o.meter ?? metrics.getMeter('@preflight/webhooks')) as Meter;
  if (typeof meter?.createCounter !== 'function')
    throw new WebhookConfigError('meter', 'an OpenTelemetry Meter');
  const now = requireFunction<() => number>('now', o.now ?? Date.now);
  const statsTimeoutMs = o.statsTimeoutMs ?? 2000;
  if (typeof statsTimeoutMs !== 'number' || !(statsTimeoutMs > 0))
    throw new WebhookConfigError('statsTimeoutMs', 'a number greater than 0');

  const counter = (name: string, description: string) =>
    meter.createCounter(name, { unit: '{webhook}', description });
  const received = counter(M.received, 'Deliveries acknowledged as new events, by source.');
  const rejected = counter(M.rejected, 'Deliveries refused, by source and reason.');
  const failed = counter(M.failed, 'Webhooks that failed verification, storage or processing.');
  const processed = counter(M.processed, 'Events processed successfully, by source.');
  const deadLettered = counter(M.deadLettered, 'Events moved to the dead-letter queue.');
  const duration = meter.createHistogram(M.processingDuration, {
    unit: 's',
    description: 'Duration of one webhook handler attempt.',
    advice: { explicitBucketBoundaries: [...PROCESSING_DURATION_BUCKETS] },
  });
  const backlogSize = meter.createObservableGauge(M.backlogSize, {
    unit: '{webhook}',
    description: 'Events waiting, delayed for a retry or running.',
  });
  const backlogAge = meter.createObservableGauge(M.backlogAge, {
    unit: 's',
    description: 'Age of the oldest received but unprocessed webhook.',
  });
  const deadLetterSize = meter.createObservableGauge(M.deadLetterSize, {
    unit: '{webhook}',
    description: 'Events in the dead-letter queue.',
  });
  const ageOf = (oldest: number | undefined): number =>
    typeof oldest === 'number' && Number.isFinite(oldest)
      ? Math.max(0, (now() - oldest) / 1000)
      : 0;

  return {
    received: (source) => received.add(1, { source }),
    rejected(source, reason) {
      rejected.add(1, { source, reason });
      if (reason !== 'duplicate') failed.add(1, { source, reason });
    },
    failed: (source, reason) => failed.add(1, { source, reason }),
    attempt(source, seconds, ok) {
      duration.record(seconds, { source, outcome: ok ? 'success' : 'failure' });
      if (ok) processed.add(1, { source });
      else failed.add(1, { source, reason: PROCESSING_FAILURE });
    },
    deadLettered: (source) => deadLettered.add(1, { source }),
    observeQueue(source, stats) {
      requireString('source', source);
      const callback = async (result: {
        observe(metric: unknown, value: number, attributes: { source: string }): void;
      }): Promise<void> => {
        let s: QueueStats;
        try {
          s = await withTimeout(Promise.resolve().then(stats), statsTimeoutMs);
        } catch {
          return; // Redis away: no sample this scrape (a stale 0 would hide a stuck backlog)
        }
        result.observe(backlogSize, s.backlog, { source });
        result.observe(backlogAge, ageOf(s.oldestPendingAt), { source });
        result.observe(deadLetterSize, s.deadLetter, { source });
      };
      const observables = [backlogSize, backlogAge, deadLetterSize];
      meter.addBatchObservableCallback(callback as never, observables);
      return () => meter.removeBatchObservableCallback(callback as never, observables);
    },
    observeBacklog(source, oldestPendingAt) {
      requireString('source', source);
      const callback = (result: ObservableResult): void => {
        result.observe(ageOf(oldestPendingAt()), { source });
      };
      backlogAge.addCallback(callback);
      return () => backlogAge.removeCallback(callback);
    },
  };
}
