import { setTimeout as sleep } from 'node:timers/promises';
import { signStandardWebhook, signTimestampHmacWebhook } from '@preflight/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './helpers/stack.js';

// The commerce checklist's scheme, switched on with WEBHOOK_SCHEME: the partner signs
// `X-Webhook-Signature: t=…,v1=<hex HMAC of the body>` and the service verifies exactly that.
const COMMERCE_SECRET = 'commerce-webhook-secret-32-chars!!';

describe('the service with WEBHOOK_SCHEME=timestamp-hmac', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ WEBHOOK_SCHEME: 'timestamp-hmac', WEBHOOK_SECRET: COMMERCE_SECRET });
  }, 60_000);
  afterAll(() => stack?.stop());

  const post = (headers: Record<string, string>, body: string) =>
    fetch(`${stack.serviceUrl}/webhooks/partner`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('accepts the commerce signature, deduplicates by the body id, refuses a Standard Webhooks one', async () => {
    const body = JSON.stringify({
      id: 'evt_commerce_1',
      type: 'payment.updated',
      data: { payment_id: 'pay_1', status: 'PENDING' },
    });
    const ts = Math.floor(Date.now() / 1000);
    const signature = {
      'x-webhook-signature': signTimestampHmacWebhook(COMMERCE_SECRET, ts, body),
    };
    expect((await post(signature, body)).status).toBe(202);
    expect(await (await post(signature, body)).json()).toEqual({ received: true, duplicate: true });
    const standard = signStandardWebhook(
      'whsec_ZTJlLXdlYmhvb2stc2VjcmV0',
      'evt_commerce_2',
      ts,
      body,
    );
    const refused = await post(standard, body);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'missing_signature' });
  });

  it("processes the simulated partner's deliveries signed the same way", async () => {
    const res = await fetch(`${stack.serviceUrl}/api/purchases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ member_id: 'mem_0001', points: 5, customer: {} }),
    });
    expect(res.status).toBe(201);
    // purchase.completed + payment PENDING + SUCCESSFUL, all verified and processed.
    let scrape = '';
    const deadline = Date.now() + 15_000;
    const count = (event: string) =>
      [
        ...scrape.matchAll(
          new RegExp(`preflight_business_events_total\\{event="${event}"[^}]*\\} (\\d+)`, 'g'),
        ),
      ]
        .map((m) => Number(m[1]))
        .reduce((a, b) => a + b, 0);
    while (Date.now() < deadline) {
      scrape = await (await fetch(`${stack.serviceUrl}/metrics`)).text();
      if (count('payment_settled') >= 1 && count('webhook_processed') >= 3) break;
      await sleep(200);
    }
    expect(count('payment_settled')).toBeGreaterThanOrEqual(1);
    expect(count('webhook_processed')).toBeGreaterThanOrEqual(3);
    expect(scrape).not.toMatch(/preflight_webhook_failed_total\{[^}]*reason="bad_signature"/);
  });
});
