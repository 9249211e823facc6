import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { LoggerOptionError, type RequestLoggerOptions, requestLogger } from '../src/index.js';
import { captureLogger } from './helpers.js';

// `ignore` is the one way to leave probes out of logs, the same option and matcher as
// httpMetrics({ ignore }); `skip` stays as its deprecated alias.

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function loggedPaths(options: Omit<RequestLoggerOptions, 'logger'>, paths: string[]) {
  const { logger, lines } = captureLogger({ level: 'info' });
  const app = express();
  app.use(requestLogger({ logger, ...options }));
  const probes = express.Router();
  probes.get('/live', (_req, res) => res.send('ok'));
  app.use('/health', probes);
  app.get('/metrics', (_req, res) => res.send('# metrics'));
  app.get('/v1/orders/:id', (_req, res) => res.json({ ok: true }));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const path of paths) expect((await fetch(`${base}${path}`)).status).toBe(200);
  // The one request that is always logged comes last: once it is there, every line is.
  await fetch(`${base}/v1/orders/last`);
  const deadline = Date.now() + 10_000;
  const requests = () => lines.filter((l) => l.msg === 'request completed');
  while (!requests().some((l) => l.route === '/v1/orders/:id' && l.status === 200)) {
    if (Date.now() > deadline) throw new Error('no line for the last request');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  return requests().map((l) => l.route);
}

describe('requestLogger({ ignore })', () => {
  it('writes no line for exact paths (query string excluded, mounted routers included)', async () => {
    const routes = await loggedPaths({ ignore: ['/health/live', '/metrics'] }, [
      '/health/live',
      '/metrics?format=text',
      '/v1/orders/7',
    ]);
    expect(routes).toEqual(['/v1/orders/:id', '/v1/orders/:id']);
  });

  it('takes a predicate', async () => {
    const routes = await loggedPaths({ ignore: (req) => req.url?.startsWith('/health') === true }, [
      '/health/live',
      '/metrics',
    ]);
    expect(routes).toEqual(['/metrics', '/v1/orders/:id']);
  });

  it('never fails a request for a throwing predicate: the failure is logged once instead', async () => {
    const { logger, lines } = captureLogger({ level: 'info' });
    const app = express();
    app.use(
      requestLogger({
        logger,
        ignore: () => {
          throw new Error('bad ignore');
        },
      }),
    );
    app.get('/r', (_req, res) => res.send('ok'));
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/r`)).status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (lines.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      msg: 'request logging failed',
      err: { message: 'bad ignore' },
    });
  });

  it('keeps skip working as its deprecated alias', async () => {
    const routes = await loggedPaths({ skip: (req) => req.path === '/metrics' }, [
      '/metrics',
      '/health/live',
    ]);
    expect(routes).toEqual(['/health/live', '/v1/orders/:id']);
  });

  it.each([
    [{ ignore: '/health' }, 'ignore'],
    [{ ignore: ['health'] }, 'ignore'],
    [{ ignore: ['/ok', 42] }, 'ignore'],
    [{ ignore: { paths: ['/health'] } }, 'ignore'],
    [{ skip: ['/health'] }, 'skip'],
    [{ skip: () => false, ignore: ['/health'] }, 'skip'],
  ])('rejects %j at creation, naming %s', (options, option) => {
    expect(() => requestLogger(options as never)).toThrow(LoggerOptionError);
    expect(() => requestLogger(options as never)).toThrow(`option \`${option}\``);
    try {
      requestLogger(options as never);
    } catch (error) {
      expect((error as LoggerOptionError).option).toBe(option);
    }
  });
});
