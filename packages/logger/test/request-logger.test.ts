import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { until } from '@preflight/test-harness';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestLoggerOptions } from '../src/index.js';
import {
  createLogger,
  getLogger,
  getRequestId,
  LoggerOptionError,
  requestLogger,
} from '../src/index.js';
import { captureLines } from './helpers.js';

const C = '[REDACTED]';
const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function start(
  options: Omit<RequestLoggerOptions, 'logger'> = {},
  extra?: (app: express.Express) => void,
) {
  const out = captureLines();
  const logger = createLogger({ env: {}, level: 'info' }, out);
  const app = express();
  app.use(express.json());
  app.use(requestLogger({ logger, ...options }));
  const router = express.Router();
  router.get('/users/:id', async (_req, res) => {
    getLogger()?.info('loading user');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.resolve();
    getLogger()?.info({ step: 'after await', request_id_seen: getRequestId() }, 'loaded');
    res.json({ id: 1 });
  });
  app.use('/api', router);
  app.post('/orders', (req, res) => {
    res.status(201).json({ ok: true, n: Object.keys(req.body as object).length });
  });
  app.get('/fail', () => {
    throw new Error('boom for jane@example.com');
  });
  const state = { hanging: 0 };
  app.get('/hang', (_req, res) => {
    state.hanging++;
    setTimeout(() => res.end('late'), 10_000).unref();
  });
  app.get('/health', (_req, res) => res.send('ok'));
  extra?.(app);
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, lines: out.lines, state };
}

const requestLines = (lines: Record<string, unknown>[]) =>
  lines.filter((l) => String(l.msg).startsWith('request '));

describe('requestLogger over HTTP on 127.0.0.1', () => {
  it('reuses a valid incoming X-Request-Id, returns it, and puts it on every line through await', async () => {
    const { base, lines } = await start();
    const res = await fetch(`${base}/api/users/42?email=jane@example.com`, {
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    await until(() => requestLines(lines).length === 1, '1 request line', { everyMs: 5 });
    expect(lines.map((l) => l.request_id)).toEqual(['abc-123', 'abc-123', 'abc-123']);
    expect(lines[1]).toMatchObject({ request_id_seen: 'abc-123', msg: 'loaded' });
  });

  it('writes one line per request with method, route template, status, duration_ms and sizes, never the query', async () => {
    const { base, lines } = await start();
    await fetch(`${base}/api/users/42?token=secret123&email=jane@example.com`);
    await fetch(`${base}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    await until(() => requestLines(lines).length === 2, '2 request lines', { everyMs: 5 });
    const [get, post] = requestLines(lines);
    expect(get).toMatchObject({
      level: 'info',
      method: 'GET',
      route: '/api/users/:id',
      status: 200,
      response_size: 8,
    });
    expect(typeof get?.duration_ms).toBe('number');
    expect(post).toMatchObject({ method: 'POST', route: '/orders', status: 201, request_size: 7 });
    expect(JSON.stringify(lines)).not.toMatch(/secret123|jane@example|\?token/);
  });

  it('generates a UUID when the incoming id is missing, too long or has unsafe characters', async () => {
    const { base } = await start();
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const incoming of [
      undefined,
      'x'.repeat(129),
      'abc\r\nset-cookie: a',
      'has space',
      '{"a":1}',
    ]) {
      const headers: Record<string, string> =
        incoming === undefined ? {} : { 'x-request-id': incoming };
      const res = await fetch(`${base}/health`, { headers }).catch(() => undefined);
      if (res) expect(res.headers.get('x-request-id')).toMatch(uuid);
    }
  });

  it('ignores incoming ids when trustIncomingId is false and can leave the response header alone', async () => {
    const { base, lines } = await start({
      trustIncomingId: false,
      setResponseHeader: false,
      generateId: () => 'generated-1',
    });
    const res = await fetch(`${base}/health`, { headers: { 'x-request-id': 'from-client' } });
    expect(res.headers.get('x-request-id')).toBeNull();
    await until(() => requestLines(lines).length === 1, '1 request line', { everyMs: 5 });
    expect(requestLines(lines)[0]).toMatchObject({ request_id: 'generated-1' });
  });

  it('logs errors handled by Express at error level with status 500', async () => {
    const { base, lines } = await start();
    await fetch(`${base}/fail`);
    await until(() => requestLines(lines).length === 1, '1 request line', { everyMs: 5 });
    expect(requestLines(lines)[0]).toMatchObject({ level: 'error', route: '/fail', status: 500 });
  });

  it('marks unmatched routes with one fixed value', async () => {
    const { base, lines } = await start();
    await fetch(`${base}/nope/jane@example.com`);
    await until(() => requestLines(lines).length === 1, '1 request line', { everyMs: 5 });
    expect(requestLines(lines)[0]).toMatchObject({
      level: 'warn',
      route: '(unmatched)',
      status: 404,
    });
  });

  it('logs aborted requests once, as aborted', async () => {
    const { base, lines, state } = await start();
    const req = httpRequest(`${base}/hang`);
    req.on('error', () => {});
    req.end();
    // Abort once the route is running, however long the loaded machine took to get there.
    await until(() => state.hanging === 1, 'the hanging request at the handler', { everyMs: 5 });
    req.destroy();
    await until(() => requestLines(lines).length === 1, '1 request line', { everyMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requestLines(lines)).toHaveLength(1);
    expect(requestLines(lines)[0]).toMatchObject({
      level: 'warn',
      route: '/hang',
      aborted: true,
      msg: 'request aborted',
    });
    expect(requestLines(lines)[0]).not.toHaveProperty('status');
  });

  it('logs query, body and chosen headers only when asked, redacted', async () => {
    const { base, lines } = await start({
      includeQuery: true,
      includeBody: true,
      headers: ['user-agent', 'authorization'],
    });
    await fetch(`${base}/orders?api_key=k123&page=2`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer abc.def.123',
        'user-agent': 'test-agent',
      },
      body: JSON.stringify({ email: 'jane@example.com', qty: 2 }),
    });
    await until(() => requestLines(lines).length === 1, '1 request line', { everyMs: 5 });
    expect(requestLines(lines)[0]).toMatchObject({
      query: `api_key=${C}&page=2`,
      body: { email: C, qty: 2 },
      headers: { 'user-agent': 'test-agent', authorization: C },
    });
  });

  it('skips requests when skip returns true, and uses the injected clock', async () => {
    let t = 0;
    const { base, lines } = await start({
      skip: (req) => req.path === '/health',
      now: () => (t += 250),
    });
    await fetch(`${base}/health`);
    await fetch(`${base}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await until(() => requestLines(lines).length === 1, '1 request line', { everyMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requestLines(lines)).toHaveLength(1);
    expect(requestLines(lines)[0]).toMatchObject({ route: '/orders', duration_ms: 250 });
  });

  it('never fails a request because of its own options: a throwing generateId or skip', async () => {
    const { base, lines } = await start({
      generateId: () => {
        throw new Error('no ids today');
      },
      skip: () => {
        throw new Error('bad skip');
      },
    });
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await until(() => lines.length === 1, 'a line', { everyMs: 5 });
    expect(lines[0]).toMatchObject({
      level: 'error',
      msg: 'request logging failed',
      err: { message: 'bad skip' },
    });
  });

  it('keeps concurrent requests apart', async () => {
    const { base, lines } = await start();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fetch(`${base}/api/users/${i}`, { headers: { 'x-request-id': `req-${i}` } }),
      ),
    );
    await until(() => requestLines(lines).length === 10, '10 request lines', { everyMs: 5 });
    for (const line of lines.filter((l) => l.msg === 'loaded'))
      expect(line.request_id).toBe(line.request_id_seen);
    expect(new Set(requestLines(lines).map((l) => l.request_id)).size).toBe(10);
  });
});

describe('requestLogger outside a request and options', () => {
  it('getLogger returns the fallback (or undefined) outside a request', () => {
    const base = createLogger({ env: {} });
    expect(getLogger()).toBeUndefined();
    expect(getLogger(base)).toBe(base);
    expect(getRequestId()).toBeUndefined();
  });

  it.each([
    [{ header: 'x request id' }, 'header'],
    [{ maxIdLength: 2 }, 'maxIdLength'],
    [{ includeQuery: 'yes' }, 'includeQuery'],
    [{ generateId: 'uuid' }, 'generateId'],
    [{ headers: 'user-agent' }, 'headers'],
    [{ logger: {} }, 'logger'],
  ])('rejects %j naming %s', (options, option) => {
    expect(() => requestLogger(options as never)).toThrow(LoggerOptionError);
    expect(() => requestLogger(options as never)).toThrow(`\`${option}\``);
  });
});

describe('requestLogger route templates over HTTP on 127.0.0.1', () => {
  it('logs parameterised mount paths of nested routers as templates, never their values', async () => {
    const { base, lines } = await start({}, (app) => {
      const items = express.Router({ mergeParams: true });
      items.get('/:item', (_req, res) => res.send('item'));
      items.get('/', (_req, res) => res.send('list'));
      const orders = express.Router({ mergeParams: true });
      orders.use('/orders/:order/items', items);
      orders.get('/orders/:order', (_req, res) => res.send('order'));
      app.use('/shops/:shop', orders);
    });
    await fetch(`${base}/shops/acme/orders/o-77/items/i-9`);
    await fetch(`${base}/shops/jane@example.com/orders/o-78`);
    await fetch(`${base}/shops/acme/orders/o-79/items`);
    await until(() => requestLines(lines).length === 3, '3 request lines', { everyMs: 5 });
    const routes = requestLines(lines).map((l) => l.route);
    expect(routes).toEqual([
      '/shops/:shop/orders/:order/items/:item',
      '/shops/:shop/orders/:order',
      '/shops/:shop/orders/:order/items',
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/acme|o-7\d|i-9|jane/);
  });

  it('tells apart the mount points of a router mounted twice', async () => {
    const { base, lines } = await start({}, (app) => {
      const members = express.Router();
      members.get('/members/:id', (_req, res) => res.send('member'));
      app.use('/v1/programs/:program', members);
      app.use('/v2/tenants/:tenant/programs/:program', members);
    });
    await fetch(`${base}/v2/tenants/t1/programs/p1/members/m1`);
    await fetch(`${base}/v1/programs/p2/members/m2`);
    await until(() => requestLines(lines).length === 2, '2 request lines', { everyMs: 5 });
    expect(requestLines(lines).map((l) => l.route)).toEqual([
      '/v2/tenants/:tenant/programs/:program/members/:id',
      '/v1/programs/:program/members/:id',
    ]);
  });

  it('prefixes the mount path of a sub-app, with its parameters as templates', async () => {
    const { base, lines } = await start({}, (app) => {
      const sub = express();
      sub.get('/carts/:cart', (_req, res) => res.send('cart'));
      app.use('/stores/:store', sub);
    });
    await fetch(`${base}/stores/s-1/carts/c-2`);
    await until(() => requestLines(lines).length === 1, '1 request line', { everyMs: 5 });
    expect(requestLines(lines)[0]).toMatchObject({ route: '/stores/:store/carts/:cart' });
  });
});
