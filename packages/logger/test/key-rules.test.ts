import { describe, expect, it } from 'vitest';
import { createRedactor, redact } from '../src/index.js';

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
