// Metric names as OpenTelemetry instruments and as the OTel Prometheus exporter scrapes them
// (dots become underscores, counters get `_total`, no unit suffix is added). The shipped alerts in
// `@preflight/metrics` read `preflight_webhook_failed_total` and
// `preflight_webhook_backlog_age_seconds`: these strings are a contract, do not rename them.

/** OpenTelemetry instrument names recorded by `@preflight/webhooks`. */
export const WEBHOOK_METRICS = Object.freeze({
  /** Counter `{source}`: deliveries acknowledged as new events (verified, deduplicated, enqueued). */
  received: 'preflight.webhook.received',
  /** Counter `{source, reason}`: deliveries refused, every rejection reason and `malformed_body`. */
  rejected: 'preflight.webhook.rejected',
  /**
   * Counter `{source, reason}`: what the failure alert reads — verification failures (every
   * rejection but `duplicate`), `store_unavailable` (answered 503) and `processing` (one per
   * failed handler attempt).
   */
  failed: 'preflight.webhook.failed',
  /** Counter `{source}`: events the handler processed successfully. */
  processed: 'preflight.webhook.processed',
  /** Counter `{source}`: events moved to the dead-letter queue after their last attempt. */
  deadLettered: 'preflight.webhook.dead_lettered',
  /** Histogram `{source, outcome}` in seconds: one handler attempt. */
  processingDuration: 'preflight.webhook.processing.duration',
  /** Gauge `{source}`: events waiting, delayed for a retry or running. */
  backlogSize: 'preflight.webhook.backlog.size',
  /** Gauge `{source}`: age of the oldest unprocessed event, seconds (0 when none). */
  backlogAge: 'preflight.webhook.backlog_age_seconds',
  /** Gauge `{source}`: events in the dead-letter queue. */
  deadLetterSize: 'preflight.webhook.dead_letter.size',
} as const);

/** Scraped (Prometheus) names of {@link WEBHOOK_METRICS}. */
export const WEBHOOK_PROMETHEUS_METRICS = Object.freeze({
  received: 'preflight_webhook_received_total',
  rejected: 'preflight_webhook_rejected_total',
  failed: 'preflight_webhook_failed_total',
  processed: 'preflight_webhook_processed_total',
  deadLettered: 'preflight_webhook_dead_lettered_total',
  processingDurationBucket: 'preflight_webhook_processing_duration_bucket',
  backlogSize: 'preflight_webhook_backlog_size',
  backlogAge: 'preflight_webhook_backlog_age_seconds',
  deadLetterSize: 'preflight_webhook_dead_letter_size',
} as const);

/** Bucket boundaries (seconds) of the processing-duration histogram, sent as instrument advice. */
export const PROCESSING_DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/** `reason` of a failed handler attempt. */
export const PROCESSING_FAILURE = 'processing';
/** `reason` when the dedupe store or the queue could not store a delivery (answered 503). */
export const STORE_UNAVAILABLE = 'store_unavailable';
/** `reason` when a verified body is not a JSON object. */
export const MALFORMED_BODY = 'malformed_body';
