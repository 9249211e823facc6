import { metrics } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealth, HEALTH_PROMETHEUS_METRICS as P } from '../src/index.js';
import { request, serveRouter } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  metrics.disable();
});

function prometheusProvider(): { provider: MeterProvider; scrape: () => Promise<string> } {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  cleanups.push(() => provider.shutdown());
  return {
    provider,
    scrape: async () =>
      new PrometheusSerializer().serialize((await exporter.collect()).resourceMetrics),
  };
}

const count = (text: string, check: string): number | undefined => {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${P.checkDuration}_count{check="${check}"`));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
};

describe('global meter rule', () => {
  it('records on the global provider of the moment, also when the SDK starts after the first probe', async () => {
    const health = createHealth({ checks: [{ name: 'db', cacheMs: 0, check: async () => {} }] });
    const served = await serveRouter(health.router());
    cleanups.push(
      () => served.close(),
      () => health.close(),
    );

    // Before any SDK: recorded on the API's no-op provider, and lost.
    expect((await request(`${served.url}/health/ready`)).status).toBe(200);

    const first = prometheusProvider();
    metrics.setGlobalMeterProvider(first.provider);
    await request(`${served.url}/health/ready`);
    const firstText = await first.scrape();
    expect(count(firstText, 'db')).toBe(1);
    expect(firstText).toMatch(new RegExp(`^${P.checkStatus}\\{check="db",[^}]*\\} 1$`, 'm'));
    // Readiness did not change, but the new provider still learns its current value.
    expect(firstText).toMatch(new RegExp(`^${P.ready}\\{[^}]*\\} 1$`, 'm'));

    // A different provider registered later takes over at the next recording.
    metrics.disable();
    const second = prometheusProvider();
    metrics.setGlobalMeterProvider(second.provider);
    await request(`${served.url}/health/ready`);
    expect(count(await second.scrape(), 'db')).toBe(1);
    expect(count(await first.scrape(), 'db')).toBe(1);
  });

  it('an explicit meter wins over the global provider', async () => {
    const own = prometheusProvider();
    const global = prometheusProvider();
    metrics.setGlobalMeterProvider(global.provider);
    const health = createHealth({
      meter: own.provider.getMeter('app'),
      checks: [{ name: 'db', cacheMs: 0, check: async () => {} }],
    });
    const served = await serveRouter(health.router());
    cleanups.push(
      () => served.close(),
      () => health.close(),
    );
    await request(`${served.url}/health/ready`);
    expect(count(await own.scrape(), 'db')).toBe(1);
    expect(count(await global.scrape(), 'db')).toBeUndefined();
  });
});
