import express, { type Request, type Response, type Router } from 'express';
import type { DedupeStore } from '../webhook/webhook-dedupe.js';
import {
  verifyWebhook,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from '../webhook/webhook-signature.js';
import type { WebhookQueue } from './webhook-queue.js';

/** The slice of `@preflight/metrics`' webhook helpers the receiver records into. */
export interface WebhookCounters {
  received(source: string): void;
  failed(source: string, reason: string): void;
}

/** Options of {@link webhookReceiver}. */
export interface WebhookReceiverOptions {
  /** Signing secrets, current first (a previous one keeps deliveries valid during rotation). */
  readonly secrets: readonly string[];
  readonly dedupe: DedupeStore;
  readonly queue: WebhookQueue;
  readonly metrics: WebhookCounters;
  /** `source` label of the webhook metrics. @default 'partner' */
  readonly source?: string;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Most bytes accepted in a body. @default '256kb' */
  readonly limit?: string;
}

const ID_RE = /^[\w-]{1,128}$/;
const TYPE_RE = /^[\w.-]{1,64}$/;

/**
 * `POST /` receiver: verifies the HMAC signature over the raw bytes within the 5-minute window,
 * acknowledges duplicates without reprocessing them, and queues the rest so the partner gets its
 * 2xx at once. Bad input gets a 4xx and a `failed{reason}` count, never a crash.
 */
export function webhookReceiver(options: WebhookReceiverOptions): Router {
  const source = options.source ?? 'partner';
  const now = options.now ?? Date.now;
  const router = express.Router();
  router.post(
    '/',
    express.raw({ type: () => true, limit: options.limit ?? '256kb' }),
    (req: Request, res: Response) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const rejection = verifyWebhook(
        {
          timestamp: req.get(WEBHOOK_TIMESTAMP_HEADER),
          signature: req.get(WEBHOOK_SIGNATURE_HEADER),
        },
        raw,
        { secrets: options.secrets, now },
      );
      if (rejection !== null) {
        options.metrics.failed(source, rejection);
        res.status(401).json({ error: rejection });
        return;
      }
      const event = parseEvent(raw);
      if (event === null) {
        options.metrics.failed(source, 'malformed_body');
        res.status(400).json({ error: 'malformed_body' });
        return;
      }
      if (options.dedupe.checkAndRecord(event.id)) {
        res.status(200).json({ received: true, duplicate: true });
        return;
      }
      if (!options.queue.push({ ...event, receivedAt: now() })) {
        options.metrics.failed(source, 'backlog_full');
        // 503 asks the partner to redeliver later rather than losing the event.
        res.status(503).json({ error: 'backlog_full' });
        return;
      }
      options.metrics.received(source);
      res.status(202).json({ received: true });
    },
  );
  return router;
}

function parseEvent(raw: Buffer): { id: string; type: string; data: unknown } | null {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const { id, type, data } = body as Record<string, unknown>;
  if (typeof id !== 'string' || !ID_RE.test(id)) return null;
  if (typeof type !== 'string' || !TYPE_RE.test(type)) return null;
  return { id, type, data };
}
