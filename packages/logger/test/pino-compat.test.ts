import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, createRedactor, LoggerOptionError } from '../src/index.js';
import { captureLines, captureLogger } from './helpers.js';

// Each test mirrors a pino test (test/levels.test.js, test/custom-levels.test.js,
// test/redact.test.js, test/serializers.test.js, test/http.test.js, test/basic.test.js) and
// is named after it; pino's behaviour, plus our redaction on every line.

const C = '[REDACTED]';

const setup = captureLogger;

describe('levels (pino test/levels.test.js, test/custom-levels.test.js)', () => {
  it('set the level via exported pino function, in any case', () => {
    expect(setup({ level: 'INFO' }).logger.level).toBe('info');
    expect(setup({ level: 'Warn' }).logger.level).toBe('warn');
    const { logger, lines } = setup({ level: 'ERROR' });
    logger.warn('hidden');
    logger.error({ email: 'a@b.co' }, 'shown');
    expect(lines).toMatchObject([{ level: 'error', email: C, msg: 'shown' }]);
  });

  it('passes when creating a default value that exists in logger levels (level: 30)', () => {
    const { logger, lines } = setup({ level: 30 });
    expect(logger.level).toBe('info');
    logger.debug('hidden');
    logger.info('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });

  it('set silent via Infinity', () => {
    const { logger, lines } = setup({ level: Number.POSITIVE_INFINITY });
    logger.fatal('hidden');
    expect(logger.level).toBe('silent');
    expect(lines).toEqual([]);
  });

  it('custom levels: level option set to a custom level number', () => {
    const { logger, lines } = setup({ level: 35, customLevels: { audit: 35 } });
    expect(logger.level).toBe('audit');
    (logger as unknown as { audit: (o: object, m: string) => void }).audit(
      { email: 'a@b.co' },
      'audited',
    );
    logger.info('hidden');
    expect(lines).toMatchObject([{ level: 'audit', email: C, msg: 'audited' }]);
  });

  it('LOG_LEVEL may be a level number too', () => {
    expect(createLogger({ env: { LOG_LEVEL: '40' } }).level).toBe('warn');
  });

  it('throws when creating a default label that does not exist in logger levels', () => {
    expect(() => setup({ level: 'foo', customLevels: { bar: 5 } })).toThrow(LoggerOptionError);
    expect(() => setup({ level: 15 })).toThrow(/`level`/);
  });
});

const reqLike = () => ({
  req: {
    id: 7915,
    method: 'GET',
    url: '/',
    headers: { host: 'localhost:3000', cookie: 'SESSID=298zf09hf012fh2', 'x-internal-ref': 'r-1' },
    remoteAddress: '::ffff:127.0.0.1',
    remotePort: 58022,
  },
});

describe('pino redact option (pino test/redact.test.js)', () => {
  it('redact option – object: pino paths are honoured on top of our rules', () => {
    const { logger, lines } = setup({
      redact: ['req.headers["x-internal-ref"]', 'a.b', '*.secret'],
    });
    logger.info({ ...reqLike(), a: { b: 'bee', c: 'sea' }, x: { secret: 7 }, note: 'jane@x.io' });
    expect(lines[0]).toMatchObject({
      req: { headers: { 'x-internal-ref': C, host: 'localhost:3000' }, remotePort: 58022 },
      a: { b: C, c: 'sea' },
      x: { secret: C },
      note: C,
    });
  });

  it('redact option – top level key: a plain name is one of our keys, at any depth', () => {
    const { logger, lines } = setup({ redact: ['key'] });
    logger.info({ key: { redact: 'me' }, deeper: { key: 'x' } });
    expect(lines[0]).toMatchObject({ key: C, deeper: { key: C } });
  });

  it('redact.paths option – child object', () => {
    const { logger, lines } = setup({ redact: { paths: ['req.headers["x-internal-ref"]'] } });
    logger.child(reqLike()).info('message completed');
    expect(lines[0]).toMatchObject({ req: { headers: { 'x-internal-ref': C } } });
  });

  it('redact.censor option – sets the redact value (for paths and our rules)', () => {
    const { logger, lines } = setup({ redact: { paths: ['a.b'], censor: 'test' } });
    logger.info({ a: { b: 1 }, email: 'jane@example.com' });
    expect(lines[0]).toMatchObject({ a: { b: 'test' }, email: 'test' });
  });

  it('redact – supports top level wildcard with a censor function (paths only)', () => {
    const { logger, lines } = setup({
      base: null,
      redact: { paths: ['a.*'], censor: (v: unknown) => `[${typeof v}]` },
    });
    logger.info({ a: { n: 1, s: 'x' }, email: 'jane@example.com' });
    expect(lines[0]).toMatchObject({ a: { n: '[number]', s: '[string]' }, email: C });
  });

  it('redact.remove option – removes both key and value', () => {
    const { logger, lines } = setup({ redact: { paths: ['req.headers.cookie'], remove: true } });
    logger.info(reqLike());
    const req = lines[0]?.req as { headers: Record<string, unknown> };
    expect('cookie' in req.headers).toBe(false);
    expect(req.headers.host).toBe('localhost:3000');
  });

  it('redact.paths preserves original object values after the log write', () => {
    const { logger } = setup({ redact: { paths: ['req.headers.cookie'] } });
    const obj = reqLike();
    logger.info(obj);
    expect(obj.req.headers.cookie).toBe('SESSID=298zf09hf012fh2');
  });

  it('redact option – throws if array contains an invalid path, naming the option', () => {
    expect(() => setup({ redact: ['req,headers.cookie'] })).toThrow(LoggerOptionError);
    expect(() => setup({ redact: ['req,headers.cookie'] })).toThrow(/`redact`/);
    expect(() => setup({ redact: { paths: ['a..b'] } })).toThrow(/`redact.paths`/);
  });

  it('redact.paths option – throws if not array', () => {
    expect(() => setup({ redact: { paths: 'req.headers.cookie' as never } })).toThrow(
      /`redact.paths`/,
    );
    expect(() => setup({ redact: { remove: true } })).toThrow(/`redact.remove`/);
  });

  it('createRedactor refuses pino paths (object or array form) loudly instead of ignoring them', () => {
    expect(() => createRedactor({ paths: ['a.b'] } as never)).toThrow(/`redact.paths`/);
    expect(() => createRedactor(['customerRef', 'req.headers.cookie'])).toThrow(/`redact\[1\]`/);
    // Dotted names given explicitly as keys stay key names (flattened logs have them).
    expect(createRedactor({ keys: ['user.ref'] }).config.keys).toEqual(['user.ref']);
  });
});

describe('serializers (pino test/serializers.test.js)', () => {
  it('serializers can return undefined to strip field', () => {
    const { logger, lines } = setup({ serializers: { test: () => undefined } });
    logger.info({ test: 'sensitive info' });
    expect('test' in (lines[0] ?? {})).toBe(false);
  });

  it('custom serializer receives the raw value and its output is redacted', () => {
    const seen: unknown[] = [];
    const { logger, lines } = setup({
      serializers: {
        user: (u: { email: string; id: number }) => {
          seen.push(u.email);
          return { id: u.id, contact: `mail ${u.email}` };
        },
      },
    });
    logger.info({ user: { email: 'jane@example.com', id: 7 } });
    expect(seen).toEqual(['jane@example.com']);
    expect(lines[0]).toMatchObject({ user: { id: 7, contact: `mail ${C}` } });
  });

  it('child serializers: a child logger’s serializers are redacted too, bindings included', () => {
    const { logger, raw } = setup();
    const child = logger.child(
      { account: { owner: 'jane@example.com' } },
      { serializers: { account: (a: { owner: string }) => ({ owner: a.owner, kind: 'x' }) } },
    );
    child.info({ account: { owner: 'bob@example.com' } }, 'hi');
    expect(raw.join('')).not.toMatch(/jane@|bob@/);
    expect(raw[0]).toContain(`"kind":"x"`);
  });

  it('a throwing serializer costs its field, never the line', () => {
    const { logger, lines } = setup({
      serializers: {
        bad: () => {
          throw new Error('no');
        },
      },
    });
    expect(() => logger.info({ bad: 1, ok: 2 }, 'kept')).not.toThrow();
    expect(lines[0]).toMatchObject({ bad: '[Unreadable]', ok: 2, msg: 'kept' });
  });
});

/** One real request on 127.0.0.1; `onRequest` logs while the response is in flight or done. */
async function withRequest(onFinish: (req: unknown, res: unknown) => void) {
  const server = createServer((req, res) => {
    res.on('finish', () => onFinish(req, res));
    res.statusCode = 201;
    res.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    await new Promise<void>((resolve, reject) => {
      const r = request(
        {
          host: '127.0.0.1',
          port,
          path: '/orders?token=tok_9f8e7d6c5b4a&page=2',
          headers: { authorization: 'Bearer abcdef123456', 'x-request-id': 'abc' },
        },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      r.on('error', reject);
      r.end();
    });
  } finally {
    server.close();
    server.closeAllConnections();
  }
}

describe('http serializers (pino test/http.test.js)', () => {
  it('http request support via serializer: the serializer gets the raw request', async () => {
    const { logger, lines } = setup({
      serializers: { req: pino.stdSerializers.req, res: pino.stdSerializers.res },
    });
    await withRequest((req, res) => logger.info({ req, res }, 'done'));
    const line = lines[0] as { req: Record<string, unknown>; res: Record<string, unknown> };
    expect(line.req).toMatchObject({
      method: 'GET',
      remoteAddress: '127.0.0.1',
      remotePort: expect.any(Number),
      headers: { authorization: C, 'x-request-id': 'abc' },
    });
    expect(line.req.url).toBe(`/orders?token=${C}&page=2`);
    expect(line.res).toMatchObject({ statusCode: 201 });
  });

  it('http request support via serializer without request property (raw request as the merge object)', async () => {
    const { logger, lines } = setup({ serializers: { req: pino.stdSerializers.req } });
    await withRequest((req) => logger.info(req as object, 'done'));
    expect(lines[0]).toMatchObject({
      req: { remoteAddress: '127.0.0.1', headers: { authorization: C } },
      msg: 'done',
    });
  });

  it('http response support via a serializer, as the merge object', async () => {
    const { logger, lines } = setup({ serializers: { res: pino.stdSerializers.res } });
    await withRequest((_req, res) => logger.info(res as object, 'done'));
    expect(lines[0]).toMatchObject({ res: { statusCode: 201 }, msg: 'done' });
  });

  it('without a serializer, a raw request is summarised without its query string', async () => {
    const { logger, lines } = setup();
    await withRequest((req) => logger.info({ req }, 'done'));
    expect(lines[0]).toMatchObject({ req: { method: 'GET', url: '/orders' } });
  });
});

describe('prototype (pino test/basic.test.js)', () => {
  it('prototype properties are not logged: enumerable Object.prototype pollution', () => {
    const { logger, raw } = setup();
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = 'jane@example.com';
    try {
      logger.info({ a: 1, nested: { email: 'x@y.io', b: 2 } }, 'msg');
      logger.info(Object.create({ hello: 'world' }), 'inherited');
    } finally {
      delete proto.polluted;
    }
    expect(raw.join('')).not.toMatch(/polluted|hello/);
    expect(JSON.parse(raw[0] ?? '{}')).toMatchObject({ a: 1, nested: { email: C, b: 2 } });
  });

  it('handles an own __proto__ key (JSON.parse) when something else in the object is redacted', () => {
    const { logger, raw } = setup();
    const obj = JSON.parse('{"__proto__":{"plan":"pro"},"email":"jane@example.com","n":1}');
    logger.info(obj, 'parsed');
    logger.info({ inner: obj }, 'nested');
    expect(raw[0]).toContain('"__proto__":{"plan":"pro"}');
    expect(raw[0]).toContain(`"email":"${C}"`);
    expect(raw[1]).toContain('"__proto__":{"plan":"pro"}');
  });
});

describe('multi-target transport built by the caller, with custom levels', () => {
  it('writes numeric levels, which that worker can route', () => {
    const out = captureLines();
    const marked = Object.assign(out, { [Symbol.for('pino.transport.usesMultistream')]: true });
    const logger = createLogger({ env: {}, level: 'audit', customLevels: { audit: 35 } }, marked);
    logger.warn({ email: 'a@b.co' }, 'x');
    expect(out.lines[0]).toMatchObject({ level: 40, email: C });
  });
});

describe('options that pino validates, named (pino test/levels.test.js)', () => {
  it('throws when creating a default value that does not exist in logger levels (useOnlyCustomLevels)', () => {
    expect(() => setup({ customLevels: { foo: 5 }, useOnlyCustomLevels: true })).toThrow(
      /`level` must be set with useOnlyCustomLevels/,
    );
    const { logger } = setup({ customLevels: { foo: 5 }, useOnlyCustomLevels: true, level: 'foo' });
    expect(logger.level).toBe('foo');
  });
});

describe('formatters.log with serializers (pino test/formatters.test.js)', () => {
  it('a formatters.log that moves a raw serialized field elsewhere cannot leak it', () => {
    const { logger, raw } = setup({
      serializers: { user: (u: { email: string }) => ({ kind: typeof u }) },
      formatters: { log: (obj) => ({ ...obj, copy: obj.user, formatted: true }) },
    });
    logger.info({ user: { email: 'jane@example.com' } }, 'moved');
    expect(raw[0]).not.toContain('jane@');
    expect(JSON.parse(raw[0] ?? '{}')).toMatchObject({
      user: { kind: 'object' },
      copy: { email: C },
      formatted: true,
    });
  });
});

describe('differences on purpose, and the options that restore pino’s form', () => {
  it('ISO time and level labels by default; epochTime and a numeric level formatter restore pino’s', () => {
    const ours = setup();
    ours.logger.info('x');
    expect(ours.lines[0]).toMatchObject({ level: 'info', time: expect.stringMatching(/Z$/) });
    const pinoForm = setup({
      timestamp: pino.stdTimeFunctions.epochTime,
      formatters: { level: (_label, number) => ({ level: number }) },
    });
    pinoForm.logger.info({ email: 'jane@example.com' }, 'x');
    expect(pinoForm.lines[0]).toMatchObject({ level: 30, time: expect.any(Number), email: C });
  });

  it('redact.disable switches built-in rules off one by one', () => {
    const { logger, lines } = setup({ redact: { disable: ['key:email', 'email'] } });
    logger.info({ email: 'jane@example.com' }, 'mail bob@example.com');
    expect(lines[0]).toMatchObject({ email: 'jane@example.com', msg: 'mail bob@example.com' });
  });
});

describe('child formatters (pino test/formatters.test.js)', () => {
  it('a child’s own formatters.log and formatters.bindings output is redacted', () => {
    const { logger, raw } = setup();
    const child = logger.child(
      { region: 'eu' },
      {
        formatters: {
          bindings: (b) => ({ ...b, owner: 'jane@example.com' }),
          log: (obj) => ({ ...obj, contact: 'bob@example.com' }),
        },
      },
    );
    child.info('hi');
    expect(raw[0]).not.toMatch(/jane@|bob@/);
    expect(JSON.parse(raw[0] ?? '{}')).toMatchObject({ region: 'eu', owner: C, contact: C });
  });
});
