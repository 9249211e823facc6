import { randomUUID } from 'node:crypto';
import {
  signWebhook,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from '../webhook/webhook-signature.js';
import type { FaultState } from './partner-faults.js';

/** Where and how the partner delivers webhooks. */
export interface PartnerWebhookOptions {
  /** The receiver's URL (the service's `/webhooks/partner`). */
  readonly url: string;
  /** The shared signing secret. */
  readonly secret: string;
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
 * Delivers events as `POST url` with `X-Webhook-Timestamp` and `X-Webhook-Signature`
 * (HMAC-SHA256 over `timestamp.body`); faults can duplicate deliveries or break signatures.
 */
export function createWebhookSender(
  options: PartnerWebhookOptions | undefined,
  faults: FaultState,
  now: () => number,
): WebhookSender {
  let sent = 0;
  let failed = 0;
  const deliver = async (body: string, secret: string): Promise<void> => {
    if (options === undefined) return;
    const ts = Math.floor(now() / 1000);
    sent += 1;
    try {
      const res = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_TIMESTAMP_HEADER]: String(ts),
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, ts, body),
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
      const body = JSON.stringify({
        id: `evt_${randomUUID()}`,
        type: event.type,
        created: Math.floor(now() / 1000),
        data: event.data,
      });
      const secret = Math.random() < f.webhookBadSignatureRate ? 'whsec_wrong' : options.secret;
      void deliver(body, secret);
      if (Math.random() < f.webhookDuplicateRate) void deliver(body, secret);
    },
    stats: () => ({ sent, failed }),
  };
}
