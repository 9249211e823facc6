import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger, createRedactor, redact } from '../src/index.js';
import { captureLines } from './helpers.js';

const C = '[REDACTED]';

describe('key rules', () => {
  it.each([
    'email',
    'Email',
    'e_mail',
    'E-Mail',
    'emailAddress',
    'phoneNumber',
    'phone_number',
    'mobile',
    'postal-code',
    'postalCode',
    'zip',
    'authorization',
    'Authorization',
    'x-api-key',
    'X-API-KEY',
    'apiKey',
    'password',
    'newPassword',
    'client_secret',
    'clientSecret',
    'access_token',
    'refreshToken',
    'idToken',
    'cookie',
    'set-cookie',
    'Set-Cookie',
    'firstName',
    'last_name',
    'fullName',
    'address_line1',
    'addressLine2',
    'street',
    'ssn',
    'dateOfBirth',
    'card_number',
    'cvv',
    'iban',
    'session_id',
  ])('censors the value under %s at any depth', (key) => {
    const out = redact({ a: { b: [{ c: { [key]: 'value-123' } }] } }) as {
      a: { b: { c: Record<string, unknown> }[] };
    };
    expect(out.a.b[0]?.c[key]).toBe(C);
  });

  it('censors a name under a person (customer.name) but keeps product.name and a top-level name', () => {
    const out = redact({
      name: 'checkout',
      customer: { name: 'Jane Doe' },
      customers: [{ name: 'John Roe' }],
      product: { name: 'Widget' },
    });
    expect(out).toEqual({
      name: 'checkout',
      customer: { name: C },
      customers: [{ name: C }],
      product: { name: 'Widget' },
    });
  });

  it('censors a postal address but keeps network addresses (server.address)', () => {
    const out = redact({ address: '1 Main St', server: { address: 'api.example.com', port: 443 } });
    expect(out).toEqual({ address: C, server: { address: 'api.example.com', port: 443 } });
  });

  it('keeps counts and flags under loosely matched keys (tokens_used, email_verified)', () => {
    const out = redact({
      tokens_used: 1234,
      email_verified: true,
      refresh_token: 'rt_abc',
      phone_ext: null,
    });
    expect(out).toEqual({
      tokens_used: 1234,
      email_verified: true,
      refresh_token: C,
      phone_ext: null,
    });
  });

  it('censors numbers under exact keys (a numeric pin or phone)', () => {
    expect(redact({ pin: 1234, phone: 4155552671 })).toEqual({ pin: C, phone: C });
  });

  it('censors a whole object under a sensitive key', () => {
    expect(
      redact({ headers: { cookie: { a: 1 } }, credentials: { user: 'u', pass: 'p' } }),
    ).toEqual({
      headers: { cookie: C },
      credentials: C,
    });
  });

  it('keeps operational keys untouched', () => {
    const value = {
      id: 'x',
      request_id: 'r-1',
      status: 200,
      method: 'GET',
      route: '/v1/orders/:id',
      duration_ms: 12.5,
      host: 'api.example.com',
      version: '1.2.3',
      amount: 10.5,
      currency: 'EUR',
      key: 'orders/2024/05/report.csv',
      token_type: 'Bearer',
    };
    expect(redact(value)).toEqual({ ...value, token_type: C });
  });

  it('adds custom keys, with * for prefix, suffix and substring matches', () => {
    const r = createRedactor({ keys: ['customerRef', 'internal*', '*Hash', '*secretish*'] });
    expect(
      r.redact({
        customer_ref: 'a',
        internalNote: 'b',
        pwHash: 'c',
        mySecretishThing: 'd',
        other: 'e',
      }),
    ).toEqual({ customer_ref: C, internalNote: C, pwHash: C, mySecretishThing: C, other: 'e' });
  });

  it('accepts an array of keys as shorthand for { keys }', () => {
    expect(createRedactor(['orderSecret']).redact({ order_secret: 'x' })).toEqual({
      order_secret: C,
    });
  });

  it('switches a built-in key rule off with disable', () => {
    const r = createRedactor({ disable: ['key:postal-code'] });
    expect(r.redact({ postal_code: '75001', email: 'x' })).toEqual({
      postal_code: '75001',
      email: C,
    });
  });

  it('uses the censor text given', () => {
    expect(createRedactor({ censor: '***' }).redact({ password: 'p' })).toEqual({
      password: '***',
    });
  });
});

describe('keys are decided by whole words, not substrings (issue 13)', () => {
  it.each([
    'HEROKU_KEY',
    'hubspotKey',
    'stripe_secret_key',
    'ADMIN_PW',
    'db_pass',
    'access_id',
    'accessId',
    'user_auth',
    '_authToken',
    'clientsecret',
    'accesstoken',
    'x-auth-token',
    'Ocp-Apim-Subscription-Key',
    'password2',
    'passwordConfirmation',
    'customerPhoneNumber',
  ])('censors a string under %s', (key) => {
    expect(redact({ [key]: 'value-123' })).toEqual({ [key]: C });
  });

  it.each([
    ['credentialsId', '3f2b8c1e-5d4a-4b7e-9c2d-1a2b3c4d5e6f'],
    ['access_token_url', 'https://auth.example.com/oauth/token'],
    ['secret_length', '32'],
    ['TokenFile', 'x.cer'],
    ['BlindKeySignatures', 'enabled'],
    ['io.jsonwebtoken', 'jjwt'],
    ['tokenizer', 'cl100k'],
    ['max_tokens', '1024'],
    ['sort_key', 'created_at'],
    ['cacheKey', 'orders:v2'],
    ['key', 'orders/2024/05/report.csv'],
    ['password_policy', 'min12'],
    ['api_key_name', 'ci-deploy'],
    ['secret_name', 'prod-db'],
    ['microphone', 'on'],
    ['author', 'Jane Doe'],
  ])('keeps %s (the key describes or only resembles a secret)', (key, value) => {
    expect(redact({ [key]: value })).toEqual({ [key]: value });
  });

  it('censors numbers under a key that is exactly a secret word (password: 123456)', () => {
    expect(redact({ password: 123456, secret: true, db_password_len: 12 })).toEqual({
      password: C,
      secret: C,
      db_password_len: 12,
    });
  });

  it('censors `*_login` values only when they are shaped like a token (SONAR_LOGIN)', () => {
    expect(
      redact({ SONAR_LOGIN: 'squ_4f1e8a9b2c3d4e5f6a7b8c9d0e1f2a3b', last_login: 'yesterday' }),
    ).toEqual({ SONAR_LOGIN: C, last_login: 'yesterday' });
  });
});

describe('keys that name a secret erase objects; keys that sometimes hold one walk them', () => {
  it("keeps the checklist's checkout session id, amount and currency, and erases its customer's PII", () => {
    const line = {
      session: {
        id: 'cs_test_a1B2c3D4e5F6',
        amount: 2450,
        currency: 'GBP',
        customer: {
          email: 'jane@example.com',
          phone: '+447911123456',
          name: 'Jane Doe',
          address: '1 Main Street',
        },
      },
    };
    expect(redact(line)).toEqual({
      session: {
        id: 'cs_test_a1B2c3D4e5F6',
        amount: 2450,
        currency: 'GBP',
        customer: { email: C, phone: C, name: C, address: C },
      },
    });
  });

  it('erases a string under a sometimes-secret key (session, auth)', () => {
    expect(redact({ session: 's%3Aabc.def', auth: 'hunter2', user_auth: 'u:p' })).toEqual({
      session: C,
      auth: C,
      user_auth: C,
    });
  });

  it('walks an auth object, erasing only its secret leaves', () => {
    expect(redact({ auth: { user: 'bob', pass: 'p4ss', scheme: 'basic' } })).toEqual({
      auth: { user: 'bob', pass: C, scheme: 'basic' },
    });
  });

  it('walks arrays under sometimes-secret keys', () => {
    expect(redact({ sessions: [{ id: 'cs_1', token: 't0k3n' }] })).toEqual({
      sessions: [{ id: 'cs_1', token: C }],
    });
  });

  it.each([
    'password',
    'token',
    'secret',
    'api_key',
    'authorization',
    'cookie',
    'credentials',
    'private_key',
  ])('erases a whole object under %s', (key) => {
    expect(redact({ [key]: { id: 'x', value: 'y' } })).toEqual({ [key]: C });
  });
});

describe('key words (property)', () => {
  const secretWord = fc.constantFrom(
    'password',
    'secret',
    'token',
    'apiKey',
    'credentials',
    'authorization',
    'cookie',
  );
  const descriptor = fc.constantFrom(
    'url',
    'length',
    'file',
    'id',
    'name',
    'count',
    'policy',
    'expires',
    'version',
    'provider',
  );
  const qualifier = fc.constantFrom('db', 'user', 'stripe', 'client', 'admin', 'github', 'refresh');
  const spell = fc.constantFrom(
    (ws: string[]) => ws.join('_'),
    (ws: string[]) => ws.join('-'),
    (ws: string[]) => ws.map((w, i) => (i === 0 ? w : w[0]?.toUpperCase() + w.slice(1))).join(''),
    (ws: string[]) => ws.join('_').toUpperCase(),
  );

  it('censors <qualifier> <secret word> in every spelling, at any depth', () => {
    fc.assert(
      fc.property(qualifier, secretWord, spell, (q, w, join) => {
        const key = join([q, w]);
        expect(redact({ a: { [key]: 'v4lue-x' } })).toEqual({ a: { [key]: C } });
      }),
      { numRuns: 200 },
    );
  });

  it('keeps <secret word> <descriptor> in every spelling (the key describes the secret)', () => {
    fc.assert(
      fc.property(qualifier, secretWord, descriptor, spell, (q, w, d, join) => {
        const key = join([q, w, d]);
        expect(redact({ a: { [key]: 'v4lue-x' } })).toEqual({ a: { [key]: 'v4lue-x' } });
      }),
      { numRuns: 200 },
    );
  });
});

describe("the checklist's checkout line through createLogger", () => {
  it("logs the session's id, amount and currency and none of the customer's PII", () => {
    const out = captureLines();
    const log = createLogger({ name: 'checkout', env: {} }, out);
    const customer = {
      email: 'jane@example.com',
      phone: '+447911123456',
      name: 'Jane Doe',
      address: '1 Main Street',
    };
    log.info(
      { session: { id: 'cs_test_a1B2c3D4', amount: 2450, currency: 'GBP', customer } },
      'Checkout created',
    );
    const line = out.raw.join('');
    expect(out.lines[0]?.session).toEqual({
      id: 'cs_test_a1B2c3D4',
      amount: 2450,
      currency: 'GBP',
      customer: { email: C, phone: C, name: C, address: C },
    });
    for (const pii of Object.values(customer)) expect(line).not.toContain(pii);
  });
});
