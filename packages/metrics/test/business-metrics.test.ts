import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createBusinessMetrics,
  createMetrics,
  createWebhookMetrics,
  type Metrics,
  MetricsOptionError,
} from '../src/index.js';
import { close, find, listen, parseExposition } from './support/scrape.js';

let m: Metrics;
afterEach(async () => {
  await m?.shutdown();
});

async function samples() {
  const server = createServer(m.handler());
  const url = await listen(server);
  try {
    return parseExposition(await (await fetch(`${url}/metrics`)).text());
  } finally {
    await close(server);
  }
}

function meter() {
  m = createMetrics({ serviceName: 'svc', runtimeMetrics: false });
  return m.meter;
}

describe('createBusinessMetrics()', () => {
  it('counts declared business events by name and anything else as _OTHER', async () => {
    const business = createBusinessMetrics({
      meter: meter(),
      events: ['checkout_started', 'checkout_completed'],
    });
    business.countEvent('checkout_started');
    business.countEvent('checkout_started');
    business.countEvent('checkout_completed');
    business.countEvent('user-supplied-<script>');
    const s = await samples();
    expect(
      find(s, 'preflight_business_events_total', { event: 'checkout_started' })[0]?.value,
    ).toBe(2);
    expect(
      find(s, 'preflight_business_events_total', { event: 'checkout_completed' })[0]?.value,
    ).toBe(1);
    expect(find(s, 'preflight_business_events_total', { event: '_OTHER' })[0]?.value).toBe(1);
  });

  it('ignores negative or non-finite event counts instead of throwing', async () => {
    const business = createBusinessMetrics({ meter: meter(), events: ['search'] });
    business.countEvent('search', -5);
    business.countEvent('search', Number.NaN);
    business.countEvent('search', 3);
    expect(
      find(await samples(), 'preflight_business_events_total', { event: 'search' })[0]?.value,
    ).toBe(3);
  });

  it('counts payments by outcome', async () => {
    const business = createBusinessMetrics({ meter: meter() });
    business.recordPayment('succeeded');
    business.recordPayment('failed');
    business.recordPayment('failed');
    const s = await samples();
    expect(find(s, 'preflight_business_payments_total', { outcome: 'failed' })[0]?.value).toBe(2);
    expect(find(s, 'preflight_business_payments_total', { outcome: 'succeeded' })[0]?.value).toBe(
      1,
    );
  });

  it('reports the balance read at scrape time; undefined and unsubscribing freeze the last value', async () => {
    const business = createBusinessMetrics({ meter: meter() });
    let credits: number | undefined = 250;
    const stop = business.observeBalance('main', () => credits);
    expect(find(await samples(), 'preflight_business_balance', { account: 'main' })[0]?.value).toBe(
      250,
    );
    credits = 40;
    expect(find(await samples(), 'preflight_business_balance', { account: 'main' })[0]?.value).toBe(
      40,
    );
    // The SDK keeps the last value of an observable series (cumulative export): undefined
    // and stop() freeze it rather than remove it. The README says so.
    credits = undefined;
    expect(find(await samples(), 'preflight_business_balance', { account: 'main' })[0]?.value).toBe(
      40,
    );
    credits = 10;
    stop();
    expect(find(await samples(), 'preflight_business_balance', { account: 'main' })[0]?.value).toBe(
      40,
    );
  });

  it.each([
    [{ events: 'search' }, 'events'],
    [{ meter: 1 }, 'meter'],
    [{ event: [] }, 'event'],
  ])('rejects %j at creation, naming option %s', (options, option) => {
    expect(() => createBusinessMetrics(options as never)).toThrow(MetricsOptionError);
    expect(() => createBusinessMetrics(options as never)).toThrow(`"${option}"`);
  });
});

describe('createWebhookMetrics()', () => {
  it('counts received and failed webhooks by source and reason', async () => {
    const webhooks = createWebhookMetrics({ meter: meter() });
    webhooks.received('loyalty');
    webhooks.received('loyalty');
    webhooks.failed('loyalty', 'signature');
    const s = await samples();
    expect(find(s, 'preflight_webhook_received_total', { source: 'loyalty' })[0]?.value).toBe(2);
    expect(
      find(s, 'preflight_webhook_failed_total', { source: 'loyalty', reason: 'signature' })[0]
        ?.value,
    ).toBe(1);
  });

  it('reports the backlog age from the injected clock, 0 when nothing is pending', async () => {
    let now = 10_000_000;
    const webhooks = createWebhookMetrics({ meter: meter(), now: () => now });
    let oldest: number | undefined = now - 90_000;
    webhooks.observeBacklog('loyalty', () => oldest);
    expect(
      find(await samples(), 'preflight_webhook_backlog_age_seconds', { source: 'loyalty' })[0]
        ?.value,
    ).toBe(90);
    now += 3_600_000;
    expect(find(await samples(), 'preflight_webhook_backlog_age_seconds')[0]?.value).toBe(3690);
    oldest = undefined;
    expect(find(await samples(), 'preflight_webhook_backlog_age_seconds')[0]?.value).toBe(0);
  });

  it('rejects a non-function clock naming option now', () => {
    expect(() => createWebhookMetrics({ now: 5 } as never)).toThrow('"now"');
  });
});
