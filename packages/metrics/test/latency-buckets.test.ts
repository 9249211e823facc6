import { createServer } from 'node:http';
import { AggregationType } from '@opentelemetry/sdk-metrics';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type AlertRulesOptions,
  alertRules,
  createMetrics,
  HTTP_DURATION_BUCKETS,
  httpMetrics,
  instrumentFetch,
  MetricsOptionError,
  renderRules,
} from '../src/index.js';
import { startOwnSdk } from './support/own-sdk.js';
import { close, find, listen, parseExposition } from './support/scrape.js';

// Buckets travel with the instruments (advice), and every latency threshold a rule uses is one
// of them: otherwise an app that owns its SDK gets millisecond buckets on a seconds histogram,
// and histogram_quantile interpolates between boundaries, so the alert is a guess.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Serves one request through httpMetrics() and one outbound call through instrumentFetch(). */
async function recordOneEach(meter: import('@opentelemetry/api').Meter): Promise<void> {
  const app = express();
  app.use(httpMetrics({ meter }));
  app.get('/v1/orders', (_req, res) => {
    res.json({ ok: true });
  });
  const server = createServer(app);
  const base = await listen(server);
  cleanups.push(() => close(server));
  const tracked = instrumentFetch(fetch, { upstream: 'loyalty', meter });
  await (await tracked(`${base}/v1/orders`)).text();
}

const les = (text: string, name: string) =>
  find(parseExposition(text), name).map((s) => s.labels.le);
const SECONDS = [...HTTP_DURATION_BUCKETS.map(String), '+Inf'];

/** Every latency threshold the rendered rules compare against: p95 limits and `le` bounds. */
function thresholdsOf(options: AlertRulesOptions = {}): number[] {
  const doc = parse(renderRules(alertRules(options))) as {
    groups: { rules: { expr: string }[] }[];
  };
  const out: number[] = [];
  for (const { expr } of doc.groups.flatMap((g) => g.rules)) {
    for (const m of expr.matchAll(/histogram_quantile\(.*\)\s*>\s*([0-9.]+)/g))
      out.push(Number(m[1]));
    for (const m of expr.matchAll(/le=~"([^"]+)"/g))
      out.push(Number((m[1] as string).replace('(\\\\.0)?', '').replaceAll('\\\\.', '.')));
  }
  return out;
}

describe('duration buckets', () => {
  it("an app's own MeterProvider exports second buckets for httpMetrics() and instrumentFetch()", async () => {
    const sdk = await startOwnSdk();
    cleanups.push(() => sdk.shutdown());
    await recordOneEach(sdk.meter);
    const text = await sdk.scrapeText();
    expect(les(text, 'http_server_request_duration_bucket')).toEqual(SECONDS);
    expect(les(text, 'http_client_request_duration_bucket')).toEqual(SECONDS);
    expect(les(text, 'http_server_response_body_size_bucket')).toEqual([
      '0',
      '100',
      '1000',
      '10000',
      '100000',
      '1000000',
      '10000000',
      '+Inf',
    ]);
  });

  it("a view of the app's wins over the advice", async () => {
    const sdk = await startOwnSdk([
      {
        instrumentName: 'http.server.request.duration',
        aggregation: {
          type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
          options: { boundaries: [0.3, 3] },
        },
      },
    ]);
    cleanups.push(() => sdk.shutdown());
    await recordOneEach(sdk.meter);
    const text = await sdk.scrapeText();
    expect(les(text, 'http_server_request_duration_bucket')).toEqual(['0.3', '3', '+Inf']);
    expect(les(text, 'http_client_request_duration_bucket')).toEqual(SECONDS);
  });

  it('createMetrics() exports the same buckets, including 1 s and 2 s', async () => {
    const metrics = createMetrics({ serviceName: 'test', runtimeMetrics: false });
    cleanups.push(() => metrics.shutdown());
    await recordOneEach(metrics.meter);
    const server = createServer(metrics.handler());
    const base = await listen(server);
    cleanups.push(() => close(server));
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(les(text, 'http_server_request_duration_bucket')).toEqual(SECONDS);
    expect(les(text, 'http_client_request_duration_bucket')).toEqual(SECONDS);
    expect(SECONDS).toContain('1');
    expect(SECONDS).toContain('2');
  });
});

describe('latency thresholds are bucket boundaries', () => {
  it.each<[string, AlertRulesOptions, number[]]>([
    ['defaults', {}, [1, 2]],
    [
      'custom thresholds',
      { thresholds: { latencyP95Seconds: 1 }, slo: { latencyThresholdSeconds: 0.5 } },
      [0.5, 1],
    ],
    ['a 5 s p95', { thresholds: { latencyP95Seconds: 5 } }, [1, 5]],
  ])(
    '%s: every threshold in the rendered rules is a boundary a real scrape exports',
    async (_t, options, expected) => {
      const sdk = await startOwnSdk();
      cleanups.push(() => sdk.shutdown());
      await recordOneEach(sdk.meter);
      const exported = les(await sdk.scrapeText(), 'http_server_request_duration_bucket').map(
        Number,
      );
      const thresholds = thresholdsOf(options);
      expect([...new Set(thresholds)].sort((a, b) => a - b)).toEqual(expected);
      for (const t of thresholds) expect(exported).toContain(t);
    },
  );

  it.each<[AlertRulesOptions, string]>([
    [{ thresholds: { latencyP95Seconds: 1.5 } }, 'thresholds.latencyP95Seconds'],
    [{ thresholds: { latencyP95Seconds: 3 } }, 'thresholds.latencyP95Seconds'],
    [{ slo: { latencyThresholdSeconds: 0.3 } }, 'slo.latencyThresholdSeconds'],
  ])('refuses %j, naming the option and the boundaries', (options, option) => {
    let error: unknown;
    try {
      alertRules(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MetricsOptionError);
    expect((error as MetricsOptionError).option).toBe(option);
    expect((error as Error).message).toContain(HTTP_DURATION_BUCKETS.join(', '));
  });
});
