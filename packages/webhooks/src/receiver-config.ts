import { createMemoryDedupeStore } from './dedupe-memory.js';
import type { DedupeStore } from './dedupe-store.js';
import { WebhookConfigError } from './errors.js';
import { SILENT_LOGGER, type WebhookLogger } from './logger.js';
import type { WebhookQueue } from './queue.js';
import {
  rejectUnknownKeys,
  requireFunction,
  requireInteger,
  requireObject,
  requireString,
} from './validate.js';
import type { WebhookVerifier } from './verify-result.js';
import { createWebhookMetrics, type WebhookMetrics } from './webhook-metrics.js';

/** Options of {@link webhookReceiver}. */
export interface WebhookReceiverOptions {
  /** From `createWebhookVerifier()`. */
  readonly verifier: WebhookVerifier;
  /** Where the receiver puts verified events (`createMemoryQueue`, `createRedisQueue`). */
  readonly queue: WebhookQueue;
  /** `source` label of every metric and log line: the partner's name. */
  readonly source: string;
  /**
   * Event-id memory. Replicas must share one (`createRedisDedupeStore`).
   * @default createMemoryDedupeStore()
   */
  readonly dedupe?: DedupeStore;
  /** Largest body accepted; larger ones get 413 `payload_too_large`. @default 1048576 (1 MiB) */
  readonly maxBodyBytes?: number;
  /**
   * Longest wait for the dedupe store and the queue before answering 503, ms: the sender wants
   * an answer within seconds (the commerce checklist: under 5 s).
   * @default 3000
   */
  readonly storeTimeoutMs?: number;
  /** `Retry-After` seconds on 503 answers. @default 5 */
  readonly retryAfterSeconds?: number;
  /**
   * Checks a verified, parsed body before it is acknowledged: `false` answers 400
   * `malformed_body` (the partner's bug, better refused than dead-lettered). Must not throw.
   * @default any JSON value
   */
  readonly acceptPayload?: (payload: unknown) => boolean;
  /** Metrics recorders. @default createWebhookMetrics() on the global meter */
  readonly metrics?: WebhookMetrics;
  /** Logger (pino call shape) for rejections and store failures; never given secrets. @default silent */
  readonly logger?: WebhookLogger;
  /** Clock in epoch milliseconds (`receivedAt`). @default Date.now */
  readonly now?: () => number;
}

export interface ReceiverConfig {
  readonly verifier: WebhookVerifier;
  readonly queue: WebhookQueue;
  readonly source: string;
  readonly dedupe: DedupeStore;
  readonly maxBodyBytes: number;
  readonly storeTimeoutMs: number;
  readonly retryAfterSeconds: number;
  readonly acceptPayload: (payload: unknown) => boolean;
  readonly metrics: WebhookMetrics;
  readonly logger: WebhookLogger;
  readonly now: () => number;
}

const hasMethods = (value: unknown, names: readonly string[]): boolean =>
  typeof value === 'object' &&
  value !== null &&
  names.every((n) => typeof (value as Record<string, unknown>)[n] === 'function');

/** Validates the options once, at creation. */
export function resolveReceiverConfig(options: WebhookReceiverOptions): ReceiverConfig {
  const o = requireObject('options', options);
  rejectUnknownKeys('', o, [
    'verifier',
    'queue',
    'source',
    'dedupe',
    'maxBodyBytes',
    'storeTimeoutMs',
    'retryAfterSeconds',
    'acceptPayload',
    'metrics',
    'logger',
    'now',
  ]);
  if (!hasMethods(o.verifier, ['verify']))
    throw new WebhookConfigError('verifier', 'a verifier from createWebhookVerifier()');
  if (!hasMethods(o.queue, ['enqueue', 'stats', 'close']))
    throw new WebhookConfigError('queue', 'a WebhookQueue (enqueue, stats, close)');
  if (o.dedupe !== undefined && !hasMethods(o.dedupe, ['claim', 'commit', 'release']))
    throw new WebhookConfigError('dedupe', 'a DedupeStore (claim, commit, release)');
  if (o.logger !== undefined && !hasMethods(o.logger, ['info', 'warn', 'error']))
    throw new WebhookConfigError('logger', 'a logger with info, warn and error');
  return {
    verifier: o.verifier as WebhookVerifier,
    queue: o.queue as WebhookQueue,
    source: requireString('source', o.source),
    dedupe: (o.dedupe as DedupeStore | undefined) ?? createMemoryDedupeStore(),
    maxBodyBytes: requireInteger('maxBodyBytes', o.maxBodyBytes ?? 1_048_576, 1, 2 ** 30),
    storeTimeoutMs: requireInteger('storeTimeoutMs', o.storeTimeoutMs ?? 3000, 1, 60_000),
    retryAfterSeconds: requireInteger('retryAfterSeconds', o.retryAfterSeconds ?? 5, 0, 86_400),
    acceptPayload: requireFunction<(payload: unknown) => boolean>(
      'acceptPayload',
      o.acceptPayload ?? (() => true),
    ),
    metrics: (o.metrics as WebhookMetrics | undefined) ?? createWebhookMetrics(),
    logger: (o.logger as WebhookLogger | undefined) ?? SILENT_LOGGER,
    now: requireFunction<() => number>('now', o.now ?? Date.now),
  };
}
