export type { RetryOptions } from './backoff.js';
export type { WebhookSchemeName, WebhookVerifierOptions } from './create-verifier.js';
export { createWebhookVerifier } from './create-verifier.js';
export type { MemoryDedupeOptions } from './dedupe-memory.js';
export { createMemoryDedupeStore } from './dedupe-memory.js';
export type { ClaimResult, DedupeStore, DedupeTtlOptions } from './dedupe-store.js';
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
export type {
  DeadLetter,
  QueueStats,
  WebhookAttempt,
  WebhookEvent,
  WebhookHandler,
  WebhookQueue,
} from './queue.js';
export type { MemoryQueueOptions } from './queue-memory.js';
export { createMemoryQueue } from './queue-memory.js';
export { webhookReceiver } from './receiver.js';
export type { WebhookReceiverOptions } from './receiver-config.js';
export type { HmacSchemeDefinition, SignedParts } from './scheme-hmac.js';
export type { StandardWebhookHeaders } from './signers.js';
export {
  signStandardWebhook,
  signStandardWebhookEd25519,
  signStripeWebhook,
  signTimestampHmacWebhook,
} from './signers.js';
export type {
  RejectionReason,
  VerifyResult,
  WebhookHeaders,
  WebhookVerifier,
} from './verify-result.js';
export { REJECTION_REASONS } from './verify-result.js';
export type { WebhookMetrics, WebhookMetricsOptions } from './webhook-metrics.js';
export { createWebhookMetrics } from './webhook-metrics.js';
