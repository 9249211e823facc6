import type { BusinessMetrics } from '@preflight/metrics';
import type { WebhookEvent } from '@preflight/webhooks';

/** The booking checklist's payment statuses, sent as `payment.updated` webhooks. */
export type PaymentStatus = 'PENDING' | 'SUCCESSFUL' | 'FAILED';

/** The booking checklist's payment timeout: a payment still PENDING after it has failed. */
export const PAYMENT_TIMEOUT_MS = 5 * 60_000;

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  readonly business: BusinessMetrics;
  /** Where processed and failed payments are logged (pino call shape). */
  readonly log: Log;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Most payments tracked as PENDING; the oldest beyond are timed out early. @default 10000 */
  readonly maxPending?: number;
}

/** The example's webhook handler: purchase notifications and payment state. */
export interface ExampleWebhookHandler {
  handle(event: WebhookEvent): void;
  /** Fails payments PENDING for longer than the timeout; returns how many. */
  sweep(): number;
  pendingPayments(): number;
}

const STATUSES = new Set<string>(['PENDING', 'SUCCESSFUL', 'FAILED']);

/**
 * Handles the partner's webhooks. `payment.updated` follows the booking checklist: PENDING
 * starts the 5-minute timeout, SUCCESSFUL settles, FAILED — or no answer within the timeout —
 * counts `preflight_business_payments_total{outcome="failed"}`, which the payment-failure alert
 * reads. Deliveries arrive out of order and more than once, so a final state wins and a late
 * PENDING for a settled payment is ignored.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): ExampleWebhookHandler {
  const now = options.now ?? Date.now;
  const maxPending = options.maxPending ?? 10_000;
  const pending = new Map<string, number>(); // payment id → deadline, oldest first
  const settled = new Map<string, PaymentStatus>(); // bounded like pending
  const remember = (id: string, status: PaymentStatus): void => {
    settled.set(id, status);
    if (settled.size > maxPending) settled.delete(settled.keys().next().value as string);
  };
  const fail = (paymentId: string, reason: string): void => {
    pending.delete(paymentId);
    remember(paymentId, 'FAILED');
    options.business.recordPayment('failed');
    options.log.warn({ payment_id: paymentId, reason }, 'payment failed');
  };

  const onPayment = (event: WebhookEvent, data: Record<string, unknown>): void => {
    const paymentId = data.payment_id;
    const status = data.status;
    if (typeof paymentId !== 'string' || typeof status !== 'string' || !STATUSES.has(status)) {
      options.log.warn({ event_id: event.id }, 'payment webhook without payment_id or status');
      return;
    }
    if (settled.has(paymentId)) return; // a final state already won
    if (status === 'PENDING') {
      if (!pending.has(paymentId)) pending.set(paymentId, now() + PAYMENT_TIMEOUT_MS);
      while (pending.size > maxPending)
        fail(pending.keys().next().value as string, 'too_many_pending');
    } else if (status === 'SUCCESSFUL') {
      pending.delete(paymentId);
      remember(paymentId, 'SUCCESSFUL');
      options.business.countEvent('payment_settled');
    } else fail(paymentId, 'declined');
  };

  return {
    handle(event) {
      const payload = (
        typeof event.payload === 'object' && event.payload !== null ? event.payload : {}
      ) as {
        type?: unknown;
        data?: unknown;
      };
      const data = (
        typeof payload.data === 'object' && payload.data !== null ? payload.data : {}
      ) as Record<string, unknown>;
      if (payload.type === 'payment.updated') onPayment(event, data);
      options.business.countEvent('webhook_processed');
      options.log.info({ event_id: event.id, event_type: payload.type, data }, 'webhook processed');
    },
    sweep() {
      const t = now();
      let timedOut = 0;
      for (const [id, deadline] of pending) {
        if (deadline > t) break; // insertion order is deadline order
        fail(id, 'timeout');
        timedOut += 1;
      }
      return timedOut;
    },
    pendingPayments: () => pending.size,
  };
}

/** The example's event shape: refused with 400 before acknowledging when it does not match. */
export function isPartnerEvent(payload: unknown): boolean {
  if (typeof payload !== 'object' || payload === null) return false;
  const { type, data } = payload as Record<string, unknown>;
  return (
    typeof type === 'string' &&
    /^[\w.-]{1,64}$/.test(type) &&
    typeof data === 'object' &&
    data !== null
  );
}
