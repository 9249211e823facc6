import { createServer } from 'node:http';
import { metrics } from '@opentelemetry/api';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { httpMetrics, instrumentFetch, startTelemetry } from '../src/index.js';
import { close, find, listen, scrapeListener } from './support/scrape.js';

// The global-meter rule for the HTTP recorders: httpMetrics() and instrumentFetch() made before
// the SDK starts (module scope, app factories) record into it once it has, fast path included.

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  metrics.disable();
});

describe('httpMetrics() and instrumentFetch() without a meter', () => {
  it('created before startTelemetry(), record into its provider once it has started', async () => {
    const partner = express();
    partner.get('/v1/fail', (_req, res) => {
      res.status(401).json({ code: 'AUTH_INVALID_KEY' });
    });
    const partnerServer = createServer(partner);
    const partnerBase = await listen(partnerServer);
    stops.push(() => close(partnerServer));

    // Both made while the global provider is still the no-op one.
    const middleware = httpMetrics();
    const partnerFetch = instrumentFetch(fetch, { upstream: 'partner' });
    const app = express();
    app.use(middleware);
    app.get('/v1/members/:id', async (_req, res) => {
      await (await partnerFetch(`${partnerBase}/v1/fail`)).text();
      res.json({ ok: true });
    });
    const server = createServer(app);
    const base = await listen(server);
    stops.push(() => close(server));

    const telemetry = startTelemetry({ serviceName: 'svc', runtimeMetrics: false });
    stops.push(() => telemetry.shutdown());
    expect((await fetch(`${base}/v1/members/7`)).status).toBe(200);

    const deadline = Date.now() + 10_000;
    let samples = await scrapeListener(telemetry.handler());
    while (find(samples, 'preflight_upstream_errors_total').length === 0) {
      if (Date.now() > deadline) throw new Error('no upstream error counted');
      await new Promise((resolve) => setTimeout(resolve, 10));
      samples = await scrapeListener(telemetry.handler());
    }
    expect(
      find(samples, 'http_server_request_duration_count', { http_route: '/v1/members/:id' })[0]
        ?.value,
    ).toBe(1);
    expect(
      find(samples, 'http_client_request_duration_count', { upstream: 'partner' })[0]?.value,
    ).toBe(1);
    expect(
      find(samples, 'preflight_upstream_errors_total', { code: 'AUTH_INVALID_KEY' })[0]?.value,
    ).toBe(1);
    expect(find(samples, 'http_server_active_requests').length).toBeGreaterThan(0);
  });
});
