import { until } from '@preflight/test-harness';
import express from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouteTemplateResolver, monotonicNow, onRequestEnd } from '../src/index.js';
import { serve } from './helpers.js';

/** An app whose every request reports the resolved template (as both packages read it). */
function recordingApp(build: (app: express.Express) => void) {
  const routeOf = createRouteTemplateResolver();
  const seen: (string | undefined)[] = [];
  const app = express();
  app.use((req, res, next) => {
    onRequestEnd(req, res, monotonicNow, () => seen.push(routeOf(req)));
    next();
  });
  build(app);
  return { app, seen };
}

async function routesFor(build: (app: express.Express) => void, paths: readonly string[]) {
  const { app, seen } = recordingApp(build);
  const s = await serve(app);
  try {
    for (const path of paths) await (await fetch(`${s.base}${path}`)).text();
    await until(() => seen.length === paths.length, 'every request seen', { everyMs: 5 });
    return seen;
  } finally {
    await s.close();
  }
}

describe('createRouteTemplateResolver over HTTP on 127.0.0.1', () => {
  it('names a router mounted at two paths by the mount that matched', async () => {
    const routes = await routesFor(
      (app) => {
        const orders = express.Router({ mergeParams: true });
        orders.get('/orders/:id', (_req, res) => res.send('order'));
        app.use('/v1/shops/:shop', orders);
        app.use('/v2/stores/:store', orders);
      },
      ['/v2/stores/acme/orders/7', '/v1/shops/acme/orders/8', '/V2/Stores/x/orders/9'],
    );
    expect(routes).toEqual([
      '/v2/stores/:store/orders/:id',
      '/v1/shops/:shop/orders/:id',
      '/v2/stores/:store/orders/:id',
    ]);
  });

  it('treats each path of an array mount as a mount of its own', async () => {
    const routes = await routesFor(
      (app) => {
        const orders = express.Router();
        orders.get('/orders/:id', (_req, res) => res.send('order'));
        app.use(['/v1/shops/:shop', '/v2/stores/:store'], orders);
      },
      ['/v2/stores/acme/orders/7', '/v1/shops/acme/orders/8'],
    );
    expect(routes).toEqual(['/v2/stores/:store/orders/:id', '/v1/shops/:shop/orders/:id']);
  });

  it('joins nested routers, keeps array and RegExp route paths as pattern text', async () => {
    const routes = await routesFor(
      (app) => {
        const items = express.Router({ mergeParams: true });
        items.get('/:item', (_req, res) => res.send('item'));
        items.get('/', (_req, res) => res.send('list'));
        const orders = express.Router({ mergeParams: true });
        orders.use('/orders/:order/items', items);
        app.use('/shops/:shop', orders);
        app.get(['/a/:x', '/b/:y'], (_req, res) => res.send('ab'));
        app.get(/^\/re\/\d+$/, (_req, res) => res.send('re'));
        app.get('/', (_req, res) => res.send('root'));
      },
      ['/shops/s1/orders/o1/items/i1', '/shops/s1/orders/o2/items', '/b/2', '/re/3', '/'],
    );
    expect(routes).toEqual([
      '/shops/:shop/orders/:order/items/:item',
      '/shops/:shop/orders/:order/items',
      '/a/:x|/b/:y',
      '/^\\/re\\/\\d+$/',
      '/',
    ]);
  });

  it('prefixes sub-app mount paths, nested sub-apps included', async () => {
    const routes = await routesFor(
      (app) => {
        const inner = express();
        inner.get('/carts/:cart', (_req, res) => res.send('cart'));
        const outer = express();
        outer.use('/regions/:region', inner);
        app.use('/stores/:store', outer);
      },
      ['/stores/s-1/regions/eu/carts/c-2'],
    );
    expect(routes).toEqual(['/stores/:store/regions/:region/carts/:cart']);
  });

  it('gives undefined for unmatched requests, and the template when a handler throws', async () => {
    const routes = await routesFor(
      (app) => {
        const orders = express.Router();
        orders.get('/orders/:id', () => {
          throw new Error('boom');
        });
        orders.get('/async/:id', async () => {
          throw new Error('async boom');
        });
        app.use('/v1/shops/:shop', orders);
        app.use('/v2/stores/:store', orders);
      },
      ['/nope/1', '/v2/stores/a/orders/1', '/v1/shops/a/async/2', '/v2/stores/a/async/3'],
    );
    expect(routes).toEqual([
      undefined,
      '/v2/stores/:store/orders/:id',
      '/v1/shops/:shop/async/:id',
      '/v2/stores/:store/async/:id',
    ]);
  });

  it('never throws on request shapes it does not know', () => {
    const routeOf = createRouteTemplateResolver();
    const cyclic: { stack: unknown[] } = { stack: [] };
    cyclic.stack.push({ handle: cyclic, rawPath: '/x' });
    for (const req of [
      {},
      { route: null },
      { route: 'x' },
      { route: { path: 42 } },
      { route: { path: '/p' }, app: { router: { stack: 'nope' } } },
      { route: { path: '/p' }, app: { router: cyclic } },
      { route: { path: '/p' }, app: { parent: {}, mountpath: ['/m', /r/] }, baseUrl: 1 },
    ]) {
      expect(() => routeOf(req)).not.toThrow();
    }
    expect(routeOf({ route: { path: '/p' }, app: { router: cyclic } })).toBe('/p');
  });
});

describe('route templates never carry values from the URL (property, real Express app)', () => {
  const segment = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,11}$/);
  const mounts = ['/v1/shops/:shop', '/v2/stores/:store', '/v3/orgs/:org/teams/:team'];
  const routes = ['/orders/:id', '/orders/:id/lines/:line', '/profile'];
  const state = {} as { base: string; seen: (string | undefined)[]; close(): Promise<void> };

  beforeAll(async () => {
    const { app, seen } = recordingApp((a) => {
      const router = express.Router({ mergeParams: true });
      for (const route of routes) router.get(route, (_req, res) => res.send('ok'));
      const [first, ...rest] = mounts;
      a.use(first as string, router);
      a.use(rest, router);
    });
    const s = await serve(app);
    Object.assign(state, { base: s.base, seen, close: s.close });
  });
  afterAll(() => state.close());

  it('resolves any mount, route and parameter values to exactly the template', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...mounts),
        fc.constantFrom(...routes),
        fc.array(segment, { minLength: 4, maxLength: 4 }),
        async (mount, route, values) => {
          let i = 0;
          const path = `${mount}${route}`.replace(/:[a-z]+/g, () => values[i++] as string);
          const before = state.seen.length;
          expect((await fetch(`${state.base}${path}`)).status).toBe(200);
          await until(() => state.seen.length === before + 1, 'the request seen', { everyMs: 5 });
          expect(state.seen[before]).toBe(`${mount}${route}`);
        },
      ),
      { numRuns: 60 },
    );
  });
});
