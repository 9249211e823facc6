export type { WebhookErrorCode } from './errors.js';
export {
  isWebhookConfigError,
  isWebhookError,
  WebhookConfigError,
  WebhookError,
  WebhookQueueError,
} from './errors.js';
export type { WebhookLogger } from './logger.js';
export {
  MALFORMED_BODY,
  PROCESSING_DURATION_BUCKETS,
  PROCESSING_FAILURE,
  STORE_UNAVAILABLE,
  WEBHOOK_METRICS,
  WEBHOOK_PROMETHEUS_METRICS,
} from './metric-names.js';
export { webhookReceiver } from './receiver/receiver.js';
export type { WebhookReceiverOptions } from './receiver/receiver-config.js';
export type { RetryOptions } from './stores/backoff.js';
export type { MemoryDedupeOptions } from './stores/dedupe-memory.js';
export { createMemoryDedupeStore } from './stores/dedupe-memory.js';
export type { ClaimResult, DedupeStore, DedupeTtlOptions } from './stores/dedupe-store.js';
export type {
  DeadLetter,
  QueueStats,
  WebhookAttempt,
  WebhookEvent,
  WebhookHandler,
  WebhookQueue,
} from './stores/queue.js';
export type { MemoryQueueOptions } from './stores/queue-memory.js';
export { createMemoryQueue } from './stores/queue-memory.js';
export type { WebhookSchemeName, WebhookVerifierOptions } from './verify/create-verifier.js';
export { createWebhookVerifier } from './verify/create-verifier.js';
export type { HmacSchemeDefinition, SignedParts } from './verify/scheme-hmac.js';
export type { StandardWebhookHeaders } from './verify/signers.js';
export {
  signStandardWebhook,
  signStandardWebhookEd25519,
  signStripeWebhook,
  signTimestampHmacWebhook,
} from './verify/signers.js';
export type {
  RejectionReason,
  VerifyResult,
  WebhookHeaders,
  WebhookVerifier,
} from './verify/verify-result.js';
export { REJECTION_REASONS } from './verify/verify-result.js';
export type { WebhookMetrics, WebhookMetricsOptions } from './webhook-metrics.js';
export { createWebhookMetrics } from './webhook-metrics.js';
