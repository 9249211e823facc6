import { metrics } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRateLimitedFetch,
  createRateLimitTracker,
  RATELIMIT_PROMETHEUS_METRICS,
} from '../src/index.js';

const T0 = Date.UTC(2026, 0, 1);

const budget = (remaining: number, status = 200) => ({
  status,
  headers: {
    'x-ratelimit-limit': '100',
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': '60',
  },
});

function startSdk() {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  expect(metrics.setGlobalMeterProvider(provider)).toBe(true);
  return {
    async scrape(): Promise<string> {
      await provider.forceFlush();
      const { resourceMetrics } = await exporter.collect();
      return new PrometheusSerializer().serialize(resourceMetrics);
    },
  };
}

/** Every sample line of `name` for the partner upstream. */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{upstream="partner"`));
}

describe('the global meter rule: looked up at recording time', () => {
  afterEach(() => {
    metrics.disable();
  });

  it('records on an SDK started after the tracker was created', async () => {
    const tracker = createRateLimitTracker({ now: () => T0 });
    const sdk = startSdk();
    tracker.observe('partner', budget(7, 429));
    tracker.recordRetry('partner', 'rate_limited');
    tracker.recordGiveUp('partner', 'retries_exhausted');
    const text = await sdk.scrape();
    expect(samples(text, RATELIMIT_PROMETHEUS_METRICS.remaining)).toHaveLength(1);
    expect(samples(text, RATELIMIT_PROMETHEUS_METRICS.remaining)[0]).toMatch(/ 7$/);
    expect(samples(text, RATELIMIT_PROMETHEUS_METRICS.rateLimited)[0]).toMatch(/ 1$/);
    expect(samples(text, RATELIMIT_PROMETHEUS_METRICS.retries)[0]).toMatch(/ 1$/);
    expect(samples(text, RATELIMIT_PROMETHEUS_METRICS.giveUps)[0]).toMatch(/ 1$/);
  });

  it('records through createRateLimitedFetch made before the SDK started', async () => {
    const partnerFetch = createRateLimitedFetch({
      upstream: 'partner',
      fetch: async () => new Response(null, budget(9)),
    });
    const sdk = startSdk();
    await partnerFetch('http://127.0.0.1/');
    expect(samples(await sdk.scrape(), RATELIMIT_PROMETHEUS_METRICS.remaining)[0]).toMatch(/ 9$/);
  });

  it('moves its gauges to a provider that replaces the first, reporting each bucket once', async () => {
    const tracker = createRateLimitTracker({ now: () => T0 });
    startSdk();
    tracker.observe('partner', budget(5));
    metrics.disable();
    const second = startSdk();
    tracker.observe('partner', budget(4));
    expect(samples(await second.scrape(), RATELIMIT_PROMETHEUS_METRICS.remaining)).toEqual([
      expect.stringMatching(/ 4$/),
    ]);
  });

  it('keeps an explicit meter, whatever the global provider does', async () => {
    const exporter = new PrometheusExporter({ preventServerStart: true });
    const own = new MeterProvider({ readers: [exporter] });
    const tracker = createRateLimitTracker({ meter: own.getMeter('app'), now: () => T0 });
    const global = startSdk();
    tracker.observe('partner', budget(3));
    expect(samples(await global.scrape(), RATELIMIT_PROMETHEUS_METRICS.remaining)).toEqual([]);
    await own.forceFlush();
    const { resourceMetrics } = await exporter.collect();
    const text = new PrometheusSerializer().serialize(resourceMetrics);
    expect(samples(text, RATELIMIT_PROMETHEUS_METRICS.remaining)[0]).toMatch(/ 3$/);
  });
});
