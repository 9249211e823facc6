import { createServer } from 'node:http';
import type { Meter } from '@opentelemetry/api';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { alertRules, createMetrics, httpMetrics, renderRules } from '../src/index.js';
import { startOwnSdk } from './support/own-sdk.js';
import { requirePromtool, runPromtool } from './support/promtool.js';
import { close, find, listen, parseExposition } from './support/scrape.js';

// The p95 alert against the buckets a real scrape exports: every request takes the same time,
// the histogram comes from httpMetrics() through each pipeline, and promtool evaluates the
// shipped rule on it. With a 2 s threshold between two boundaries (the old 1 .. 2.5 bucket),
// 1.5 s requests interpolated to p95 = 2.425 s and paged.

const hasPromtool = requirePromtool();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Pipeline = () => Promise<{ meter: Meter; scrapeText(): Promise<string> }>;

const PIPELINES: [string, Pipeline][] = [
  [
    'createMetrics()',
    async () => {
      const metrics = createMetrics({ serviceName: 'api', runtimeMetrics: false });
      cleanups.push(() => metrics.shutdown());
      const server = createServer(metrics.handler());
      const base = await listen(server);
      cleanups.push(() => close(server));
      return { meter: metrics.meter, scrapeText: async () => (await fetch(base)).text() };
    },
  ],
  [
    "the app's own MeterProvider",
    async () => {
      const sdk = await startOwnSdk();
      cleanups.push(() => sdk.shutdown());
      return sdk;
    },
  ],
];

/** Bucket samples after `requests` requests that each take `seconds` (injected clock). */
async function scrapedBuckets(pipeline: Pipeline, seconds: number, requests: number) {
  const { meter, scrapeText } = await pipeline();
  let tick = 0;
  let start = true;
  // httpMetrics() reads the clock once when a request starts and once when it finishes.
  const now = () => {
    tick += start ? 0 : seconds * 1000;
    start = !start;
    return tick;
  };
  const app = express();
  app.use(httpMetrics({ meter, now }));
  app.get('/v1/orders', (_req, res) => {
    res.json({ ok: true });
  });
  const server = createServer(app);
  const base = await listen(server);
  cleanups.push(() => close(server));
  for (let i = 0; i < requests; i += 1) await (await fetch(`${base}/v1/orders`)).text();
  const samples = find(parseExposition(await scrapeText()), 'http_server_request_duration_bucket');
  expect(find(samples, 'http_server_request_duration_bucket', { le: '+Inf' })[0]?.value).toBe(
    requests,
  );
  return samples;
}

/** promtool input: the scraped increase repeats every minute (steady traffic), job="api". */
function inputSeries(samples: ReturnType<typeof parseExposition>) {
  return samples.map((s) => {
    const labels = Object.entries({ ...s.labels, job: 'api' })
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',');
    return { series: `${s.name}{${labels}}`, values: `0+${s.value}x40` };
  });
}

function p95Fires(samples: ReturnType<typeof parseExposition>, fires: boolean) {
  const tests = stringify({
    rule_files: ['rules.yml'],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: inputSeries(samples),
        promql_expr_test: [
          {
            expr: 'max(ALERTS{alertname="PreflightHighLatencyP95",alertstate="firing"})',
            eval_time: '30m',
            exp_samples: fires ? [{ labels: '{}', value: 1 }] : [],
          },
        ],
      },
    ],
  });
  return runPromtool((dir) => ['test', 'rules', `${dir}/tests.yml`], {
    'rules.yml': renderRules(alertRules({ include: ['PreflightHighLatencyP95'] })),
    'tests.yml': tests,
  });
}

describe.skipIf(!hasPromtool)('PreflightHighLatencyP95 on scraped buckets', () => {
  it.each(PIPELINES)('%s: silent when every request takes 1.5 s', async (_name, pipeline) => {
    const result = p95Fires(await scrapedBuckets(pipeline, 1.5, 20), false);
    expect(result.status, result.output).toBe(0);
  });

  it.each(PIPELINES)('%s: fires when every request takes 2.2 s', async (_name, pipeline) => {
    const result = p95Fires(await scrapedBuckets(pipeline, 2.2, 20), true);
    expect(result.status, result.output).toBe(0);
  });

  it('the harness can fail: expecting silence at 2.2 s is reported', async () => {
    const [, pipeline] = PIPELINES[0] as [string, Pipeline];
    const result = p95Fires(await scrapedBuckets(pipeline, 2.2, 20), false);
    expect(result.status).not.toBe(0);
  });
});
