import { cpuMs } from '@preflight/test-harness';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealth, defaultSanitize, type Health } from '../src/index.js';
import { request, type Served, serveRouter } from './helpers.js';

const open: Array<{ served: Served; health: Health }> = [];
afterEach(async () => {
  for (const { served, health } of open.splice(0)) {
    health.close();
    await served.close();
  }
});

async function bodyOf(health: Health, path = '/health/ready'): Promise<string> {
  const served = await serveRouter(health.router());
  open.push({ served, health });
  return (await request(`${served.url}${path}`)).text;
}

const secretChars = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/);

describe('check output sanitizing', () => {
  it('does not leak a connection-string password from a thrown error, even with details shown', async () => {
    const health = createHealth({
      showDetails: 'always',
      checks: [
        {
          name: 'db',
          check: async () => {
            throw new Error(
              'connect failed: postgres://app:Sup3rS3cretPw@db.internal:5432/orders?sslkey=abcdef123456',
            );
          },
        },
      ],
    });
    const body = await bodyOf(health);
    expect(body).not.toContain('Sup3rS3cretPw');
    expect(body).not.toContain('abcdef123456');
    expect(body).toContain('db.internal:5432/orders');
  });

  it('routes messages through the sanitize option (the app plugs in its logger redaction)', async () => {
    const seen: string[] = [];
    const health = createHealth({
      showDetails: 'always',
      sanitize: (text) => {
        seen.push(text);
        return text.replace(/token \S+/g, 'token ***');
      },
      checks: [{ name: 'api', check: () => Promise.reject(new Error('bad token tok_9f8e7d')) }],
    });
    const body = await bodyOf(health);
    expect(seen).toEqual(['bad token tok_9f8e7d']);
    expect(body).toContain('bad token ***');
    expect(body).not.toContain('tok_9f8e7d');
  });

  it('accepts a generic redactor typed (value: unknown) => unknown, as the logger exports', async () => {
    const redact = (value: unknown): unknown =>
      typeof value === 'string' ? value.replace(/s3cr3t\w*/g, '***') : value;
    const health = createHealth({
      showDetails: 'always',
      sanitize: redact,
      checks: [{ name: 'api', check: () => Promise.reject(new Error('key s3cr3tKEY rejected')) }],
    });
    const body = await bodyOf(health);
    expect(body).toContain('key *** rejected');
    expect(body).not.toContain('s3cr3tKEY');
  });

  it('caps output at maxOutputLength after sanitizing', async () => {
    const health = createHealth({
      showDetails: 'always',
      maxOutputLength: 20,
      checks: [{ name: 'api', check: () => Promise.reject(new Error('x'.repeat(10_000))) }],
    });
    const body = JSON.parse(await bodyOf(health)) as {
      checks: Record<string, Array<{ output: string }>>;
    };
    expect(body.checks['api:responseTime']?.[0]?.output).toHaveLength(20);
  });

  it('withholds the message when the sanitizer throws or returns a non-string', async () => {
    const raw = 'password=hunter2hunter2';
    const throwing = createHealth({
      showDetails: 'always',
      sanitize: () => {
        throw new Error('sanitizer bug');
      },
      checks: [{ name: 'api', check: () => Promise.reject(new Error(raw)) }],
    });
    const wrongType = createHealth({
      showDetails: 'always',
      sanitize: () => 42,
      checks: [{ name: 'api', check: () => Promise.reject(new Error(raw)) }],
    });
    for (const health of [throwing, wrongType]) {
      const body = await bodyOf(health);
      expect(body).not.toContain('hunter2');
      expect(body).toContain('details withheld');
    }
  });

  it('never echoes a thrown non-Error value such as an object holding a secret', async () => {
    const health = createHealth({
      showDetails: 'always',
      checks: [{ name: 'api', check: () => Promise.reject({ apiKey: 'sk_live_abcdef123456' }) }],
    });
    expect(await bodyOf(health)).not.toContain('sk_live_abcdef123456');
  });
});

describe('defaultSanitize', () => {
  it('removes URL credentials and query strings for any secret', () => {
    fc.assert(
      fc.property(secretChars, secretChars, fc.domain(), (user, secret, host) => {
        const out = defaultSanitize(
          `failed to reach https://${user}:${secret}@${host}/v1/health?api_key=${secret} now`,
        );
        return !out.includes(secret) && !out.includes(user) && out.includes(`${host}/v1/health`);
      }),
    );
  });

  it('removes bearer tokens, key=value secrets and vendor key shapes wherever they appear', () => {
    fc.assert(
      fc.property(
        secretChars,
        fc.constantFrom(
          'Bearer ',
          'password=',
          'api_key: ',
          'X-Agent-Key=',
          'token=',
          'sk_live_',
          'whsec_',
          'rl_agent_',
        ),
        fc.string({ maxLength: 20 }).filter((s) => !/[A-Za-z0-9_]$/.test(s)),
        fc.constantFrom('', ' trailing text', ', next=1', '; retry'),
        (secret, prefix, before, after) =>
          !defaultSanitize(`${before}${prefix}${secret}${after}`).includes(secret),
      ),
    );
  });

  // Real connection strings carry unencoded `/`, `@`, `:` and `#` in passwords.
  const awkwardPassword = fc
    .tuple(
      secretChars,
      fc.string({ unit: fc.constantFrom(...'/@:#?%!$&*+=~.-_'), minLength: 1, maxLength: 6 }),
      secretChars,
    )
    .map(([a, special, b]) => `${a}${special}${b}`);
  const user = fc.stringMatching(/^[a-z][a-z0-9_]{2,10}$/);
  const port = fc.integer({ min: 1, max: 65535 });

  it('removes passwords containing / @ : # from URL credentials', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('postgres', 'mongodb', 'redis', 'amqps', 'https'),
        user,
        awkwardPassword,
        fc.domain(),
        port,
        (scheme, name, password, host, p) => {
          const out = defaultSanitize(
            `connect ${scheme}://${name}:${password}@${host}:${p}/db failed`,
          );
          return !out.includes(password) && out.includes(`@${host}`);
        },
      ),
    );
  });

  it('removes credentials from a DSN without a scheme (admin:s3cret@db:27017)', () => {
    expect(defaultSanitize('auth failed for admin:s3cret@db:27017')).toBe(
      'auth failed for [REDACTED]@db:27017',
    );
    fc.assert(
      fc.property(
        user,
        awkwardPassword,
        fc.domain(),
        port,
        fc.constantFrom('', '(', 'dsn='),
        fc.constantFrom('', ')', ', retrying', '/admin'),
        (name, password, host, p, before, after) => {
          const out = defaultSanitize(`error ${before}${name}:${password}@${host}:${p}${after}`);
          return !out.includes(password) && out.includes(`@${host}`);
        },
      ),
    );
  });

  it('stays fast on long hostile strings (no catastrophic backtracking)', () => {
    for (const unit of ['a-', 'a.', 'eyJ-', 'password', 'x:y@', 'a://']) {
      expect(
        cpuMs(() => defaultSanitize(unit.repeat(1_000_000 / unit.length))),
        unit,
      ).toBeLessThan(2000);
    }
  });

  it('leaves ordinary messages intact', () => {
    expect(defaultSanitize('ECONNREFUSED 10.0.0.5:5432')).toBe('ECONNREFUSED 10.0.0.5:5432');
    expect(defaultSanitize('GET https://partner.example/health answered 503')).toBe(
      'GET https://partner.example/health answered 503',
    );
  });
});
