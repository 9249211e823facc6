import { afterEach, describe, expect, it } from 'vitest';
import { createHealth, type Health, type HealthCheck, type HealthOptions } from '../src/index.js';
import { type Fetched, request, type Served, serveRouter } from './helpers.js';

// showDetails is documented for operators: turning it on must not leak, crash or balloon.

const open: Array<{ served: Served; health: Health }> = [];
afterEach(async () => {
  for (const { served, health } of open.splice(0)) {
    health.close();
    await served.close();
  }
});

async function readyWith(
  check: HealthCheck['check'],
  options: HealthOptions = {},
  critical = true,
): Promise<Fetched> {
  const health = createHealth({
    showDetails: 'always',
    ...options,
    checks: [{ name: 'db', critical, check }],
  });
  const served = await serveRouter(health.router());
  open.push({ served, health });
  return request(`${served.url}/health/ready`);
}

const DSN = 'mongodb://admin:Pa55wordXYZ@db.internal:27017/orders';
const PASSWORD = 'Pa55wordXYZ';

describe('details: every string a check returns is sanitized', () => {
  it('sanitizes observedUnit', async () => {
    const res = await readyWith(async () => ({
      observedValue: 3,
      observedUnit: `conns to ${DSN}`,
    }));
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(PASSWORD);
    expect(res.text).toContain('db.internal:27017/orders');
  });

  it('sanitizes strings anywhere inside an object observedValue, keys included', async () => {
    const res = await readyWith(async () => ({
      status: 'warn',
      output: `degraded: ${DSN}`,
      observedValue: {
        primary: DSN,
        replicas: [{ url: DSN }, `backup ${DSN}`],
        [DSN]: 'up',
        nested: { deeper: { deepest: DSN } },
      },
    }));
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(PASSWORD);
    const body = res.json() as { checks: Record<string, Array<{ observedValue?: unknown }>> };
    expect(body.checks['db:value']?.[0]?.observedValue).toMatchObject({
      primary: 'mongodb://[REDACTED]@db.internal:27017/orders',
    });
  });

  it('sanitizes measurementName, which becomes part of a key', async () => {
    const res = await readyWith(async () => ({
      observedValue: 1,
      measurementName: 'sk_live_abcdef1234567890',
    }));
    expect(res.text).not.toContain('abcdef1234567890');
    expect(Object.keys((res.json() as { checks: object }).checks)).toContain('db:value');
  });

  it('sanitizes a string observedValue and output with the app sanitizer too', async () => {
    const res = await readyWith(
      async () => ({ status: 'warn', output: 'tok-123 slow', observedValue: { t: 'tok-123' } }),
      { sanitize: (text) => text.replaceAll('tok-123', '***') },
    );
    expect(res.text).not.toContain('tok-123');
    expect(res.text).toContain('*** slow');
  });
});

describe('details: any value a check resolves serialises to a bounded, valid body', () => {
  const cases: Array<[string, () => unknown]> = [
    ['a BigInt observedValue', () => ({ observedValue: 12345678901234567890n })],
    [
      'a circular observedValue',
      () => {
        const value: Record<string, unknown> = { name: 'pool' };
        value.self = value;
        return { observedValue: value };
      },
    ],
    [
      'an observedValue with a throwing getter',
      () => ({
        observedValue: Object.defineProperty({ ok: 1 }, 'boom', {
          enumerable: true,
          get() {
            throw new Error(`getter leaked ${DSN}`);
          },
        }),
      }),
    ],
    [
      'a result object whose fields throw',
      () =>
        new Proxy(
          {},
          {
            get() {
              throw new Error('trap');
            },
          },
        ),
    ],
    [
      'an observedValue Proxy whose traps throw',
      () => ({
        observedValue: new Proxy(
          {},
          {
            ownKeys() {
              throw new Error('trap');
            },
            get() {
              throw new Error('trap');
            },
          },
        ),
      }),
    ],
    [
      'a revoked Proxy observedValue',
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return { observedValue: proxy };
      },
    ],
    [
      'a Symbol observedValue and a function unit',
      () => ({ observedValue: Symbol('x'), observedUnit: () => 1 }),
    ],
    [
      'a value whose toJSON throws',
      () => ({
        observedValue: {
          toJSON: () => {
            throw new Error('no');
          },
        },
      }),
    ],
  ];

  // A resolved object whose `then` getter throws rejects the check's promise: that is a fail.
  it.each(cases)('answers 200 or 503 (never 500) with valid JSON for %s', async (_name, make) => {
    const res = await readyWith(async () => make() as never);
    expect([200, 503]).toContain(res.status);
    expect(() => res.json()).not.toThrow();
    expect(res.text).not.toContain(PASSWORD);
  });

  it('shows a BigInt as its decimal digits and a cycle as a placeholder', async () => {
    const cyclic: Record<string, unknown> = { n: 12345678901234567890n };
    cyclic.self = cyclic;
    const res = await readyWith(async () => ({ observedValue: cyclic as never }));
    const body = res.json() as { checks: Record<string, Array<{ observedValue?: unknown }>> };
    expect(body.checks['db:value']?.[0]?.observedValue).toEqual({
      n: '12345678901234567890',
      self: '[Circular]',
    });
  });

  it('fails the check, not the request, when what it throws has a throwing message getter', async () => {
    const thrown = Object.defineProperty(new Error(), 'message', {
      get() {
        throw new Error('getter');
      },
    });
    const res = await readyWith(() => Promise.reject(thrown));
    expect(res.status).toBe(503);
    expect(() => res.json()).not.toThrow();
  });

  it('keeps the body of a check returning a 2 M-entry object within maxBodyBytes', async () => {
    const huge: Record<string, number> = {};
    for (let i = 0; i < 2_000_000; i += 1) huge[`k${i}`] = i;
    const res = await readyWith(async () => ({ observedValue: huge }));
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(32 * 1024);
    const body = res.json() as { checks: Record<string, Array<{ observedValue?: object }>> };
    expect(Object.keys(body.checks['db:value']?.[0]?.observedValue ?? {}).length).toBeLessThan(100);
  }, 60_000);

  it('withholds details rather than exceed maxBodyBytes, keeping status and check names', async () => {
    const health = createHealth({
      showDetails: 'always',
      maxBodyBytes: 1024,
      checks: Array.from({ length: 20 }, (_, i) => ({
        name: `dep${i}`,
        check: async () => ({ status: 'warn' as const, output: 'x'.repeat(150) }),
      })),
    });
    const served = await serveRouter(health.router());
    open.push({ served, health });
    const res = await request(`${served.url}/health/ready`);
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(1024);
    const body = res.json() as { status: string; output: string; checks: object };
    expect(body.status).toBe('warn');
    expect(Object.keys(body.checks)).toHaveLength(20);
    expect(body.output).toMatch(/maxBodyBytes/);
  });

  it('rejects a maxBodyBytes that is not an integer of at least 1024', () => {
    for (const maxBodyBytes of [0, 100, 1.5, Number.NaN]) {
      expect(() => createHealth({ maxBodyBytes })).toThrow(/maxBodyBytes/);
    }
  });
});
