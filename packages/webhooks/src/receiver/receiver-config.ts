import { SILENT_LOGGER, type WebhookLogger } from '../logger.js';
import { createMemoryDedupeStore } from '../stores/dedupe-memory.js';
import type { DedupeStore } from '../stores/dedupe-store.js';
import type { WebhookQueue } from '../stores/queue.js';
import {
  functionOption,
  integerOption,
  objectOption,
  optionsObject,
  stringOption,
} from '../validate.js';
import type { WebhookVerifier } from '../verify/verify-result.js';
import { createWebhookMetrics, type WebhookMetrics } from '../webhook-metrics.js';

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

/** Every option with its default (`undefined`: required or created per receiver); the known keys. */
const DEFAULTS = {
  verifier: undefined,
  queue: undefined,
  source: undefined,
  dedupe: undefined,
  maxBodyBytes: 1_048_576,
  storeTimeoutMs: 3000,
  retryAfterSeconds: 5,
  acceptPayload: () => true,
  metrics: undefined,
  logger: SILENT_LOGGER,
  now: Date.now,
} as const satisfies { readonly [K in keyof Required<WebhookReceiverOptions>]: unknown };

type IntegerKey = 'maxBodyBytes' | 'storeTimeoutMs' | 'retryAfterSeconds';

/** Validates the options once, at creation. */
export function resolveReceiverConfig(options: WebhookReceiverOptions): ReceiverConfig {
  const o = optionsObject('options', options, DEFAULTS, { required: true });
  const whole = (option: IntegerKey, min: number, max: number): number =>
    integerOption(option, o[option] ?? DEFAULTS[option], { min, max });
  const verifier = objectOption<WebhookVerifier>('verifier', o.verifier, {
    methods: ['verify'],
    what: 'a verifier from createWebhookVerifier()',
  });
  const queue = objectOption<WebhookQueue>('queue', o.queue, {
    methods: ['enqueue', 'stats', 'close'],
    what: 'a WebhookQueue (enqueue, stats, close)',
  });
  const dedupe =
    o.dedupe === undefined
      ? undefined
      : objectOption<DedupeStore>('dedupe', o.dedupe, {
          methods: ['claim', 'commit', 'release'],
          what: 'a DedupeStore (claim, commit, release)',
        });
  const logger = objectOption<WebhookLogger>('logger', o.logger ?? DEFAULTS.logger, {
    methods: ['info', 'warn', 'error'],
    what: 'a logger with info, warn and error',
  });
  return {
    verifier,
    queue,
    source: stringOption('source', o.source),
    dedupe: dedupe ?? createMemoryDedupeStore(),
    maxBodyBytes: whole('maxBodyBytes', 1, 2 ** 30),
    storeTimeoutMs: whole('storeTimeoutMs', 1, 60_000),
    retryAfterSeconds: whole('retryAfterSeconds', 0, 86_400),
    acceptPayload: functionOption<(payload: unknown) => boolean>(
      'acceptPayload',
      o.acceptPayload ?? DEFAULTS.acceptPayload,
    ),
    metrics: (o.metrics as WebhookMetrics | undefined) ?? createWebhookMetrics(),
    logger,
    now: functionOption<() => number>('now', o.now ?? DEFAULTS.now),
  };
}
