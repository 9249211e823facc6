import { metrics } from '@opentelemetry/api';
import { until } from '@preflight/test-harness';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryQueue,
  createWebhookMetrics,
  createWebhookVerifier,
  WEBHOOK_PROMETHEUS_METRICS as P,
  signStandardWebhook,
  webhookReceiver,
} from '../src/index.js';
import { sample, testMeter } from './support/metrics.js';
import { serve } from './support/serve.js';

const providers: Array<ReturnType<typeof testMeter>> = [];
afterEach(async () => {
  metrics.disable();
  for (const p of providers.splice(0)) await p.shutdown();
});

/** A test meter provider registered as the global one. */
function registerGlobal(): ReturnType<typeof testMeter> {
  const m = testMeter();
  providers.push(m);
  metrics.setGlobalMeterProvider(m.provider);
  return m;
}

const stats = { backlog: 3, oldestPendingAt: undefined, deadLetter: 1 };

describe('global meter rule', () => {
  it('records on the global provider registered after the recorders were created', async () => {
    const recorders = createWebhookMetrics(); // as a receiver or queue without `metrics` does
    recorders.observeQueue('partner', () => stats);
    recorders.received('partner'); // before any SDK: the API's no-op provider

    const sdk = registerGlobal();
    recorders.received('partner');
    recorders.attempt('partner', 0.01, false);
    const text = await sdk.scrape();
    expect(sample(text, P.received, { source: 'partner' })).toBe(1);
    expect(sample(text, P.failed, { source: 'partner', reason: 'processing' })).toBe(1);
    // The gauges registered before the SDK moved with the instruments.
    expect(sample(text, P.backlogSize, { source: 'partner' })).toBe(3);
    expect(sample(text, P.deadLetterSize, { source: 'partner' })).toBe(1);
  });

  it('moves counters and gauges to a provider that replaces the global one', async () => {
    const recorders = createWebhookMetrics({ now: () => 10_000 });
    const first = registerGlobal();
    let reads = 0;
    recorders.observeBacklog('partner', () => {
      reads += 1;
      return 4000;
    });
    recorders.received('partner');
    expect(sample(await first.scrape(), P.backlogAge, { source: 'partner' })).toBe(6);
    expect(reads).toBe(1);

    metrics.disable();
    const second = registerGlobal();
    recorders.received('partner');
    const text = await second.scrape();
    expect(sample(text, P.received, { source: 'partner' })).toBe(1);
    expect(sample(text, P.backlogAge, { source: 'partner' })).toBe(6);
    expect(reads).toBe(2);
    // The old provider no longer calls the gauge's callback, nor gets new counts.
    const old = await first.scrape();
    expect(reads).toBe(2);
    expect(sample(old, P.received, { source: 'partner' })).toBe(1);
  });

  it('a stopped observer is not registered again when the provider changes', async () => {
    const recorders = createWebhookMetrics();
    registerGlobal();
    const stop = recorders.observeQueue('partner', () => stats);
    stop();
    metrics.disable();
    const next = registerGlobal();
    recorders.received('partner');
    expect(sample(await next.scrape(), P.backlogSize, { source: 'partner' })).toBeUndefined();
  });

  it('an explicit meter wins over the global provider', async () => {
    const own = testMeter();
    providers.push(own);
    const global = registerGlobal();
    const recorders = createWebhookMetrics({ meter: own.meter });
    recorders.received('partner');
    expect(sample(await own.scrape(), P.received, { source: 'partner' })).toBe(1);
    expect(sample(await global.scrape(), P.received, { source: 'partner' })).toBeUndefined();
  });
});

describe('global meter rule, end to end', () => {
  it('a receiver and queue created before the SDK starts report to it once it is registered', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const now = 1_790_000_000_000;
    const processed: string[] = [];
    // No `metrics` anywhere: what an app that starts its SDK after building the app gets.
    const queue = createMemoryQueue({ handler: (event) => void processed.push(event.id) });
    const app = express();
    app.post(
      '/webhooks',
      webhookReceiver({
        verifier: createWebhookVerifier({ scheme: 'standard', secrets: [secret], now: () => now }),
        queue,
        source: 'partner',
        now: () => now,
      }),
    );
    const server = await serve(app);
    try {
      const sdk = registerGlobal();
      const body = JSON.stringify({ type: 'order.paid' });
      const res = await fetch(`${server.url}/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...signStandardWebhook(secret, 'msg_1', now / 1000, body),
        },
        body,
      });
      expect(res.status).toBe(202);
      await until(() => processed.length === 1, 'the event processed');
      await until(
        async () => sample(await sdk.scrape(), P.processed, { source: 'partner' }) === 1,
        'the processed event in a scrape',
      );
      const text = await sdk.scrape();
      expect(sample(text, P.received, { source: 'partner' })).toBe(1);
      expect(sample(text, P.backlogSize, { source: 'partner' })).toBe(0);
    } finally {
      await server.close();
      await queue.close();
    }
  });
});
