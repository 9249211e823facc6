import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { withDeadline } from '../deadline.js';
import { errorFields } from '../logger.js';
import { MALFORMED_BODY, STORE_UNAVAILABLE } from '../metric-names.js';
import type { WebhookEvent } from '../stores/queue.js';
import { readRawBody } from './raw-body.js';
import {
  type ReceiverConfig,
  resolveReceiverConfig,
  type WebhookReceiverOptions,
} from './receiver-config.js';

const ID_RE = /^[\x21-\x7e]{1,256}$/;

/**
 * The id deduplication keys on: the one the signature covers (Standard Webhooks), else the
 * payload's top-level `id` (Stripe and most partners), else a hash of the body, so at least a
 * byte-identical redelivery is caught.
 */
function eventIdOf(signedId: string | undefined, payload: unknown, body: Buffer): string {
  if (signedId !== undefined) return signedId;
  if (typeof payload === 'object' && payload !== null && !Array.isArray(payload)) {
    const id = (payload as Record<string, unknown>).id;
    if (typeof id === 'string' && ID_RE.test(id)) return id;
  }
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/** The body as JSON, or `undefined` when it is not JSON. */
function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Waits for a store at most `storeTimeoutMs`: the sender wants an answer within seconds. */
const bounded = <T>(config: ReceiverConfig, work: Promise<T>): Promise<T> =>
  withDeadline(work, config.storeTimeoutMs, `no answer within ${config.storeTimeoutMs} ms`);

/**
 * Express 5 middleware for `POST` webhook deliveries: reads the raw body (limit `maxBodyBytes`),
 * verifies the signature (401), parses JSON (400), claims the event id (a committed duplicate
 * gets 200 without processing), enqueues, and answers 202 only once the queue has stored the
 * event. A store that cannot answer gets 503 with `Retry-After`, so the partner redelivers.
 * Error bodies carry only the reason; nothing on this path throws on outside input.
 */
export function webhookReceiver(options: WebhookReceiverOptions): RequestHandler {
  const config = resolveReceiverConfig(options);
  config.metrics.observeQueue(config.source, () => config.queue.stats());
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') {
      res.set('allow', 'POST').status(405).json({ error: 'method_not_allowed' });
      return;
    }
    handle(config, req, res).catch((error: unknown) => {
      config.logger.error(
        { source: config.source, ...errorFields(error) },
        'webhook receiver failed',
      );
      if (!res.headersSent) unavailable(config, res, 'internal_error');
      else next();
    });
  };
}

function accepts(config: ReceiverConfig, payload: unknown): boolean {
  try {
    return config.acceptPayload(payload) === true;
  } catch {
    return false; // a throwing check refuses the body rather than crashing the request
  }
}

function unavailable(config: ReceiverConfig, res: Response, error: string): void {
  res.set('retry-after', String(config.retryAfterSeconds)).status(503).json({ error });
}

async function handle(config: ReceiverConfig, req: Request, res: Response): Promise<void> {
  const { source, metrics, logger } = config;
  const raw = await readRawBody(req, config.maxBodyBytes);
  if (raw === 'aborted') return;
  if (raw === 'too_large') {
    metrics.rejected(source, 'payload_too_large');
    res.set('connection', 'close').status(413).json({ error: 'payload_too_large' });
    return;
  }
  if (raw === 'already_parsed') {
    // A JSON parser ran first: the signed bytes are gone. A wiring bug, not the partner's fault.
    logger.error(
      { source },
      'webhook body was parsed before the receiver: mount it before express.json()',
    );
    res.status(500).json({ error: 'raw_body_unavailable' });
    return;
  }
  const verified = config.verifier.verify(req.headers, raw);
  if (!verified.ok) {
    metrics.rejected(source, verified.reason);
    logger.info(
      { source, reason: verified.reason, scheme: config.verifier.scheme },
      'webhook rejected',
    );
    res.status(401).json({ error: verified.reason });
    return;
  }
  const payload = parseJson(raw);
  if (payload === undefined || !accepts(config, payload)) {
    metrics.rejected(source, MALFORMED_BODY);
    res.status(400).json({ error: MALFORMED_BODY });
    return;
  }
  const id = eventIdOf(verified.id, payload, raw);
  const event: WebhookEvent = {
    id,
    source,
    receivedAt: config.now(),
    timestamp: verified.timestamp,
    payload,
  };
  await store(config, event, res);
}

/** A store failed or did not answer in time: 503, so the partner redelivers. */
function storeUnavailable(
  config: ReceiverConfig,
  res: Response,
  event: WebhookEvent,
  error: unknown,
  message: string,
): void {
  config.metrics.failed(config.source, STORE_UNAVAILABLE);
  config.logger.error(
    { source: config.source, event_id: event.id, ...errorFields(error) },
    message,
  );
  unavailable(config, res, STORE_UNAVAILABLE);
}

async function store(config: ReceiverConfig, event: WebhookEvent, res: Response): Promise<void> {
  const { source, metrics, logger, dedupe } = config;
  let claim: Awaited<ReturnType<typeof dedupe.claim>>;
  try {
    claim = await bounded(config, dedupe.claim(event.id));
  } catch (error) {
    storeUnavailable(config, res, event, error, 'webhook dedupe store unavailable');
    return;
  }
  if (claim !== 'claimed') {
    metrics.rejected(source, 'duplicate');
    if (claim === 'duplicate') res.status(200).json({ received: true, duplicate: true });
    // Another delivery of it is being stored: acknowledging now could lose it if that fails.
    else unavailable(config, res, 'in_flight');
    return;
  }
  try {
    await bounded(config, config.queue.enqueue(event));
  } catch (error) {
    await bounded(config, dedupe.release(event.id)).catch(() => undefined);
    storeUnavailable(config, res, event, error, 'webhook queue unavailable');
    return;
  }
  // Stored: acknowledge even if the commit fails (the claim then expires and the queue's own
  // id check catches a redelivery while the event is still queued).
  await bounded(config, dedupe.commit(event.id)).catch((error: unknown) =>
    logger.warn(
      { source, event_id: event.id, ...errorFields(error) },
      'webhook dedupe commit failed',
    ),
  );
  metrics.received(source);
  res.status(202).json({ received: true });
}
