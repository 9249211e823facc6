import { randomUUID } from 'node:crypto';
import { type PartnerErrorBody, partnerErrorBody } from './partner-errors.js';
import type { WebhookSender } from './partner-webhooks.js';

/** A completed purchase as the partner returns it. */
export interface PartnerPurchase {
  readonly id: string;
  readonly member_id: string;
  readonly points: number;
  readonly status: 'completed';
  readonly balance_remaining: number;
  readonly created_at: string;
}

/** The outcome of one purchase call. */
export interface PurchaseResult {
  readonly status: number;
  readonly body: PartnerPurchase | PartnerErrorBody;
  /** True when an earlier response was replayed for the same `Idempotency-Key`. */
  readonly replayed: boolean;
}

/** The partner's account: balance, purchases, and the idempotency-key store. */
export interface PurchaseBook {
  purchase(body: unknown, idempotencyKey: string | undefined): PurchaseResult;
  balance(): number;
  setBalance(value: number): void;
}

interface Stored {
  readonly fingerprint: string;
  readonly result: PurchaseResult;
}

// Bounded like a real partner's 24 h key store: the oldest keys are forgotten first.
const MAX_KEYS = 10_000;
const KEY_RE = /^[\w-]{1,255}$/;

/** Creates the purchase book. */
export function createPurchaseBook(options: {
  readonly balance: number;
  readonly now: () => number;
  readonly webhooks: WebhookSender;
}): PurchaseBook {
  let balance = options.balance;
  const keys = new Map<string, Stored>();

  const execute = (body: unknown): PurchaseResult => {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const { member_id: memberId, points } = b;
    if (typeof memberId !== 'string' || memberId.length === 0 || memberId.length > 64) {
      return fail(400, partnerErrorBody('INVALID_REQUEST', 'member_id is required'));
    }
    if (typeof points !== 'number' || !Number.isInteger(points) || points < 1 || points > 1e5) {
      return fail(400, partnerErrorBody('INVALID_REQUEST', 'points must be 1–100000'));
    }
    if (points > balance) {
      return fail(402, partnerErrorBody('INSUFFICIENT_BALANCE', 'not enough credits'));
    }
    balance -= points;
    const purchase: PartnerPurchase = {
      id: `pur_${randomUUID()}`,
      member_id: memberId,
      points,
      status: 'completed',
      balance_remaining: balance,
      created_at: new Date(options.now()).toISOString(),
    };
    options.webhooks.send({ type: 'purchase.completed', data: purchase });
    // The booking checklist's payment notifications: PENDING, then the outcome.
    const payment = { payment_id: `pay_${purchase.id.slice(4)}`, purchase_id: purchase.id };
    options.webhooks.send({ type: 'payment.updated', data: { ...payment, status: 'PENDING' } });
    options.webhooks.send({ type: 'payment.updated', data: { ...payment, status: 'SUCCESSFUL' } });
    return { status: 201, body: purchase, replayed: false };
  };

  return {
    purchase(body, idempotencyKey) {
      if (idempotencyKey === undefined) return execute(body);
      if (!KEY_RE.test(idempotencyKey)) {
        return fail(400, partnerErrorBody('INVALID_REQUEST', 'malformed Idempotency-Key'));
      }
      const fingerprint = JSON.stringify(body ?? null);
      const seen = keys.get(idempotencyKey);
      if (seen !== undefined) {
        if (seen.fingerprint !== fingerprint) {
          return fail(422, partnerErrorBody('IDEMPOTENCY_KEY_REUSED', 'key used for another body'));
        }
        return { ...seen.result, replayed: true };
      }
      const result = execute(body);
      // Only definitive outcomes are remembered, so a retry after a 5xx can still succeed.
      if (result.status < 500) {
        keys.set(idempotencyKey, { fingerprint, result });
        if (keys.size > MAX_KEYS) keys.delete(keys.keys().next().value as string);
      }
      return result;
    },
    balance: () => balance,
    setBalance(value) {
      balance = value;
    },
  };
}

function fail(status: number, body: PartnerErrorBody): PurchaseResult {
  return { status, body, replayed: false };
}
