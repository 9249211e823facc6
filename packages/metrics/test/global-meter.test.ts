import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createBusinessMetrics,
  createMetrics,
  createWebhookMetrics,
  METER_NAME,
  startTelemetry,
} from '../src/index.js';
import { meterBound } from '../src/meter.js';
import { find, scrapeListener } from './support/scrape.js';

// The global-meter rule (README, "Metrics"): without a `meter` option, recorders use the
// provider that is global when they record, so creating them before the SDK starts is fine.

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  metrics.disable();
});

describe('global meter rule', () => {
  it('exports business and webhook metrics created before startTelemetry() once it has started', async () => {
    // Created while the global provider is still the no-op one.
    const business = createBusinessMetrics({ events: ['checkout_started'] });
    const webhooks = createWebhookMetrics({ now: () => 10_000 });
    business.observeBalance('acme', () => 250);
    webhooks.observeBacklog('stripe', () => 4_000);

    const telemetry = startTelemetry({ serviceName: 'svc', runtimeMetrics: false });
    stops.push(() => telemetry.shutdown());
    business.countEvent('checkout_started', 2);
    business.recordPayment('failed');
    webhooks.received('stripe');
    webhooks.failed('stripe', 'signature');

    const samples = await scrapeListener(telemetry.handler());
    expect(
      find(samples, 'preflight_business_events_total', { event: 'checkout_started' })[0]?.value,
    ).toBe(2);
    expect(
      find(samples, 'preflight_business_payments_total', { outcome: 'failed' })[0]?.value,
    ).toBe(1);
    expect(find(samples, 'preflight_webhook_received_total', { source: 'stripe' })[0]?.value).toBe(
      1,
    );
    expect(
      find(samples, 'preflight_webhook_failed_total', { source: 'stripe', reason: 'signature' })[0]
        ?.value,
    ).toBe(1);
    // Observable gauges have no recording of their own: they moved when the SDK started.
    expect(find(samples, 'preflight_business_balance', { account: 'acme' })[0]?.value).toBe(250);
    expect(
      find(samples, 'preflight_webhook_backlog_age_seconds', { source: 'stripe' })[0]?.value,
    ).toBe(6);
  });

  it('moves recordings and gauges to the new provider when the global provider is swapped', async () => {
    const business = createBusinessMetrics({ events: ['search'] });
    let balance = 10;
    business.observeBalance('acme', () => balance);

    const first = createMetrics({ serviceName: 'svc', global: true, runtimeMetrics: false });
    business.countEvent('search');
    expect(
      find(await scrapeListener(first.handler()), 'preflight_business_events_total')[0]?.value,
    ).toBe(1);
    await first.shutdown();

    const second = createMetrics({ serviceName: 'svc', global: true, runtimeMetrics: false });
    stops.push(() => second.shutdown());
    business.countEvent('search', 3);
    balance = 20;
    const samples = await scrapeListener(second.handler());
    // A fresh counter on the new provider: only what was recorded after the swap.
    expect(find(samples, 'preflight_business_events_total', { event: 'search' })[0]?.value).toBe(3);
    expect(find(samples, 'preflight_business_balance', { account: 'acme' })[0]?.value).toBe(20);
  });

  it("moves startTelemetry()'s runtime gauges to a provider registered after it", async () => {
    const telemetry = startTelemetry({ serviceName: 'app' });
    stops.push(() => telemetry.shutdown());
    expect(find(await scrapeListener(telemetry.handler()), 'v8js_memory_heap_used')).toHaveLength(
      1,
    );
    // Another provider takes the global slot (e.g. a test harness, or an app's own SDK).
    metrics.disable();
    const next = createMetrics({ serviceName: 'next', global: true, runtimeMetrics: false });
    stops.push(() => next.shutdown());
    expect(find(await scrapeListener(next.handler()), 'v8js_memory_heap_used')).toHaveLength(1);
  });

  it('moves a gauge observed through a helper nobody keeps, even after garbage collection', () => {
    // The built package, as an app imports it (turbo and CI build before testing).
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run npm run build first`);
    const probe = fileURLToPath(new URL('./support/unreferenced-gauge.mjs', import.meta.url));
    const run = spawnSync(process.execPath, ['--expose-gc', probe, pathToFileURL(dist).href], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('MOVED');
  });

  it('follows a provider registered without Preflight at the next recording', async () => {
    const webhooks = createWebhookMetrics();
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({ readers: [reader] });
    stops.push(() => provider.shutdown());
    metrics.setGlobalMeterProvider(provider);
    webhooks.received('github');

    const { resourceMetrics } = await reader.collect();
    const scope = resourceMetrics.scopeMetrics.find((s) => s.scope.name === METER_NAME);
    const received = scope?.metrics.find((d) => d.descriptor.name === 'preflight.webhook.received');
    expect(received?.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ source: 'github' }, 1],
    ]);
  });

  it('keeps an explicit meter even when another provider is global', async () => {
    const own = createMetrics({ serviceName: 'own', runtimeMetrics: false });
    stops.push(() => own.shutdown());
    const global = createMetrics({ serviceName: 'global', global: true, runtimeMetrics: false });
    stops.push(() => global.shutdown());
    const business = createBusinessMetrics({ meter: own.meter });
    business.recordPayment('succeeded');
    expect(
      find(await scrapeListener(own.handler()), 'preflight_business_payments_total')[0]?.value,
    ).toBe(1);
    expect(
      find(await scrapeListener(global.handler()), 'preflight_business_payments_total'),
    ).toEqual([]);
  });

  it('stops a gauge on the provider it moved to', async () => {
    const business = createBusinessMetrics();
    let reads = 0;
    const stop = business.observeBalance('acme', () => {
      reads += 1;
      return 5;
    });
    const m = createMetrics({ serviceName: 'svc', global: true, runtimeMetrics: false });
    stops.push(() => m.shutdown());
    expect(find(await scrapeListener(m.handler()), 'preflight_business_balance')[0]?.value).toBe(5);
    const readsBeforeStop = reads;
    stop();
    await scrapeListener(m.handler());
    expect(reads).toBe(readsBeforeStop);
  });
});

describe('meterBound()', () => {
  it('creates instruments again only when the global provider object changes', () => {
    const created: unknown[] = [];
    const bound = meterBound(undefined, (meter, previous) => {
      created.push(previous);
      return { meter };
    });
    const a = bound();
    expect(bound()).toBe(a);
    const provider = new MeterProvider();
    stops.push(() => provider.shutdown());
    metrics.setGlobalMeterProvider(provider);
    const b = bound();
    expect(b).not.toBe(a);
    expect(bound()).toBe(b);
    // Each re-creation sees the set it replaces, to move observable callbacks off it.
    expect(created).toEqual([undefined, a]);
  });

  it('creates once, at binding, on an explicit meter', () => {
    const meter = new MeterProvider().getMeter('x');
    let calls = 0;
    const bound = meterBound(meter, (m) => {
      calls += 1;
      return m;
    });
    expect(calls).toBe(1);
    metrics.setGlobalMeterProvider(new MeterProvider());
    expect(bound()).toBe(meter);
    expect(calls).toBe(1);
  });
});
