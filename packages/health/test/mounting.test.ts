import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealth, type Health } from '../src/index.js';
import { request, type Served, serve } from './helpers.js';

const open: Array<{ served: Served; health: Health }> = [];
afterEach(async () => {
  for (const { served, health } of open.splice(0)) {
    health.close();
    await served.close();
  }
});

describe('mounting', () => {
  it('works under a prefix, behind body parsing and other middleware, next to app routes', async () => {
    const health = createHealth({ checks: [{ name: 'db', check: async () => {} }] });
    const app = express();
    const seen: string[] = [];
    app.use(express.json());
    app.use((req, _res, next) => {
      seen.push(req.path);
      next();
    });
    app.use('/internal', health.router());
    app.get('/orders', (_req, res) => {
      res.json({ orders: [] });
    });
    const served = await serve(app);
    open.push({ served, health });

    const ready = await request(`${served.url}/internal/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.json().status).toBe('pass');
    expect((await request(`${served.url}/health/ready`)).status).toBe(404);
    expect((await request(`${served.url}/orders`)).json()).toEqual({ orders: [] });
    expect(seen).toContain('/internal/health/ready');
  });

  it('serves a custom basePath, and the empty basePath at the mount root', async () => {
    const custom = createHealth({ basePath: '/_/status' });
    const root = createHealth({ basePath: '' });
    const app = express();
    app.use(custom.router());
    app.use('/probe', root.router());
    const served = await serve(app);
    open.push(
      { served, health: custom },
      { served: { ...served, close: async () => {} }, health: root },
    );
    expect((await request(`${served.url}/_/status/live`)).status).toBe(200);
    expect((await request(`${served.url}/probe/ready`)).status).toBe(200);
    expect((await request(`${served.url}/probe/startup`)).status).toBe(200);
  });

  it('does not answer other methods, leaving them to the app', async () => {
    const health = createHealth();
    const app = express();
    app.use(health.router());
    app.use((_req, res) => {
      res.status(405).end();
    });
    const served = await serve(app);
    open.push({ served, health });
    expect((await request(`${served.url}/health/ready`, { method: 'POST' })).status).toBe(405);
  });
});

describe('interceptProbes', () => {
  it('answers probes before the app, so auth and logging middleware never see them', async () => {
    const health = createHealth({
      interceptProbes: true,
      exit: () => {},
      checks: [{ name: 'db', check: async () => {} }],
    });
    const app = express();
    const seen: string[] = [];
    app.use((req, res, next) => {
      seen.push(req.url);
      if (req.headers.authorization !== 'Bearer ok') res.status(401).end();
      else next();
    });
    app.get('/orders', (_req, res) => {
      res.json([]);
    });
    const served = await serve(app);
    const detach = health.attach(served.server);
    health.attach(served.server); // idempotent: no double wrapping
    open.push({ served, health });

    const ready = await request(`${served.url}/health/ready?from=kubelet`);
    expect(ready.status).toBe(200);
    expect(ready.headers['content-type']).toBe('application/health+json; charset=utf-8');
    expect(ready.json()).toEqual({
      status: 'pass',
      checks: { 'db:responseTime': [{ status: 'pass' }] },
    });
    expect((await request(`${served.url}/health/live`, { method: 'HEAD' })).status).toBe(200);
    expect((await request(`${served.url}/health/ready`, { method: 'POST' })).status).toBe(401);
    expect((await request(`${served.url}/orders`)).status).toBe(401);
    expect(seen).toEqual(['/health/ready', '/orders']);

    detach();
    expect((await request(`${served.url}/health/ready`)).status).toBe(401);
  });
});
