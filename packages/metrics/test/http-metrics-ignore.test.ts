import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import type { Meter } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { httpServerHistogramsOf } from '../src/http-server/http-fast-path.js';
import {
  createMetrics,
  type HttpMetricsOptions,
  httpMetrics,
  METER_NAME,
  MetricsOptionError,
} from '../src/index.js';
import { preflightViews } from '../src/sdk/views.js';
import { close, find, listen, parseExposition, type Sample } from './support/scrape.js';

interface Side {
  readonly meter: Meter;
  readonly handler: RequestListener;
  stop(): Promise<void>;
}

/** createMetrics(): httpMetrics() takes Preflight's fast path. */
function fastPath(): Side {
  const m = createMetrics({ serviceName: 'ignore', runtimeMetrics: false });
  expect(httpServerHistogramsOf(m.meter)).toBeDefined();
  return { meter: m.meter, handler: m.handler(), stop: () => m.shutdown() };
}

/** A plain SDK provider: httpMetrics() records through the OTel API. */
function otelApiPath(): Side {
  const reader = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [reader], views: preflightViews(2000) });
  const meter = provider.getMeter(METER_NAME);
  expect(httpServerHistogramsOf(meter)).toBeUndefined();
  return {
    meter,
    handler: (req, res) => reader.getMetricsRequestHandler(req, res),
    stop: () => provider.shutdown(),
  };
}

/** One app serving probes, its own /metrics and a business route, all behind httpMetrics(). */
async function probedApp(side: Side, options: Omit<HttpMetricsOptions, 'meter'>) {
  const app = express();
  app.use(httpMetrics({ ...options, meter: side.meter }));
  app.get('/health/ready', (_req, res) => {
    res.status(503).json({ status: 'shutting down' });
  });
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/metrics', side.handler);
  app.post('/v1/orders', express.text(), (req, res) => {
    res.status(201).send(String(req.body));
  });
  const server = createServer(app);
  const base = await listen(server);
  const get = async (path: string) => (await fetch(`${base}${path}`)).text();
  return {
    get,
    scrape: async (): Promise<Sample[]> => parseExposition(await get('/metrics')),
    async exercise() {
      expect((await fetch(`${base}/health/ready`)).status).toBe(503);
      expect((await fetch(`${base}/health/ready?probe=kubelet`)).status).toBe(503);
      await get('/health/live');
      await get('/metrics');
      await get('/metrics');
      const created = await fetch(`${base}/v1/orders`, {
        method: 'POST',
        body: 'order',
        headers: { 'content-type': 'text/plain' },
      });
      expect(created.status).toBe(201);
      await created.text();
    },
    stop: async () => {
      await close(server);
      await side.stop();
    },
  };
}

const httpServer = (samples: Sample[]) => samples.filter((s) => s.name.startsWith('http_server_'));
const routesOf = (samples: Sample[]) =>
  new Set(httpServer(samples).map((s) => s.labels.http_route));

describe.each([
  ['fast path', fastPath],
  ['OTel API path', otelApiPath],
])('httpMetrics() ignore option (%s)', (_name, side) => {
  it("with ['/health/ready', '/metrics'] a readiness 503 and scrapes produce no http_server_* series, other routes still do", async () => {
    const app = await probedApp(side(), { ignore: ['/health/ready', '/metrics'] });
    try {
      await app.exercise();
      const samples = await app.scrape();
      expect(routesOf(samples)).toEqual(new Set(['/health/live', '/v1/orders', undefined]));
      expect(find(samples, 'http_server_request_duration_count')).toHaveLength(2);
      expect(httpServer(samples).some((s) => s.labels.error_type !== undefined)).toBe(false);
      expect(
        new Set(
          find(samples, 'http_server_response_body_size_count').map((s) => s.labels.http_route),
        ),
      ).toEqual(new Set(['/health/live', '/v1/orders']));
      // The scrape in flight is ignored too, so nothing is active.
      expect(find(samples, 'http_server_active_requests').map((s) => s.value)).toEqual([0, 0]);
      expect(
        find(samples, 'http_server_request_body_size_sum', { http_route: '/v1/orders' })[0]?.value,
      ).toBe(5);
    } finally {
      await app.stop();
    }
  });

  it('a predicate decides per request, seeing the request', async () => {
    const seen: string[] = [];
    const app = await probedApp(side(), {
      ignore: (req: IncomingMessage) => {
        seen.push(req.url ?? '');
        return req.url?.startsWith('/health/') === true;
      },
    });
    try {
      await app.exercise();
      const samples = await app.scrape();
      expect(routesOf(samples)).toEqual(new Set(['/metrics', '/v1/orders', undefined]));
      expect(
        find(samples, 'http_server_request_duration_count', { http_route: '/metrics' })[0]?.value,
      ).toBe(2);
      expect(seen).toContain('/health/ready?probe=kubelet');
    } finally {
      await app.stop();
    }
  });

  it('without ignore every request is recorded, readiness 503s included (unchanged default)', async () => {
    const app = await probedApp(side(), {});
    try {
      await app.exercise();
      const samples = await app.scrape();
      expect(routesOf(samples)).toEqual(
        new Set(['/health/ready', '/health/live', '/metrics', '/v1/orders', undefined]),
      );
      expect(
        find(samples, 'http_server_request_duration_count', {
          http_route: '/health/ready',
          error_type: '503',
        })[0]?.value,
      ).toBe(2);
    } finally {
      await app.stop();
    }
  });
});

describe('httpMetrics() ignore option validation', () => {
  it.each([
    ['a string', '/health'],
    ['a path without a leading slash', ['health']],
    ['a non-string entry', ['/health', 42]],
    ['an object', { paths: ['/health'] }],
    ['null', null],
    ['a RegExp', /health/],
  ])('rejects %s at creation, naming option ignore', (_what, ignore) => {
    expect(() => httpMetrics({ ignore } as never)).toThrow(MetricsOptionError);
    expect(() => httpMetrics({ ignore } as never)).toThrow('"ignore"');
    try {
      httpMetrics({ ignore } as never);
    } catch (error) {
      expect((error as MetricsOptionError).option).toBe('ignore');
    }
  });

  it('accepts an empty array (ignore nothing)', () => {
    expect(() => httpMetrics({ ignore: [] })).not.toThrow();
  });
});
