import { createServer } from 'node:http';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { InstrumentType, MeterProvider, type ViewOptions } from '@opentelemetry/sdk-metrics';
import express from 'express';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attachHttpServerHistograms,
  httpServerHistogramsOf,
  viewsLeaveHttpServerHistograms,
} from '../src/http-server/http-fast-path.js';
import { createHttpServerHistograms } from '../src/http-server/http-server-histograms.js';
import { sdkHttpServerRecorder } from '../src/http-server/http-server-instruments.js';
import {
  BODY_SIZE_BUCKETS,
  createMetrics,
  HTTP_DURATION_BUCKETS,
  httpMetrics,
  METER_NAME,
  startTelemetry,
} from '../src/index.js';
import { preflightViews } from '../src/sdk/views.js';
import { close, find, listen, parseExposition } from './support/scrape.js';

// httpMetrics() on a createMetrics()/startTelemetry() meter aggregates its histograms itself and
// hands them to the Prometheus reader as a MetricProducer. These tests hold it to writing exactly
// what the OTel SDK writes for the same observations.

const serializer = new PrometheusSerializer(undefined, false, undefined, true);

/** The SDK path: real SDK histograms behind the preflight views, read by a Prometheus reader. */
function sdkSide(cardinalityLimit: number) {
  const reader = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({
    readers: [reader],
    views: preflightViews(cardinalityLimit),
  });
  const record = sdkHttpServerRecorder(provider.getMeter(METER_NAME));
  const scrape = async () => serializer.serialize((await reader.collect()).resourceMetrics);
  return { record, scrape, stop: () => provider.shutdown() };
}

/** The fast path: our histograms as the only producer of an otherwise empty provider. */
function fastSide(cardinalityLimit: number) {
  const histograms = createHttpServerHistograms({ cardinalityLimit, scopeName: METER_NAME });
  const reader = new PrometheusExporter({
    preventServerStart: true,
    metricProducers: [histograms.producer],
  });
  const provider = new MeterProvider({ readers: [reader] });
  const scrape = async () => serializer.serialize((await reader.collect()).resourceMetrics);
  return { record: histograms.record, scrape, stop: () => provider.shutdown() };
}

type Observation = Parameters<ReturnType<typeof createHttpServerHistograms>['record']>;

const observation: fc.Arbitrary<Observation> = fc.tuple(
  fc.constantFrom('GET', 'POST', '_OTHER'),
  fc.constantFrom('http', 'https'),
  fc.constantFrom('/v1/members/:id', '/a b/"q"', '_unmatched', '/x|/y'),
  fc.option(fc.constantFrom(200, 404, 500, 503), { nil: undefined }),
  fc.option(fc.constantFrom('500', 'aborted'), { nil: undefined }),
  fc.oneof(
    fc.constantFrom(0, ...HTTP_DURATION_BUCKETS, Number.NaN, -1),
    fc.double({ min: 0, max: 20, noNaN: true }),
  ),
  fc.option(fc.oneof(fc.constantFrom(...BODY_SIZE_BUCKETS), fc.nat(20_000_000)), {
    nil: undefined,
  }),
  fc.option(fc.oneof(fc.constantFrom(...BODY_SIZE_BUCKETS), fc.nat(20_000_000)), {
    nil: undefined,
  }),
);

describe('httpMetrics() fast path', () => {
  it('writes byte-for-byte the exposition the SDK writes for any observations, scrapes in between and cardinality limit (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.array(
          fc.oneof(
            observation.map((o) => ({ o })),
            fc.constant('scrape' as const),
          ),
          {
            maxLength: 60,
          },
        ),
        async (limit, steps) => {
          const sdk = sdkSide(limit);
          const fast = fastSide(limit);
          try {
            for (const step of [...steps, 'scrape' as const]) {
              if (step === 'scrape') {
                expect(await fast.scrape()).toBe(await sdk.scrape());
              } else {
                sdk.record(...step.o);
                fast.record(...step.o);
              }
            }
          } finally {
            await sdk.stop();
            await fast.stop();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('really reports histograms (the property above cannot pass on two empty outputs)', async () => {
    const fast = fastSide(2000);
    fast.record('GET', 'http', '/r', 200, undefined, 0.3, 10, 2000);
    const samples = parseExposition(await fast.scrape());
    expect(find(samples, 'http_server_request_duration_bucket', { le: '0.25' })[0]?.value).toBe(0);
    expect(find(samples, 'http_server_request_duration_bucket', { le: '0.5' })[0]?.value).toBe(1);
    expect(find(samples, 'http_server_request_duration_sum')[0]?.value).toBe(0.3);
    expect(find(samples, 'http_server_request_body_size_count')[0]?.value).toBe(1);
    expect(find(samples, 'http_server_response_body_size_bucket', { le: '1000' })[0]?.value).toBe(
      0,
    );
    await fast.stop();
  });

  it('gives over HTTP the same http_server_* lines as the OTel API path, requests and clock alike', async () => {
    const metrics = createMetrics({ serviceName: 'fast', runtimeMetrics: false });
    expect(httpServerHistogramsOf(metrics.meter)).toBeDefined();
    // Two identical clocks: every request advances each by the same steps.
    const clock = () => {
      const steps = [0, 3, 1, 140, 2, 2600, 5, 0.5, 7, 12000];
      let i = 0;
      let t = 0;
      return () => (t += steps[i++ % steps.length] as number);
    };
    const sdkReader = new PrometheusExporter({ preventServerStart: true });
    const sdkApiProvider = new MeterProvider({
      readers: [sdkReader],
      views: preflightViews(2000),
    });
    const app = express();
    app.use(httpMetrics({ meter: metrics.meter, now: clock() }));
    app.use(httpMetrics({ meter: sdkApiProvider.getMeter(METER_NAME), now: clock() }));
    app.get('/v1/members/:id', (_req, res) => {
      res.json({ id: 1 });
    });
    app.post('/echo', express.text(), (req, res) => {
      res.send(String(req.body));
    });
    app.get('/fail', () => {
      throw new Error('x');
    });
    const server = createServer(app);
    const base = await listen(server);
    try {
      for (const path of ['/v1/members/1', '/v1/members/2', '/nope', '/fail']) {
        await (await fetch(`${base}${path}`)).text();
      }
      await (
        await fetch(`${base}/echo`, {
          method: 'POST',
          body: 'x'.repeat(150),
          headers: { 'content-type': 'text/plain' },
        })
      ).text();
      const ours = await scrapeHandler(metrics.handler());
      const theirs = serializer.serialize((await sdkReader.collect()).resourceMetrics);
      const httpLines = (text: string) =>
        text.split('\n').filter((l) => /^(# (HELP|UNIT|TYPE) )?http_server_/.test(l));
      expect(httpLines(ours).length).toBeGreaterThan(40);
      expect(httpLines(ours)).toEqual(httpLines(theirs));
    } finally {
      await close(server);
      await metrics.shutdown();
      await sdkApiProvider.shutdown();
    }
  });

  it('folds route label sets past cardinalityLimit into one otel_metric_overflow="true" series, as the SDK does', async () => {
    const metrics = createMetrics({
      serviceName: 'limited',
      runtimeMetrics: false,
      cardinalityLimit: 3,
    });
    const app = express();
    app.use(httpMetrics({ meter: metrics.meter }));
    for (const r of ['a', 'b', 'c', 'd', 'e']) {
      app.get(`/${r}/:id`, (_req, res) => {
        res.send(r);
      });
    }
    const server = createServer(app);
    const base = await listen(server);
    try {
      for (const r of ['a', 'b', 'c', 'd', 'e', 'a']) await (await fetch(`${base}/${r}/1`)).text();
      const samples = parseExposition(await scrapeHandler(metrics.handler()));
      const counts = find(samples, 'http_server_request_duration_count');
      expect(
        counts.map((s) => [s.labels.http_route, s.labels.otel_metric_overflow, s.value]),
      ).toEqual([
        ['/a/:id', undefined, 2],
        ['/b/:id', undefined, 1],
        [undefined, 'true', 3],
      ]);
    } finally {
      await close(server);
      await metrics.shutdown();
    }
  });

  it('keeps two createMetrics() instances in one process apart', async () => {
    const one = createMetrics({ serviceName: 'one', runtimeMetrics: false });
    const two = createMetrics({ serviceName: 'two', runtimeMetrics: false });
    const appOf = (m: typeof one) => {
      const app = express();
      app.use(httpMetrics({ meter: m.meter }));
      app.get('/r', (_req, res) => {
        res.send('ok');
      });
      return createServer(app);
    };
    const s1 = appOf(one);
    const s2 = appOf(two);
    const [b1, b2] = [await listen(s1), await listen(s2)];
    try {
      for (let i = 0; i < 3; i++) await (await fetch(`${b1}/r`)).text();
      await (await fetch(`${b2}/r`)).text();
      const count = async (m: typeof one) =>
        find(
          parseExposition(await scrapeHandler(m.handler())),
          'http_server_request_duration_count',
        ).map((s) => s.value);
      expect(await count(one)).toEqual([3]);
      expect(await count(two)).toEqual([1]);
    } finally {
      await close(s1);
      await close(s2);
      await one.shutdown();
      await two.shutdown();
    }
  });

  it('steps aside for a user view that selects its histograms, so the view still applies', async () => {
    const custom = createMetrics({
      serviceName: 'custom',
      runtimeMetrics: false,
      views: [
        {
          instrumentName: 'http.server.request.duration',
          name: 'app.request.duration',
        },
      ],
    });
    const unrelated = createMetrics({
      serviceName: 'unrelated',
      runtimeMetrics: false,
      views: [{ instrumentName: 'app.*', aggregationCardinalityLimit: 10 }],
    });
    expect(httpServerHistogramsOf(custom.meter)).toBeUndefined();
    expect(httpServerHistogramsOf(unrelated.meter)).toBeDefined();
    const app = express();
    app.use(httpMetrics({ meter: custom.meter }));
    app.get('/r', (_req, res) => {
      res.send('ok');
    });
    const server = createServer(app);
    const base = await listen(server);
    try {
      await (await fetch(`${base}/r`)).text();
      const samples = parseExposition(await scrapeHandler(custom.handler()));
      // The SDK adds the view's stream next to Preflight's own.
      expect(find(samples, 'app_request_duration_count', { http_route: '/r' })[0]?.value).toBe(1);
      expect(
        find(samples, 'http_server_request_duration_count', { http_route: '/r' })[0]?.value,
      ).toBe(1);
    } finally {
      await close(server);
      await custom.shutdown();
      await unrelated.shutdown();
    }
  });

  it.each<[ViewOptions[], boolean]>([
    [[], true],
    [[{ instrumentName: 'app.*', aggregationCardinalityLimit: 10 }], true],
    [[{ meterName: 'other-lib' }], true],
    [[{ instrumentType: InstrumentType.COUNTER }], true],
    [[{ instrumentUnit: 'ms' }], true],
    [[{ meterVersion: '1.0.0' }], true],
    [[{ instrumentName: 'http.*' }], false],
    [[{ instrumentName: 'HTTP.SERVER.REQUEST.DURATION' }], false],
    [[{ instrumentName: 'http.server.re?uest.body.size' }], false],
    [[{ instrumentUnit: 'By' }], false],
    [[{ meterName: METER_NAME }], false],
    [[{ aggregationCardinalityLimit: 5 }], false],
  ])('with views %j the fast path is on: %s', (views, on) => {
    expect(viewsLeaveHttpServerHistograms(views, METER_NAME)).toBe(on);
  });

  it('a meter that cannot be marked (frozen) keeps the OTel API path instead of throwing', async () => {
    const provider = new MeterProvider();
    const meter = Object.freeze(provider.getMeter(METER_NAME));
    const histograms = createHttpServerHistograms({ cardinalityLimit: 10, scopeName: METER_NAME });
    expect(() => attachHttpServerHistograms(meter, histograms)).not.toThrow();
    expect(httpServerHistogramsOf(meter)).toBeUndefined();
    await provider.shutdown();
  });

  it('startTelemetry() with an extra metric reader records through the SDK, so that reader gets the requests too', async () => {
    const extra = new PrometheusExporter({ preventServerStart: true });
    const telemetry = startTelemetry({
      serviceName: 'app',
      runtimeMetrics: false,
      metricReaders: [extra],
    });
    const app = express();
    app.use(httpMetrics());
    app.get('/r', (_req, res) => {
      res.send('ok');
    });
    const server = createServer(app);
    const base = await listen(server);
    try {
      await (await fetch(`${base}/r`)).text();
      const fromExtra = parseExposition(
        serializer.serialize((await extra.collect()).resourceMetrics),
      );
      const fromHandler = parseExposition(await scrapeHandler(telemetry.handler()));
      for (const samples of [fromExtra, fromHandler]) {
        expect(
          find(samples, 'http_server_request_duration_count', { http_route: '/r' })[0]?.value,
        ).toBe(1);
      }
    } finally {
      await close(server);
      await telemetry.shutdown();
    }
  });

  it('startTelemetry() alone takes the fast path through the global meter', async () => {
    const telemetry = startTelemetry({ serviceName: 'app', runtimeMetrics: false });
    const app = express();
    app.use(httpMetrics());
    app.get('/r', (_req, res) => {
      res.send('ok');
    });
    const server = createServer(app);
    const base = await listen(server);
    try {
      const { metrics } = await import('@opentelemetry/api');
      expect(httpServerHistogramsOf(metrics.getMeter(METER_NAME))).toBeDefined();
      await (await fetch(`${base}/r`)).text();
      const samples = parseExposition(await scrapeHandler(telemetry.handler()));
      expect(
        find(samples, 'http_server_request_duration_count', { http_route: '/r' })[0]?.value,
      ).toBe(1);
    } finally {
      await close(server);
      await telemetry.shutdown();
    }
  });
});

/** Scrapes a `/metrics` handler through a real server on 127.0.0.1. */
async function scrapeHandler(handler: ReturnType<ReturnType<typeof createMetrics>['handler']>) {
  const server = createServer(handler);
  const base = await listen(server);
  try {
    return await (await fetch(`${base}/metrics`)).text();
  } finally {
    await close(server);
  }
}
