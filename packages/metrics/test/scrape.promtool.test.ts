import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBusinessMetrics,
  createWebhookMetrics,
  instrumentFetch,
  PROMETHEUS_NAMES,
} from '../src/index.js';
import { startApp, type TestApp } from './support/app.js';
import { requirePromtool, runPromtool } from './support/promtool.js';

const hasPromtool = requirePromtool();

describe.skipIf(!hasPromtool)('a real scrape under promtool check metrics', () => {
  let t: TestApp;
  let text = '';

  beforeAll(async () => {
    t = await startApp((app) => {
      app.get('/v1/members/:id', (_req, res) => {
        res.json({ id: 1 });
      });
      app.get('/fail', () => {
        throw new Error('x');
      });
      app.get('/partner', (_req, res) => {
        res.status(401).json({ error: { code: 'AUTH_INVALID_KEY' } });
      });
    });
    // Same app, every kind of metric this package records.
    const partnerFetch = instrumentFetch(fetch, { upstream: 'loyalty', meter: t.metrics.meter });
    const business = createBusinessMetrics({
      meter: t.metrics.meter,
      events: ['checkout_started'],
    });
    const webhooks = createWebhookMetrics({ meter: t.metrics.meter });
    await (await fetch(`${t.base}/v1/members/1`)).text();
    await (await fetch(`${t.base}/nope`)).text();
    await (await fetch(`${t.base}/fail`)).text();
    await (await partnerFetch(`${t.base}/partner`)).text();
    business.countEvent('checkout_started');
    business.recordPayment('failed');
    business.observeBalance('main', () => 120);
    webhooks.received('loyalty');
    webhooks.failed('loyalty', 'signature');
    webhooks.observeBacklog('loyalty', () => Date.now() - 5000);
    await new Promise((r) => setTimeout(r, 20));
    text = await t.scrapeText();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('covers the HTTP, upstream, business and webhook metrics', () => {
    for (const name of [
      PROMETHEUS_NAMES.httpServerRequestDurationBucket,
      PROMETHEUS_NAMES.httpServerActiveRequests,
      PROMETHEUS_NAMES.httpClientRequestDurationCount,
      PROMETHEUS_NAMES.upstreamErrors,
      PROMETHEUS_NAMES.businessEvents,
      PROMETHEUS_NAMES.businessPayments,
      PROMETHEUS_NAMES.businessBalance,
      PROMETHEUS_NAMES.webhookReceived,
      PROMETHEUS_NAMES.webhookFailed,
      PROMETHEUS_NAMES.webhookBacklogAge,
    ]) {
      expect(text).toContain(`\n${name}{`);
    }
  });

  it('promtool check metrics prints nothing', () => {
    const result = runPromtool(() => ['check', 'metrics'], {}, text);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('promtool check metrics does complain about a badly named metric (the check can fail)', () => {
    const bad = `${text}# HELP bad_counter x\n# TYPE bad_counter counter\nbad_counter 1\n`;
    expect(runPromtool(() => ['check', 'metrics'], {}, bad).output).toContain(
      'counter metrics should have "_total" suffix',
    );
  });
});
