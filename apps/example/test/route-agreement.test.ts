import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHealth } from '@preflight/health';
import { createLogger, requestLogger } from '@preflight/logger';
import { createMetrics, httpMetrics, type Metrics } from '@preflight/metrics';
import { until } from '@preflight/test-harness';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';

// requestLogger() and httpMetrics() in one real Express 5 app: for every request the `route` a
// log line carries must be the `http.route` the request is counted under (logs and dashboards
// must name a request the same way), and a log line's duration the one the histogram got.

interface Line {
  readonly msg?: string;
  readonly route?: string;
  readonly status?: number;
  readonly duration_ms?: number;
}

const UNMATCHED = { log: '(unmatched)', metric: '_unmatched' };
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function start(
  build: (app: express.Express) => void,
  now?: () => number,
  ignore?: readonly string[],
) {
  const lines: Line[] = [];
  const logger = createLogger({ env: {}, level: 'info' }, {
    write: (s: string) => lines.push(JSON.parse(s) as Line),
  } as never);
  const metrics = createMetrics({ serviceName: 'agreement', runtimeMetrics: false });
  const app = express();
  app.use(requestLogger({ logger, ...(now && { now }), ...(ignore && { ignore }) }));
  app.use(httpMetrics({ meter: metrics.meter, ...(now && { now }), ...(ignore && { ignore }) }));
  build(app);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(() => stop(server, metrics));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const requestLines = () => lines.filter((l) => l.msg === 'request completed');
  return { base, metrics, requestLines };
}

async function stop(server: Server, metrics: Metrics): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await metrics.shutdown();
}

/** `http.route` → count (and duration sum in ms) from a scrape of the app's own /metrics. */
async function counted(metrics: Metrics) {
  const server = createServer(metrics.handler());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const out = new Map<string, { count: number; sumMs: number }>();
    for (const m of text.matchAll(
      /^http_server_request_duration_(count|sum)\{[^}]*http_route="((?:[^"\\]|\\.)*)"[^}]*\} (\S+)$/gm,
    )) {
      const route = (m[2] as string).replace(/\\(.)/g, '$1');
      const entry = out.get(route) ?? { count: 0, sumMs: 0 };
      if (m[1] === 'count') entry.count += Number(m[3]);
      else entry.sumMs += Number(m[3]) * 1000;
      out.set(route, entry);
    }
    return out;
  } finally {
    server.close();
  }
}

/** Each request's logged route, next to how the metrics counted the same requests. */
async function logAndCount(build: (app: express.Express) => void, paths: readonly string[]) {
  const t = await start(build);
  for (const path of paths) await (await fetch(`${t.base}${path}`)).text();
  await until(() => t.requestLines().length === paths.length, 'a request line per request', {
    everyMs: 5,
  });
  const logged = t.requestLines().map((l) => l.route as string);
  const tally = new Map<string, number>();
  for (const route of logged) {
    const asMetric = route === UNMATCHED.log ? UNMATCHED.metric : route;
    tally.set(asMetric, (tally.get(asMetric) ?? 0) + 1);
  }
  const counts = new Map([...(await counted(t.metrics))].map(([r, v]) => [r, v.count]));
  return { logged, tally, counts };
}

describe('requestLogger and httpMetrics name every request by the same route', () => {
  it('a router mounted at two paths: /v2/stores/acme/orders/7 is logged and counted as /v2/stores/:store/orders/:id', async () => {
    const { logged, tally, counts } = await logAndCount(
      (app) => {
        const orders = express.Router({ mergeParams: true });
        orders.get('/orders/:id', (_req, res) => {
          res.json({ ok: true });
        });
        app.use('/v1/shops/:shop', orders);
        app.use('/v2/stores/:store', orders);
      },
      ['/v2/stores/acme/orders/7', '/v1/shops/acme/orders/8', '/v2/stores/zen/orders/9'],
    );
    expect(logged).toEqual([
      '/v2/stores/:store/orders/:id',
      '/v1/shops/:shop/orders/:id',
      '/v2/stores/:store/orders/:id',
    ]);
    expect(counts).toEqual(tally);
  });

  it('agrees on nested routers, array mounts and paths, RegExp paths, sub-apps, unmatched requests and handlers that throw', async () => {
    const { logged, tally, counts } = await logAndCount(
      (app) => {
        const items = express.Router({ mergeParams: true });
        items.get('/:item', (_req, res) => {
          res.send('item');
        });
        const orders = express.Router({ mergeParams: true });
        orders.use('/orders/:order/items', items);
        orders.get('/fail/:id', () => {
          throw new Error('boom');
        });
        orders.get('/async-fail/:id', async () => {
          throw new Error('async boom');
        });
        app.use('/v1/shops/:shop', orders);
        app.use(['/v2/stores/:store', '/v3/orgs/:org'], orders);
        app.get(['/a/:x', '/b/:y'], (_req, res) => {
          res.send('ab');
        });
        app.get(/^\/re\/\d+$/, (_req, res) => {
          res.send('re');
        });
        const sub = express();
        sub.get('/carts/:cart', (_req, res) => {
          res.send('cart');
        });
        app.use('/tenants/:tenant', sub);
      },
      [
        '/v1/shops/s1/orders/o1/items/i1',
        '/v3/orgs/g1/orders/o2/items/i2',
        '/v2/stores/s2/fail/1',
        '/v3/orgs/g2/async-fail/2',
        '/b/2',
        '/re/3',
        '/tenants/t1/carts/c1',
        '/nope/1',
        '/v2/stores/s3/nope',
      ],
    );
    expect(logged).toEqual([
      '/v1/shops/:shop/orders/:order/items/:item',
      '/v3/orgs/:org/orders/:order/items/:item',
      '/v2/stores/:store/fail/:id',
      '/v3/orgs/:org/async-fail/:id',
      '/a/:x|/b/:y',
      '/^\\/re\\/\\d+$/',
      '/tenants/:tenant/carts/:cart',
      UNMATCHED.log,
      UNMATCHED.log,
    ]);
    expect(counts).toEqual(tally);
  });

  it('logs the duration the histogram recorded, from one start stamp', async () => {
    let t = 0;
    // One clock for both: it only moves when read, so equal durations mean one stamp and one end.
    const t0 = await start(
      (app) => {
        app.get('/r/:id', (_req, res) => {
          res.send('ok');
        });
      },
      () => (t += 7.5),
    );
    for (const id of ['1', '2', '3']) await (await fetch(`${t0.base}/r/${id}`)).text();
    await until(() => t0.requestLines().length === 3, 'three request lines', { everyMs: 5 });
    const loggedMs = t0.requestLines().reduce((sum, l) => sum + (l.duration_ms as number), 0);
    const recorded = (await counted(t0.metrics)).get('/r/:id');
    expect(recorded?.count).toBe(3);
    expect(recorded?.sumMs).toBeCloseTo(loggedMs, 6);
    expect(t0.requestLines().map((l) => l.duration_ms)).toEqual([7.5, 7.5, 7.5]);
  });

  it('leave the same probes out with ignore: health.probePaths', async () => {
    const health = createHealth({ checks: [] });
    const t = await start(
      (app) => {
        app.use(health.router());
        app.get('/v1/orders/:id', (_req, res) => {
          res.json({ ok: true });
        });
      },
      undefined,
      health.probePaths,
    );
    for (const path of [
      '/health/live',
      '/health/ready?verbose=1',
      '/health/startup',
      '/v1/orders/1',
    ]) {
      await (await fetch(`${t.base}${path}`)).text();
    }
    await until(() => t.requestLines().length === 1, 'the request line', { everyMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(t.requestLines().map((l) => l.route)).toEqual(['/v1/orders/:id']);
    const counts = await counted(t.metrics);
    expect([...counts.keys()]).toEqual(['/v1/orders/:id']);
  });
});
