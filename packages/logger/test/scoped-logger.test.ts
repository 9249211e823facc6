import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createLogger,
  LoggerOptionError,
  logUpstreamCall,
  requestLogger,
  type ScopedLogger,
  scopedLogger,
  type UpstreamCallLogger,
} from '../src/index.js';
import { captureLines } from './helpers.js';

// The minimal logger interfaces of our other packages, copied structurally (this package may not
// import them): a scoped logger must fit each, as a pino Logger does.
interface HealthLikeLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
interface RateLimitLikeLogger {
  warn(obj: object, msg: string): void;
}
interface RedisStoreLikeLogger {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function base() {
  const out = captureLines();
  return { logger: createLogger({ env: {}, level: 'trace' }, out), lines: out.lines };
}

/** An app whose handlers log only through `log`, on 127.0.0.1; stopped after each test. */
async function serve(app: express.Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** GET over a keep-alive agent; resolves with the status and the response's request id. */
function get(agent: Agent, url: string, requestId: string) {
  return new Promise<{ status: number; id: string | undefined }>((resolve, reject) => {
    const req = httpRequest(url, { agent, headers: { 'x-request-id': requestId } }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, id: res.headers['x-request-id'] as string }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('scopedLogger(fallback) outside a request', () => {
  it('writes through the fallback, redacted, with no request_id', () => {
    const { logger, lines } = base();
    const log = scopedLogger(logger);
    log.info({ email: 'jane@example.com' }, 'no request');
    log.warn('plain %s', 'message');
    log.error(new Error('boom'));
    log.trace({ n: 1 }, 't');
    log.debug({ n: 2 }, 'd');
    log.fatal({ n: 3 }, 'f');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'no request'],
      ['warn', 'plain message'],
      ['error', 'boom'],
      ['trace', 't'],
      ['debug', 'd'],
      ['fatal', 'f'],
    ]);
    expect(lines[0]).toMatchObject({ email: '[REDACTED]' });
    expect(lines.every((l) => !('request_id' in l))).toBe(true);
  });

  it('fits the minimal logger interfaces that packages take', () => {
    const { logger, lines } = base();
    const log: ScopedLogger = scopedLogger(logger);
    const health: HealthLikeLogger = log;
    const ratelimit: RateLimitLikeLogger = log;
    const redis: RedisStoreLikeLogger = log;
    const upstream: UpstreamCallLogger = log;
    health.info({ a: 1 }, 'health');
    ratelimit.warn({ b: 2 }, 'ratelimit');
    redis.info?.({ c: 3 }, 'redis');
    logUpstreamCall(upstream, { upstream: 'partner', method: 'GET', status: 503 });
    expect(lines.map((l) => l.msg)).toEqual([
      'health',
      'ratelimit',
      'redis',
      'upstream call failed',
    ]);
  });

  it('rejects a fallback that is not a pino logger, naming the option', () => {
    expect(() => scopedLogger(undefined as never)).toThrow(LoggerOptionError);
    expect(() => scopedLogger({ info() {} } as never)).toThrow(/`fallback` must be a pino logger/);
  });
});

describe('scopedLogger(fallback) inside requests on 127.0.0.1', () => {
  it('gives concurrent requests on keep-alive connections their own request ids, through await', async () => {
    const { logger, lines } = base();
    // Made before the app and the request logger exist: the request is looked up per call.
    const log = scopedLogger(logger);
    const component = log.child({ component: 'orders' });
    const n = 8;
    // Each round's requests are all in flight before any goes on: their contexts overlap.
    let arrived = 0;
    let release: () => void = () => undefined;
    let allArrived = Promise.resolve();
    const newRound = () => {
      arrived = 0;
      allArrived = new Promise<void>((resolve) => {
        release = resolve;
      });
    };
    const app = express();
    app.use(requestLogger({ logger }));
    app.get('/orders/:id', async (req, res) => {
      log.info({ order: req.params.id }, 'before await');
      const round = allArrived;
      if (++arrived === n) release();
      await round;
      component.info({ order: req.params.id }, 'after await');
      res.json({ ok: true });
    });
    const url = await serve(app);
    const agent = new Agent({ keepAlive: true, maxSockets: n });
    closers.push(async () => agent.destroy());
    const ids: string[] = [];
    // Two rounds over the same keep-alive sockets.
    for (const round of ['a', 'b']) {
      newRound();
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          get(agent, `${url}/orders/${round}${i}`, `req-${round}${i}`),
        ),
      );
      ids.push(...results.map((r) => r.id ?? ''));
    }
    expect(ids).toEqual(
      ['a', 'b'].flatMap((r) => Array.from({ length: n }, (_, i) => `req-${r}${i}`)),
    );
    const handlerLines = lines.filter((l) => l.msg === 'before await' || l.msg === 'after await');
    expect(handlerLines).toHaveLength(4 * n);
    for (const line of handlerLines) expect(line.request_id).toBe(`req-${line.order}`);
    const after = handlerLines.filter((l) => l.msg === 'after await');
    expect(after.every((l) => l.component === 'orders')).toBe(true);
    expect(lines.filter((l) => l.msg === 'before await').some((l) => 'component' in l)).toBe(false);
  });

  it('child() of a scoped logger binds its fields inside each request and outside', async () => {
    const { logger, lines } = base();
    const app = express();
    app.use(requestLogger({ logger }));
    const log = scopedLogger(logger).child({ part: 'db' });
    app.get('/twice', (_req, res) => {
      log.info('one');
      log.info('two');
      res.end();
    });
    const url = await serve(app);
    const agent = new Agent({ keepAlive: true });
    closers.push(async () => agent.destroy());
    await get(agent, `${url}/twice`, 'first');
    await get(agent, `${url}/twice`, 'second');
    log.info('outside');
    log.info('outside again');
    const byId = (id: string | undefined) =>
      lines.filter((l) => l.part === 'db' && l.request_id === id).map((l) => l.msg);
    expect(byId('first')).toEqual(['one', 'two']);
    expect(byId('second')).toEqual(['one', 'two']);
    expect(byId(undefined)).toEqual(['outside', 'outside again']);
  });

  it('child() outside a request makes the fallback child once, not per call', () => {
    const counting = createLogger({ env: {} }, captureLines());
    const child = counting.child.bind(counting);
    let made = 0;
    counting.child = ((...args: Parameters<typeof counting.child>) => {
      made++;
      return child(...args);
    }) as typeof counting.child;
    const scoped = scopedLogger(counting).child({ x: 1 });
    expect(made).toBe(0);
    scoped.info('a');
    scoped.info('b');
    expect(made).toBe(1);
  });
});
