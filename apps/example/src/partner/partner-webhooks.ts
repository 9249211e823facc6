import { randomUUID } from 'node:crypto';
import { signStandardWebhook, signTimestampHmacWebhook } from '@preflight/webhooks';
import type { FaultState } from './partner-faults.js';

// A well-formed secret that is not ours: the receiver must answer 401 bad_signature.
const WRONG_SECRET = 'whsec_bm90LXRoZS1zaGFyZWQtc2VjcmV0';

/** Where and how the partner delivers webhooks. */
export interface PartnerWebhookOptions {
  /**
   * The receiver's URL (the service's `/webhooks/partner`), or a function read at each delivery
   * for a receiver whose port is known only once it listens (the e2e stack binds port 0).
   */
  readonly url: string | (() => string);
  /** The shared signing secret. */
  readonly secret: string;
  /**
   * `'standard'` (Standard Webhooks headers) or `'timestamp-hmac'` (the commerce checklist's
   * `X-Webhook-Signature: t=…,v1=…` over the body).
   * @default 'standard'
   */
  readonly scheme?: 'standard' | 'timestamp-hmac';
  /** Delivery timeout in milliseconds. @default 5000 */
  readonly timeoutMs?: number;
}

/** A webhook event before delivery. */
export interface WebhookEventInput {
  readonly type: string;
  readonly data: unknown;
}

/** Fire-and-forget delivery of signed events. */
export interface WebhookSender {
  send(event: WebhookEventInput): void;
  /** Deliveries attempted and failed (network error or non-2xx), since start. */
  stats(): { readonly sent: number; readonly failed: number };
}

/**
 * Delivers events as `POST url`, signed with Standard Webhooks (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`) or the commerce scheme; faults can duplicate
 * deliveries or break signatures.
 */
export function createWebhookSender(
  options: PartnerWebhookOptions | undefined,
  faults: FaultState,
  now: () => number,
): WebhookSender {
  let sent = 0;
  let failed = 0;
  const sign = (id: string, ts: number, body: string, secret: string): Record<string, string> =>
    options?.scheme === 'timestamp-hmac'
      ? { 'x-webhook-signature': signTimestampHmacWebhook(secret, ts, body) }
      : { ...signStandardWebhook(secret, id, ts, body) };
  const deliver = async (id: string, body: string, secret: string): Promise<void> => {
    if (options === undefined) return;
    const ts = Math.floor(now() / 1000);
    sent += 1;
    try {
      const res = await fetch(typeof options.url === 'function' ? options.url() : options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...sign(id, ts, body, secret),
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      await res.arrayBuffer();
      if (!res.ok) failed += 1;
    } catch {
      failed += 1;
    }
  };
  return {
    send(event) {
      if (options === undefined) return;
      const f = faults.current();
      const id = `evt_${randomUUID()}`;
      const body = JSON.stringify({
        id,
        type: event.type,
        created: Math.floor(now() / 1000),
        data: event.data,
      });
      const secret = Math.random() < f.webhookBadSignatureRate ? WRONG_SECRET : options.secret;
      void deliver(id, body, secret);
      if (Math.random() < f.webhookDuplicateRate) void deliver(id, body, secret);
    },
    stats: () => ({ sent, failed }),
  };
}
