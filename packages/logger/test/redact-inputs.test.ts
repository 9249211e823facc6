import { cpuMs } from '@preflight/test-harness';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, isLoggerError, LoggerOptionError, redact } from '../src/index.js';

const C = '[REDACTED]';

describe('redact() on awkward input', () => {
  it('never mutates its input', () => {
    const input = {
      user: { email: 'a@b.co', tags: ['x', 'call +14155552671'] },
      note: 'mail a@b.co',
    };
    const before = structuredClone(input);
    const out = redact(input);
    expect(input).toEqual(before);
    expect(out).not.toBe(input);
  });

  it('returns a deep copy even when nothing is sensitive', () => {
    const input = { a: { b: [1, 2] } };
    const out = redact(input) as typeof input;
    expect(out).toEqual(input);
    expect(out.a).not.toBe(input.a);
    expect(out.a.b).not.toBe(input.a.b);
  });

  it('replaces circular references with "[Circular]" but keeps repeated (non-circular) objects', () => {
    const shared = { email: 'x@y.co' };
    const input: Record<string, unknown> = { a: shared, b: shared };
    input.self = input;
    expect(redact(input)).toEqual({ a: { email: C }, b: { email: C }, self: '[Circular]' });
  });

  it('replaces throwing getters (and Proxies that throw) with "[Unreadable]"', () => {
    const input = { ok: 1 } as Record<string, unknown>;
    Object.defineProperty(input, 'bad', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no keys');
        },
      },
    );
    expect(redact({ input, proxy })).toEqual({
      input: { ok: 1, bad: '[Unreadable]' },
      proxy: '[Unreadable]',
    });
  });

  it('keeps BigInts, summarises Buffers and typed arrays, converts Maps and Sets', () => {
    const out = redact({
      big: 12n,
      buf: Buffer.from('secret'),
      u8: new Uint8Array(4),
      map: new Map<unknown, unknown>([
        ['email', 'a@b.co'],
        [1, 'one'],
      ]),
      set: new Set(['mail a@b.co', 2]),
    });
    expect(out).toEqual({
      big: 12n,
      buf: '[Buffer 6 bytes]',
      u8: '[Uint8Array 4 bytes]',
      map: { email: C, 1: 'one' },
      set: [`mail ${C}`, 2],
    });
  });

  it('copies class instances as their own enumerable fields and uses toJSON when present', () => {
    class Customer {
      email = 'a@b.co';
      id = 'c1';
      get display() {
        return 'hidden';
      }
    }
    const withJson = { toJSON: () => ({ token: 't', ok: true }) };
    expect(
      redact({
        c: new Customer(),
        j: withJson,
        d: new Date(0),
        u: new URL('https://u:p@h/x?token=abc'),
      }),
    ).toEqual({
      c: { email: C, id: 'c1' },
      j: { token: C, ok: true },
      d: new Date(0),
      u: `https://${C}@h/x?token=${C}`,
    });
  });

  it("keeps an Error's type, message, stack and cause, with their strings redacted", () => {
    class PartnerError extends Error {
      code = 'E_PARTNER';
      apiKey = 'k';
    }
    const cause = new TypeError('inner failure for bob@example.com');
    const err = new PartnerError('charge failed for jane@example.com', { cause });
    const out = redact({ err }) as { err: PartnerError & { cause: TypeError } };
    expect(out.err).toBeInstanceOf(PartnerError);
    expect(out.err).not.toBe(err);
    expect(out.err.message).toBe(`charge failed for ${C}`);
    expect(out.err.stack?.split('\n')[0]).toBe(`Error: charge failed for ${C}`);
    expect(out.err.stack).not.toContain('jane@example.com');
    expect(out.err.code).toBe('E_PARTNER');
    expect(out.err.apiKey).toBe(C);
    expect(out.err.cause).toBeInstanceOf(TypeError);
    expect(out.err.cause.message).toBe(`inner failure for ${C}`);
    expect(err.message).toBe('charge failed for jane@example.com');
  });

  it('bounds depth, collection size, total nodes and string length', () => {
    let deep: Record<string, unknown> = { email: 'a@b.co' };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    const r = createRedactor({
      maxDepth: 5,
      maxCollectionSize: 3,
      maxNodes: 50,
      maxStringLength: 100,
    });
    const json = JSON.stringify(r.redact(deep));
    expect(json).toContain('[Object]');
    expect(r.redact([1, 2, 3, 4, 5])).toEqual([1, 2, 3, '[2 more items]']);
    expect(r.redact({ a: 1, b: 2, c: 3, d: 4 })).toEqual({
      a: 1,
      b: 2,
      c: 3,
      '[truncated]': 'more keys omitted',
    });
    const wide = Array.from({ length: 20 }, () => ({ a: { b: 1 } }));
    expect(JSON.stringify(createRedactor({ maxNodes: 10 }).redact(wide))).toContain('[Truncated]');
    const long = `${'x'.repeat(100)}a@b.co`;
    expect(r.redactString(long)).toBe(`${'x'.repeat(100)}…[truncated 6 chars]`);
  });

  it('handles a very large value within bounds and quickly', () => {
    const big = {
      items: Array.from({ length: 100_000 }, (_, i) => ({ id: i, email: `u${i}@x.io` })),
    };
    const out = redact(big) as { items: unknown[] };
    expect(out.items).toHaveLength(1001);
  });

  it('never throws, whatever the value (property)', () => {
    const r = createRedactor();
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withMap: true,
          withSet: true,
          withDate: true,
          withTypedArray: true,
          withNullPrototype: true,
          withSparseArray: true,
          withBoxedValues: true,
        }),
        (value) => {
          r.redact(value);
          r.redactForLog(value);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary strings and stays linear on hostile ones', () => {
    const r = createRedactor();
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        (s) => typeof r.redactString(s) === 'string',
      ),
      { numRuns: 500 },
    );
    const hostile = [
      'a'.repeat(30_000),
      '1-'.repeat(15_000),
      'a.'.repeat(15_000),
      `${'x='.repeat(10_000)}`,
      '@'.repeat(30_000),
      '+1 '.repeat(10_000),
    ];
    const used = cpuMs(() => {
      for (const s of hostile) r.redactString(s);
    });
    expect(used).toBeLessThan(2_000);
  });
});

describe('redact options are validated at creation', () => {
  it.each([
    [{ censor: 5 }, 'redact.censor'],
    [{ keys: [''] }, 'redact.keys'],
    [{ keys: 'email' }, 'redact.keys'],
    [{ disable: ['nope'] }, 'redact.disable'],
    [{ maxDepth: 0 }, 'redact.maxDepth'],
    [{ maxStringLength: 1.5 }, 'redact.maxStringLength'],
    [{ patterns: [{ name: 'bad name!', pattern: /x/ }] }, 'redact.patterns[0].name'],
    [{ patterns: [{ name: 'p', pattern: 'x' }] }, 'redact.patterns[0].pattern'],
    [{ patterns: [{ name: 'p', pattern: /x*/ }] }, 'redact.patterns[0].pattern'],
    [{ disabled: ['phone'] }, 'redact.disabled'],
    [{ meter: {} }, 'redact.meter'],
  ])('rejects %j naming %s', (options, option) => {
    let thrown: unknown;
    try {
      createRedactor(options as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LoggerOptionError);
    expect(isLoggerError(thrown)).toBe(true);
    expect((thrown as LoggerOptionError).option).toBe(option);
    expect((thrown as Error).message).toContain(`\`${option}\``);
    expect((thrown as LoggerOptionError).code).toBe('ERR_PREFLIGHT_LOGGER_OPTION');
  });

  it('lists the accepted rule names when disable names an unknown rule', () => {
    expect(() => createRedactor({ disable: ['phones' as never] })).toThrow(
      /accepted: key:email.*phone/,
    );
  });
});

describe('redact() on HTTP objects and text key=value pairs', () => {
  it('reduces raw requests and responses anywhere to method, path, headers and status', async () => {
    const { IncomingMessage, ServerResponse } = await import('node:http');
    const { Socket } = await import('node:net');
    const req = new IncomingMessage(new Socket());
    req.method = 'POST';
    req.url = '/pay?token=abc';
    req.headers = { authorization: 'Bearer abcdef123456', accept: 'json' };
    const res = new ServerResponse(req);
    res.statusCode = 201;
    res.setHeader('set-cookie', 'sid=1');
    expect(redact({ req, res })).toEqual({
      req: {
        method: 'POST',
        url: '/pay',
        headers: { authorization: '[REDACTED]', accept: 'json' },
      },
      res: { statusCode: 201, headers: { 'set-cookie': '[REDACTED]' } },
    });
  });

  it('does not treat context-dependent keys (name, address) as sensitive inside text', () => {
    const r = createRedactor();
    expect(r.redactString('bind address: 0.0.0.0 name=checkout')).toBe(
      'bind address: 0.0.0.0 name=checkout',
    );
    expect(r.redactString('first_name=Jane')).toBe('first_name=[REDACTED]');
  });
});

describe('a redactor reused for many values (position memo) decides each value afresh', () => {
  it('redacts a secret that appears where earlier values were clean', () => {
    const r = createRedactor();
    for (let i = 0; i < 3; i++)
      expect(r.redactForLog({ note: 'retry scheduled' })).toEqual({ note: 'retry scheduled' });
    const secret = 'mail jane@example.com';
    expect(r.redactForLog({ note: secret })).toEqual({ note: 'mail [REDACTED]' });
    expect(r.redactForLog({ note: secret })).toEqual({ note: 'mail [REDACTED]' });
    expect(r.redactForLog({ note: 'retry scheduled' })).toEqual({ note: 'retry scheduled' });
  });

  it('applies key rules when a different key takes the same position', () => {
    const r = createRedactor();
    expect(r.redactForLog({ id: 'ord_1', plan: 'gold' })).toEqual({ id: 'ord_1', plan: 'gold' });
    expect(r.redactForLog({ id: 'ord_1', password: 'gold' })).toEqual({
      id: 'ord_1',
      password: '[REDACTED]',
    });
    expect(r.redactForLog({ id: 'ord_1', plan: 'gold' })).toEqual({ id: 'ord_1', plan: 'gold' });
  });

  it('applies parent-scoped key rules when the same key moves under another parent', () => {
    const r = createRedactor();
    const product = { item: { name: 'Widget' } };
    const customer = { customer: { name: 'Jane Doe' } };
    expect(r.redactForLog(product)).toBe(product);
    expect(r.redactForLog(customer)).toEqual({ customer: { name: '[REDACTED]' } });
    expect(r.redactForLog(product)).toBe(product);
    expect(r.redactForLog(customer)).toEqual({ customer: { name: '[REDACTED]' } });
  });

  it('still checks numbers that could be card numbers where small numbers were', () => {
    const r = createRedactor();
    expect(r.redactForLog({ n: 42 })).toEqual({ n: 42 });
    expect(r.redactForLog({ n: 4111111111111111 })).toEqual({ n: '[REDACTED]' });
  });

  it('keeps results correct when a getter logs through the same redactor while it walks', () => {
    const r = createRedactor();
    const inner: unknown[] = [];
    const value = {
      a: 'first clean value',
      get b() {
        inner.push(r.redactForLog({ x: 'other', email: 'jane@example.com' }));
        return 'bob@example.com';
      },
      c: 'last clean value',
    };
    expect(r.redactForLog(value)).toEqual({
      a: 'first clean value',
      b: '[REDACTED]',
      c: 'last clean value',
    });
    expect(inner).toEqual([{ x: 'other', email: '[REDACTED]' }]);
    expect(r.redactForLog({ a: 'first clean value', b: 'x', c: 'y@z.io' })).toEqual({
      a: 'first clean value',
      b: 'x',
      c: '[REDACTED]',
    });
  });
});
