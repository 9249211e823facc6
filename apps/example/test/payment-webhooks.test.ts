import type { BusinessMetrics } from '@preflight/metrics';
import type { WebhookEvent } from '@preflight/webhooks';
import { describe, expect, it } from 'vitest';
import {
  createWebhookHandler,
  isPartnerEvent,
  PAYMENT_TIMEOUT_MS,
} from '../src/service/payment-webhooks.js';

function setup() {
  let now = 1_000_000;
  const payments: string[] = [];
  const events: string[] = [];
  const business = {
    recordPayment: (outcome: string) => void payments.push(outcome),
    countEvent: (event: string) => void events.push(event),
    observeBalance: () => () => undefined,
  } as unknown as BusinessMetrics;
  const quiet = { info: () => undefined, warn: () => undefined };
  const handler = createWebhookHandler({
    business,
    log: quiet,
    now: () => now,
    maxPending: 3,
  });
  let n = 0;
  const payment = (paymentId: string, status: string): WebhookEvent => {
    n += 1;
    return {
      id: `evt_${n}`,
      source: 'partner',
      receivedAt: now,
      timestamp: now,
      payload: { type: 'payment.updated', data: { payment_id: paymentId, status } },
    };
  };
  return {
    handler,
    payments,
    events,
    payment,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('payment webhooks (booking checklist: PENDING, SUCCESSFUL, FAILED, 5-minute timeout)', () => {
  it('PENDING then SUCCESSFUL settles without a failure', () => {
    const t = setup();
    t.handler.handle(t.payment('pay_1', 'PENDING'));
    expect(t.handler.pendingPayments()).toBe(1);
    t.handler.handle(t.payment('pay_1', 'SUCCESSFUL'));
    expect(t.handler.pendingPayments()).toBe(0);
    expect(t.payments).toEqual([]);
    expect(t.events).toContain('payment_settled');
  });

  it('FAILED counts a failed payment (the payment-failure alert reads it)', () => {
    const t = setup();
    t.handler.handle(t.payment('pay_1', 'PENDING'));
    t.handler.handle(t.payment('pay_1', 'FAILED'));
    expect(t.payments).toEqual(['failed']);
  });

  it('a payment still PENDING after 5 minutes fails once; one settled in time does not', () => {
    const t = setup();
    t.handler.handle(t.payment('pay_late', 'PENDING'));
    t.advance(PAYMENT_TIMEOUT_MS - 1);
    t.handler.handle(t.payment('pay_ok', 'PENDING'));
    expect(t.handler.sweep()).toBe(0);
    t.advance(1);
    expect(t.handler.sweep()).toBe(1);
    expect(t.payments).toEqual(['failed']);
    t.handler.handle(t.payment('pay_late', 'SUCCESSFUL')); // too late: already failed
    t.handler.handle(t.payment('pay_ok', 'SUCCESSFUL'));
    t.advance(PAYMENT_TIMEOUT_MS);
    expect(t.handler.sweep()).toBe(0);
    expect(t.payments).toEqual(['failed']);
  });

  it('out-of-order and repeated deliveries: a late PENDING after the outcome changes nothing', () => {
    const t = setup();
    t.handler.handle(t.payment('pay_1', 'SUCCESSFUL'));
    t.handler.handle(t.payment('pay_1', 'PENDING'));
    t.handler.handle(t.payment('pay_1', 'FAILED'));
    expect(t.handler.pendingPayments()).toBe(0);
    expect(t.payments).toEqual([]);
  });

  it('stays bounded: past maxPending the oldest pending payment is failed', () => {
    const t = setup();
    for (const id of ['a', 'b', 'c', 'd']) t.handler.handle(t.payment(id, 'PENDING'));
    expect(t.handler.pendingPayments()).toBe(3);
    expect(t.payments).toEqual(['failed']);
  });

  it('ignores payment webhooks without an id or a known status, never throwing', () => {
    const t = setup();
    t.handler.handle(t.payment('pay_1', 'REFUNDED'));
    t.handler.handle({
      ...t.payment('x', 'PENDING'),
      payload: { type: 'payment.updated', data: null },
    });
    t.handler.handle({ ...t.payment('x', 'PENDING'), payload: { type: 'payment.updated' } });
    expect(t.handler.pendingPayments()).toBe(0);
  });

  it('accepts only event-shaped bodies: a type and a data object', () => {
    expect(isPartnerEvent({ type: 'payment.updated', data: {} })).toBe(true);
    expect(isPartnerEvent({ type: 'purchase.completed' })).toBe(false);
    expect(isPartnerEvent({ type: '../x', data: {} })).toBe(false);
    expect(isPartnerEvent([1])).toBe(false);
  });
});
