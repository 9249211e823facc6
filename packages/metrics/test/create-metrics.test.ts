import { createServer } from 'node:http';
import { metrics } from '@opentelemetry/api';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetrics, type Metrics, MetricsOptionError } from '../src/index.js';
import { close, find, listen, parseExposition } from './support/scrape.js';

const open: Metrics[] = [];
function metricsFor(options: Parameters<typeof createMetrics>[0]): Metrics {
  const m = createMetrics(options);
  open.push(m);
  return m;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.shutdown()));
});

async function scrape(m: Metrics): Promise<{ status: number; type: string | null; text: string }> {
  const app = express();
  app.get('/metrics', m.handler());
  const server = createServer(app);
  const base = await listen(server);
  try {
    const res = await fetch(`${base}/metrics`);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  } finally {
    await close(server);
  }
}

describe('createMetrics()', () => {
  it('serves the Prometheus text format through handler() with service resource attributes on target_info', async () => {
    const m = metricsFor({
      serviceName: 'checkout',
      serviceVersion: '1.2.3',
      resourceAttributes: { 'deployment.environment.name': 'test' },
    });
    m.meter.createCounter('orders.placed').add(2, { channel: 'web' });
    const { status, type, text } = await scrape(m);
    expect(status).toBe(200);
    expect(type).toContain('text/plain');
    const samples = parseExposition(text);
    expect(find(samples, 'orders_placed_total', { channel: 'web' })[0]?.value).toBe(2);
    expect(find(samples, 'target_info')[0]?.labels).toMatchObject({
      service_name: 'checkout',
      service_version: '1.2.3',
      deployment_environment_name: 'test',
    });
  });

  it('records Node runtime metrics: event-loop delay, heap and (when V8 collects) GC pauses', async () => {
    const m = metricsFor({ serviceName: 'svc', eventLoopResolutionMs: 1 });
    await new Promise((r) => setTimeout(r, 30)); // let the delay histogram take samples
    const samples = parseExposition((await scrape(m)).text);
    expect(find(samples, 'v8js_memory_heap_used')[0]?.value).toBeGreaterThan(0);
    expect(find(samples, 'v8js_memory_heap_limit')[0]?.value).toBeGreaterThan(0);
    expect(find(samples, 'nodejs_eventloop_delay_p99')[0]?.value).toBeGreaterThanOrEqual(0);
  });

  it('records GC pauses by kind when V8 collects', async () => {
    const m = metricsFor({ serviceName: 'svc' });
    let keep: unknown[] = [];
    await vi.waitFor(
      async () => {
        // Churn short-lived objects until V8 runs at least a scavenge.
        for (let i = 0; i < 200_000; i++) keep.push({ i });
        keep = [];
        const gc = find(parseExposition((await scrape(m)).text), 'v8js_gc_duration_count');
        expect(gc.reduce((n, s) => n + s.value, 0)).toBeGreaterThan(0);
        expect(
          gc.every((s) =>
            ['major', 'minor', 'incremental', 'weakcb', 'other'].includes(
              s.labels.v8js_gc_type ?? '',
            ),
          ),
        ).toBe(true);
      },
      { timeout: 5000, interval: 50 },
    );
  });

  it('leaves runtime metrics out with runtimeMetrics: false', async () => {
    const m = metricsFor({ serviceName: 'svc', runtimeMetrics: false });
    expect((await scrape(m)).text).not.toContain('v8js_memory_heap_used');
  });

  it('two instances in one process keep separate data and leave the global provider alone', async () => {
    const before = metrics.getMeterProvider();
    const a = metricsFor({ serviceName: 'a', runtimeMetrics: false });
    const b = metricsFor({ serviceName: 'b', runtimeMetrics: false });
    a.meter.createCounter('jobs.done').add(1);
    b.meter.createCounter('jobs.done').add(5);
    expect(find(parseExposition((await scrape(a)).text), 'jobs_done_total')[0]?.value).toBe(1);
    expect(find(parseExposition((await scrape(b)).text), 'jobs_done_total')[0]?.value).toBe(5);
    expect(metrics.getMeterProvider()).toBe(before);
  });

  it('global: true registers the provider for @opentelemetry/api users and shutdown() unregisters it', async () => {
    const m = createMetrics({ serviceName: 'svc', global: true, runtimeMetrics: false });
    metrics.getMeter('some-library').createCounter('library.calls').add(3);
    expect(find(parseExposition((await scrape(m)).text), 'library_calls_total')[0]?.value).toBe(3);
    await m.shutdown();
    expect(metrics.getMeterProvider()).not.toBe(m.meterProvider);
  });

  it('folds label sets past cardinalityLimit into one otel_metric_overflow series', async () => {
    const m = metricsFor({ serviceName: 'svc', runtimeMetrics: false, cardinalityLimit: 10 });
    const errors = m.meter.createCounter('preflight.upstream.errors');
    for (let i = 0; i < 100; i++) errors.add(1, { upstream: 'x', code: `C${i}` });
    const series = find(parseExposition((await scrape(m)).text), 'preflight_upstream_errors_total');
    expect(series.length).toBe(10);
    expect(
      find(series, 'preflight_upstream_errors_total', { otel_metric_overflow: 'true' })[0]?.value,
    ).toBe(91);
  });

  it("keeps a sibling package's advice buckets on preflight.* histograms (the limit view sets no aggregation)", async () => {
    const m = metricsFor({ serviceName: 'svc', runtimeMetrics: false });
    m.meter
      .createHistogram('preflight.health.check.duration_seconds', {
        unit: 's',
        advice: { explicitBucketBoundaries: [0.1, 1, 5] },
      })
      .record(0.5, { check: 'partner' });
    const buckets = find(
      parseExposition((await scrape(m)).text),
      'preflight_health_check_duration_seconds_bucket',
    );
    expect(buckets.map((b) => b.labels.le)).toEqual(['0.1', '1', '5', '+Inf']);
  });

  it('answers 405 to methods other than GET and HEAD', async () => {
    const m = metricsFor({ serviceName: 'svc', runtimeMetrics: false });
    const app = express();
    app.all('/metrics', m.handler());
    const server = createServer(app);
    const base = await listen(server);
    try {
      const res = await fetch(`${base}/metrics`, { method: 'POST' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
    } finally {
      await close(server);
    }
  });

  it('serves /metrics on its own port with the server option', async () => {
    const probe = createServer();
    const port = Number(new URL(await listen(probe)).port);
    await close(probe);
    const m = metricsFor({
      serviceName: 'svc',
      runtimeMetrics: false,
      server: { port, host: '127.0.0.1' },
    });
    await m.ready();
    m.meter.createCounter('own.port').add(1);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toContain('own_port_total');
  });

  it('shutdown() can be called twice', async () => {
    const m = createMetrics({ serviceName: 'svc' });
    await m.shutdown();
    await expect(m.shutdown()).resolves.toBeUndefined();
  });

  it.each([
    [{}, 'serviceName'],
    [{ serviceName: '' }, 'serviceName'],
    [{ serviceName: 's', cardinalityLimit: 0 }, 'cardinalityLimit'],
    [{ serviceName: 's', global: 'yes' }, 'global'],
    [{ serviceName: 's', server: { port: 70000 } }, 'server.port'],
    [{ serviceName: 's', server: { port: 9464, endpoint: 'metrics' } }, 'server.endpoint'],
    [{ serviceName: 's', runtimeMetric: false }, 'runtimeMetric'],
    [{ serviceName: 's', views: {} }, 'views'],
  ])('rejects %j at creation, naming option %s', (options, option) => {
    expect(() => createMetrics(options as never)).toThrow(MetricsOptionError);
    expect(() => createMetrics(options as never)).toThrow(`"${option}"`);
  });
});
