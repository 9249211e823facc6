import type { Meter, ObservableResult } from '@opentelemetry/api';
import { meterBound, observableGaugeBound, refreshable } from './meter.js';
import { METRIC_NAMES } from './metric-names.js';
import { functionOption, meterOption, optionsObject, stringOption } from './validate.js';

/** Options of {@link createWebhookMetrics}. */
export interface WebhookMetricsOptions {
  /**
   * Meter to record with.
   * @default the global meter `@preflight/metrics`, looked up at recording time (the global-meter rule)
   */
  readonly meter?: Meter;
  /**
   * Wall clock in epoch milliseconds, used to turn "oldest pending since" into an age.
   * @default Date.now
   */
  readonly now?: () => number;
}

/** Webhook counters and the backlog-age gauge the webhook alerts read. */
export interface WebhookMetrics {
  /** Adds one to `preflight.webhook.received{source}` when a webhook is accepted. */
  received(source: string): void;
  /** Adds one to `preflight.webhook.failed{source,reason}` when one cannot be verified or processed. */
  failed(source: string, reason: string): void;
  /**
   * Reports `preflight.webhook.backlog_age_seconds{source}`: age of the oldest webhook received
   * but not yet processed, from `oldestPendingAt()` (epoch ms, or `undefined` when none is
   * pending, reported as 0). Returns a function that stops it.
   */
  observeBacklog(source: string, oldestPendingAt: () => number | undefined): () => void;
}

const DEFAULTS = {
  meter: undefined,
  now: Date.now,
} as const satisfies { [K in keyof Required<WebhookMetricsOptions>]: unknown };

/**
 * Creates the {@link WebhookMetrics} helpers on one meter.
 * @deprecated Use `createWebhookMetrics` from `@preflight/webhooks`, which records the same
 * `preflight_webhook_*` names plus rejections, processing, backlog size and dead letters, and
 * is what its receiver and queues call. This one stays for existing callers.
 */
export function createWebhookMetrics(options: WebhookMetricsOptions = {}): WebhookMetrics {
  const o = optionsObject('options', options, DEFAULTS);
  const meter = meterOption('meter', o.meter);
  const now = functionOption<() => number>('now', o.now ?? DEFAULTS.now);
  const counters = refreshable(
    meter,
    meterBound(meter, (m) => ({
      received: m.createCounter(METRIC_NAMES.webhookReceived, {
        unit: '{webhook}',
        description: 'Webhooks received, by source.',
      }),
      failed: m.createCounter(METRIC_NAMES.webhookFailed, {
        unit: '{webhook}',
        description: 'Webhooks that failed verification or processing, by source and reason.',
      }),
    })),
  );
  const backlogAge = observableGaugeBound(meter, METRIC_NAMES.webhookBacklogAge, {
    unit: 's',
    description: 'Age of the oldest received but unprocessed webhook.',
  });

  return {
    received(source) {
      counters().received.add(1, { source });
    },
    failed(source, reason) {
      counters().failed.add(1, { source, reason });
    },
    observeBacklog(source, oldestPendingAt) {
      stringOption('source', source);
      const callback = (result: ObservableResult): void => {
        const oldest = oldestPendingAt();
        const age =
          typeof oldest === 'number' && Number.isFinite(oldest)
            ? Math.max(0, (now() - oldest) / 1000)
            : 0;
        result.observe(age, { source });
      };
      return backlogAge.observe(callback);
    },
  };
}
