import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRateLimitedFetch,
  createRateLimitTracker,
  isRateLimitConfigError,
  RATELIMIT_METRICS,
  RATELIMIT_PROMETHEUS_METRICS,
  type RateLimitTrackerOptions,
} from '../src/index.js';

const T0 = Date.UTC(2026, 0, 1);

function setup(options: Omit<RateLimitTrackerOptions, 'now'> = {}) {
  let now = T0;
  const warnings: Array<{ obj: Record<string, unknown>; msg: string }> = [];
  const tracker = createRateLimitTracker({
    logger: { warn: (obj, msg) => warnings.push({ obj: obj as Record<string, unknown>, msg }) },
    ...options,
    now: () => now,
  });
  return { tracker, warnings, advance: (ms: number) => (now += ms) };
}

const budget = (remaining: number, limit = 100, reset = 60) => ({
  status: 200,
  headers: {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(reset),
  },
});

/** The sample line of `name` with exactly these leading labels (the exporter adds its scope). */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{${labels},`) || l.startsWith(`${name}{${labels}}`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function scrape(provider: MeterProvider, exporter: PrometheusExporter): Promise<string> {
  await provider.forceFlush();
  const { resourceMetrics } = await exporter.collect();
  return new PrometheusSerializer().serialize(resourceMetrics);
}

describe('createRateLimitTracker – state', () => {
  it('keeps state per upstream and returns undefined for an unseen upstream', () => {
    const { tracker } = setup();
    tracker.observe('payments', budget(40));
    tracker.observe('loyalty', budget(7, 10));
    expect(tracker.state('payments')).toMatchObject({
      limit: 100,
      remaining: 40,
      resetSeconds: 60,
    });
    expect(tracker.state('loyalty')).toMatchObject({ limit: 10, remaining: 7 });
    expect(tracker.state('bookings')).toBeUndefined();
  });

  it('counts seconds to reset down with the injected clock, stopping at 0', () => {
    const { tracker, advance } = setup();
    tracker.observe('partner', budget(50, 100, 30));
    advance(10_000);
    expect(tracker.state('partner')?.resetSeconds).toBe(20);
    advance(60_000);
    expect(tracker.state('partner')?.resetSeconds).toBe(0);
  });

  it('keeps every bucket of per-resource dialects and names the primary', () => {
    const { tracker } = setup();
    tracker.observe('openai', {
      status: 200,
      headers: new Headers({
        'x-ratelimit-limit-requests': '60',
        'x-ratelimit-remaining-requests': '59',
        'x-ratelimit-limit-tokens': '1000',
        'x-ratelimit-remaining-tokens': '10',
      }),
    });
    const state = tracker.state('openai');
    expect(state?.bucket).toBe('requests');
    expect(state?.buckets.map((b) => [b.name, b.remaining])).toEqual([
      ['requests', 59],
      ['tokens', 10],
    ]);
  });

  it('ignores responses without rate-limit headers (state stays as last reported)', () => {
    const { tracker } = setup();
    tracker.observe('partner', budget(50));
    tracker.observe('partner', { status: 200, headers: {} });
    expect(tracker.state('partner')?.remaining).toBe(50);
  });

  it('drops the least recently observed bucket beyond maxBucketsPerUpstream', () => {
    const { tracker } = setup({ maxBucketsPerUpstream: 2 });
    for (const bucket of ['a', 'b', 'a', 'c']) {
      tracker.observe('discord', {
        status: 200,
        headers: { 'x-ratelimit-remaining': '1', 'x-ratelimit-bucket': bucket },
      });
    }
    expect(tracker.state('discord')?.buckets.map((b) => b.name)).toEqual(['a', 'c']);
  });

  it('stops tracking new upstreams beyond maxUpstreams, warning once', () => {
    const { tracker, warnings } = setup({ maxUpstreams: 1, lowWatermark: 0 });
    tracker.observe('one', budget(1));
    tracker.observe('two', budget(1));
    tracker.observe('three', budget(1));
    expect(tracker.state('one')?.remaining).toBe(1);
    expect(tracker.state('two')).toBeUndefined();
    expect(warnings).toEqual([
      {
        msg: 'rate-limit tracker full: further upstreams are not tracked',
        obj: { upstream: 'two', maxUpstreams: 1 },
      },
    ]);
  });

  it('reads Node-style responses with statusCode and IncomingHttpHeaders', () => {
    const { tracker } = setup();
    const info = tracker.observe('partner', {
      statusCode: 429,
      headers: { 'retry-after': '3', 'x-ratelimit-remaining': ['0'] },
    });
    expect([info.retryAfterSeconds, info.remaining]).toEqual([3, 0]);
  });
});

describe('createRateLimitTracker – pauses', () => {
  it('holds a bucket, or the whole upstream, and only ever extends a pause', () => {
    const { tracker } = setup();
    tracker.pause('github', T0 + 5_000, 'search');
    expect(tracker.pausedUntil('github', 'search')).toBe(T0 + 5_000);
    expect(tracker.pausedUntil('github', 'core')).toBe(0);
    expect(tracker.pausedUntil('github')).toBe(T0 + 5_000);
    tracker.pause('github', T0 + 2_000);
    expect(tracker.pausedUntil('github', 'core')).toBe(T0 + 2_000);
    tracker.pause('github', T0 + 1_000, 'search');
    expect(tracker.pausedUntil('github', 'search')).toBe(T0 + 5_000);
    expect(tracker.state('github')?.pausedUntil).toBe(T0 + 5_000);
    tracker.pause('github', Number.NaN);
    expect(tracker.pausedUntil('github', 'core')).toBe(T0 + 2_000);
  });
});

describe('createRateLimitTracker – low watermark', () => {
  it('warns once when remaining crosses below 10 % of the limit by default', () => {
    const { tracker, warnings } = setup();
    for (const remaining of [50, 10, 9, 5, 0]) tracker.observe('partner', budget(remaining));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toEqual({
      msg: 'rate-limit budget low',
      obj: {
        upstream: 'partner',
        bucket: 'default',
        remaining: 9,
        limit: 100,
        resetSeconds: 60,
        lowWatermark: 10,
      },
    });
  });

  it('warns again after the budget recovered and ran low a second time', () => {
    const { tracker, warnings } = setup();
    for (const remaining of [5, 100, 3]) tracker.observe('partner', budget(remaining));
    expect(warnings.map((w) => w.obj.remaining)).toEqual([5, 3]);
  });

  it('accepts an absolute watermark like the checklist’s < 100', () => {
    const { tracker, warnings } = setup({ lowWatermark: 100 });
    tracker.observe('partner', budget(100, 5000));
    expect(warnings).toHaveLength(0);
    tracker.observe('partner', budget(99, 5000));
    expect(warnings).toHaveLength(1);
    expect(tracker.state('partner')?.buckets[0]?.low).toBe(true);
  });

  it('keeps observing when the logger throws', () => {
    const tracker = createRateLimitTracker({
      logger: {
        warn: () => {
          throw new Error('sink down');
        },
      },
    });
    expect(() => tracker.observe('partner', budget(1))).not.toThrow();
    expect(tracker.state('partner')?.remaining).toBe(1);
  });
});

describe('createRateLimitTracker – metrics', () => {
  function withMeter(extra: Omit<RateLimitTrackerOptions, 'meter' | 'now'> = {}) {
    const exporter = new PrometheusExporter({ preventServerStart: true });
    const provider = new MeterProvider({ readers: [exporter] });
    let now = T0;
    const tracker = createRateLimitTracker({
      meter: provider.getMeter('test'),
      now: () => now,
      ...extra,
    });
    return { tracker, exporter, provider, advance: (ms: number) => (now += ms) };
  }

  it('exports gauges per upstream and bucket under the cross-package names', async () => {
    const { tracker, exporter, provider, advance } = withMeter();
    tracker.observe('partner', budget(42, 100, 30));
    advance(10_000);
    const text = await scrape(provider, exporter);
    expect(
      sample(text, RATELIMIT_PROMETHEUS_METRICS.remaining, 'upstream="partner",bucket="default"'),
    ).toBe(42);
    expect(
      sample(text, RATELIMIT_PROMETHEUS_METRICS.limit, 'upstream="partner",bucket="default"'),
    ).toBe(100);
    expect(
      sample(
        text,
        RATELIMIT_PROMETHEUS_METRICS.resetSeconds,
        'upstream="partner",bucket="default"',
      ),
    ).toBe(20);
  });

  it('counts 429 responses, retries and give-ups with bounded attributes', async () => {
    const { tracker, exporter, provider } = withMeter();
    tracker.observe('partner', { status: 429, headers: {} });
    tracker.observe('partner', { status: 429, headers: {} });
    tracker.observe('partner', { status: 200, headers: {} });
    tracker.recordRetry('partner', 'rate_limited');
    tracker.recordGiveUp('partner', 'retries_exhausted');
    const text = await scrape(provider, exporter);
    expect(sample(text, RATELIMIT_PROMETHEUS_METRICS.rateLimited, 'upstream="partner"')).toBe(2);
    expect(
      sample(
        text,
        RATELIMIT_PROMETHEUS_METRICS.retries,
        'upstream="partner",reason="rate_limited"',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        RATELIMIT_PROMETHEUS_METRICS.giveUps,
        'upstream="partner",reason="retries_exhausted"',
      ),
    ).toBe(1);
  });

  it('maps every OTel name to the Prometheus name the exporter really writes', async () => {
    const { tracker, exporter, provider } = withMeter();
    tracker.observe('partner', { status: 429, headers: budget(1).headers });
    tracker.recordRetry('partner', 'server_error');
    tracker.recordGiveUp('partner', 'maybe_applied');
    const text = await scrape(provider, exporter);
    const written = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    for (const key of Object.keys(RATELIMIT_METRICS) as Array<keyof typeof RATELIMIT_METRICS>) {
      expect(RATELIMIT_PROMETHEUS_METRICS[key].replace(/_total$/, '')).toBe(
        RATELIMIT_METRICS[key].replaceAll('.', '_'),
      );
      expect(written.has(RATELIMIT_PROMETHEUS_METRICS[key])).toBe(true);
      expect(text).toMatch(new RegExp(`^${RATELIMIT_PROMETHEUS_METRICS[key]}\\{`, 'm'));
    }
  });

  describe('without a meter', () => {
    afterEach(() => {
      metrics.disable();
    });

    it('records on the global meter registered before the tracker was created', async () => {
      const exporter = new PrometheusExporter({ preventServerStart: true });
      const provider = new MeterProvider({ readers: [exporter] });
      expect(metrics.setGlobalMeterProvider(provider)).toBe(true);
      const tracker = createRateLimitTracker({ now: () => T0 });
      tracker.observe('partner', { status: 429, headers: budget(7, 100, 30).headers });
      const text = await scrape(provider, exporter);
      expect(
        sample(text, RATELIMIT_PROMETHEUS_METRICS.remaining, 'upstream="partner",bucket="default"'),
      ).toBe(7);
      expect(sample(text, RATELIMIT_PROMETHEUS_METRICS.rateLimited, 'upstream="partner"')).toBe(1);
      expect(text).toMatch(/otel_scope_name="@preflight\/ratelimit"/);
    });

    it('lets createRateLimitedFetch’s own tracker record on the global meter', async () => {
      const exporter = new PrometheusExporter({ preventServerStart: true });
      const provider = new MeterProvider({ readers: [exporter] });
      metrics.setGlobalMeterProvider(provider);
      const partnerFetch = createRateLimitedFetch({
        upstream: 'partner',
        fetch: async () => new Response(null, { status: 200, headers: budget(9).headers }),
      });
      await partnerFetch('http://127.0.0.1/');
      const text = await scrape(provider, exporter);
      expect(
        sample(text, RATELIMIT_PROMETHEUS_METRICS.remaining, 'upstream="partner",bucket="default"'),
      ).toBe(9);
    });

    it('records nothing and does not throw when no SDK is registered', () => {
      const tracker = createRateLimitTracker();
      expect(tracker.observe('partner', budget(7)).remaining).toBe(7);
      tracker.recordRetry('partner', 'rate_limited');
      tracker.recordGiveUp('partner', 'retries_exhausted');
    });
  });

  it.skipIf(!existsSync('/usr/bin/promtool'))('passes promtool check metrics', async () => {
    const { tracker, exporter, provider } = withMeter();
    tracker.observe('partner', { status: 429, headers: budget(0).headers });
    tracker.recordRetry('partner', 'rate_limited');
    const file = join(mkdtempSync(join(tmpdir(), 'ratelimit-')), 'metrics.txt');
    writeFileSync(file, await scrape(provider, exporter));
    const output = execFileSync('sh', ['-c', `promtool check metrics < ${file} 2>&1`], {
      encoding: 'utf8',
    });
    expect(output).toBe('');
  });
});

describe('createRateLimitTracker – options', () => {
  it.each([
    [{ lowWatermark: -1 }, 'lowWatermark'],
    [{ lowWatermark: { fraction: 1.5 } }, 'lowWatermark.fraction'],
    [{ lowWatermark: '10%' }, 'lowWatermark'],
    [{ meter: {} }, 'meter'],
    [{ logger: console.log }, 'logger'],
    [{ now: 5 }, 'now'],
    [{ maxUpstreams: 0 }, 'maxUpstreams'],
    [{ maxBucketsPerUpstream: 1.5 }, 'maxBucketsPerUpstream'],
    [{ lowWaterMark: 5 }, 'options.lowWaterMark'],
  ])('rejects %j naming the option %s', (options, option) => {
    let caught: unknown;
    try {
      createRateLimitTracker(options as never);
    } catch (error) {
      caught = error;
    }
    expect(isRateLimitConfigError(caught)).toBe(true);
    expect((caught as { option: string }).option).toBe(option);
    expect((caught as Error).message).toContain(`\`${option}\``);
  });
});

describe('createRateLimitTracker – Node responses', () => {
  it('observes a real http.IncomingMessage (statusCode, IncomingHttpHeaders)', async () => {
    const { createServer, get } = await import('node:http');
    const server = createServer((_req, res) => {
      res.setHeader('X-RateLimit-Limit', '60');
      res.setHeader('X-RateLimit-Remaining', ['5', '5']);
      res.writeHead(429, { 'Retry-After': '12' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const { tracker } = setup();
    const info = await new Promise((resolve, reject) => {
      get(`http://127.0.0.1:${port}/`, (res) => {
        res.resume();
        resolve(tracker.observe('partner', res));
      }).on('error', reject);
    });
    server.close();
    expect(info).toMatchObject({ limit: 60, remaining: 5, retryAfterSeconds: 12 });
  });

  it('tolerates a missing response object', () => {
    const { tracker } = setup();
    expect(tracker.observe('partner', undefined as never)).toMatchObject({ limit: null });
  });
});
