import {
  createMemoryDedupeStore,
  createMemoryQueue,
  createWebhookMetrics,
  createWebhookVerifier,
  type DedupeStore,
  type WebhookHandler,
  type WebhookLogger,
  type WebhookQueue,
  webhookReceiver,
} from '@preflight/webhooks';
import { createRedisDedupeStore, createRedisQueue } from '@preflight/webhooks/redis';
import type { RequestHandler } from 'express';
import type { ServiceConfig } from '../config.js';
import { isPartnerEvent } from './payment-webhooks.js';

/** The receiver and what it needs closed on shutdown. */
export interface WebhookIntake {
  readonly receiver: RequestHandler;
  /** Events waiting or running, as last sampled; each call starts the next sample (demo status line). */
  backlog(): number;
  /** Stops taking work, lets running handlers finish, closes Redis connections. */
  close(): Promise<void>;
}

/**
 * Composes `@preflight/webhooks` for the partner: the configured signature scheme, and
 * in-process dedupe and queue — or, with `REDIS_URL`, the Redis ones shared by every replica,
 * processing here unless `WEBHOOK_WORKER=off`.
 */
export function createWebhookIntake(
  config: ServiceConfig,
  source: string,
  handler: WebhookHandler,
  logger: WebhookLogger,
): WebhookIntake {
  const metrics = createWebhookMetrics();
  const verifier = createWebhookVerifier({
    scheme: config.webhookScheme,
    secrets: config.webhookSecrets,
  });
  let queue: WebhookQueue;
  let dedupe: DedupeStore;
  if (config.redisUrl === undefined) {
    queue = createMemoryQueue({ handler, metrics, logger });
    dedupe = createMemoryDedupeStore();
  } else {
    const connection = config.redisUrl;
    queue = createRedisQueue({
      connection,
      metrics,
      logger,
      ...(config.webhookWorker ? { handler } : {}),
    });
    dedupe = createRedisDedupeStore({ connection });
  }
  // Sampled when asked (the demo's status line, once a second), not on a timer of its own:
  // a service nobody asks sends the queue no stats commands (two per call on Redis).
  let backlog = 0;
  let sampling = false;
  const sampleBacklog = (): number => {
    if (!sampling) {
      sampling = true;
      queue
        .stats()
        .then(
          (s) => {
            backlog = s.backlog;
          },
          () => undefined,
        )
        .finally(() => {
          sampling = false;
        });
    }
    return backlog;
  };
  return {
    receiver: webhookReceiver({
      verifier,
      queue,
      dedupe,
      source,
      metrics,
      logger,
      acceptPayload: isPartnerEvent,
    }),
    backlog: sampleBacklog,
    async close() {
      await queue.close();
      await dedupe.close?.();
    },
  };
}
