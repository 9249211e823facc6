import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createWebhookVerifier, isWebhookConfigError } from '../src/index.js';

const T = 1_790_000_000;
const at = (seconds: number) => () => seconds * 1000;

describe('custom HMAC scheme definitions', () => {
  it("GitHub-style: 'sha256=' + hex HMAC of the body in X-Hub-Signature-256 (known answer)", () => {
    // GitHub's documented test values: secret "It's a Secret to Everybody", payload "Hello, World!".
    const v = createWebhookVerifier({
      scheme: {
        name: 'github',
        signatureHeader: 'X-Hub-Signature-256',
        signaturePrefix: 'sha256=',
      },
      secrets: ["It's a Secret to Everybody"],
    });
    const sig = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    const result = v.verify({ 'x-hub-signature-256': sig }, Buffer.from('Hello, World!'));
    expect(result.ok).toBe(true);
    expect(v.scheme).toBe('github');
  });

  it('base64 SHA-1 over the body (openssl known answer)', () => {
    const v = createWebhookVerifier({
      scheme: { signatureHeader: 'x-sig', algorithm: 'sha1', encoding: 'base64' },
      secrets: ['shh'],
    });
    const body = Buffer.from('{"event":"payment.succeeded"}');
    expect(v.verify({ 'x-sig': 'KyAbUKW+t5jv2CuG5wsUec0zqTA=' }, body).ok).toBe(true);
    const bad = { ok: false, reason: 'bad_signature' };
    expect(v.verify({ 'x-sig': 'LyAbUKW+t5jv2CuG5wsUec0zqTA=' }, body)).toEqual(bad);
    // Same bytes, non-canonical spelling (unused low bits set): refused as malformed.
    const malformed = { ok: false, reason: 'malformed_signature' };
    expect(v.verify({ 'x-sig': 'KyAbUKW+t5jv2CuG5wsUec0zqTB=' }, body)).toEqual(malformed);
  });

  it("'id.timestamp.body' with id and timestamp headers returns the id and checks the window", () => {
    const scheme = {
      signatureHeader: 'x-signature',
      timestampHeader: 'x-timestamp',
      idHeader: 'x-event-id',
      signedContent: 'id.timestamp.body',
      secretEncoding: 'hex',
    } as const;
    const key = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const body = Buffer.from('{"ok":true}');
    const mac = createHmac('sha256', Buffer.from(key, 'hex'))
      .update(`evt_9.${T}.`)
      .update(body)
      .digest('hex');
    const h = { 'x-signature': mac, 'x-timestamp': String(T), 'x-event-id': 'evt_9' };
    const v = createWebhookVerifier({ scheme, secrets: [key], now: at(T) });
    expect(v.verify(h, body)).toEqual({ ok: true, id: 'evt_9', timestamp: T * 1000 });
    expect(v.verify({ ...h, 'x-event-id': 'evt_8' }, body)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(v.verify({ ...h, 'x-timestamp': undefined }, body)).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    const late = createWebhookVerifier({ scheme, secrets: [key], now: at(T + 301) });
    expect(late.verify(h, body)).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('a signedContent function that throws is a bad signature, not a crash', () => {
    const v = createWebhookVerifier({
      scheme: {
        signatureHeader: 'x-sig',
        signedContent: () => {
          throw new Error('boom');
        },
      },
      secrets: ['s'],
    });
    expect(v.verify({ 'x-sig': 'abcd' }, Buffer.from('x'))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('bad definitions throw at creation, naming the option', () => {
    const bad: [unknown, string][] = [
      [{}, 'scheme.signatureHeader'],
      [{ signatureHeader: 'x', algorithm: 'md5' }, 'scheme.algorithm'],
      [{ signatureHeader: 'x', encoding: 'utf8' }, 'scheme.encoding'],
      [{ signatureHeader: 'x', signedContent: 'timestamp.body' }, 'scheme.timestampHeader'],
      [
        { signatureHeader: 'x', timestampHeader: 't', signedContent: 'id.timestamp.body' },
        'scheme.idHeader',
      ],
      [{ signatureHeader: 'x', typo: 1 }, 'scheme.typo'],
      ['github', 'scheme'],
    ];
    for (const [scheme, option] of bad) {
      let caught: unknown;
      try {
        createWebhookVerifier({ scheme: scheme as never, secrets: ['s'] });
      } catch (error) {
        caught = error;
      }
      expect(isWebhookConfigError(caught), `${JSON.stringify(scheme)}`).toBe(true);
      expect((caught as { option: string }).option).toBe(option);
    }
  });
});

describe('createWebhookVerifier() options', () => {
  it('rejects missing or empty secrets, bad tolerance, bad clock and unknown keys by name', () => {
    const base = { scheme: 'stripe' as const, secrets: ['s'] };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, secrets: [] }, 'secrets'],
      [{ ...base, secrets: [''] }, 'secrets'],
      [{ ...base, secrets: 'whsec_x' }, 'secrets'],
      [{ ...base, toleranceSeconds: 0 }, 'toleranceSeconds'],
      [{ ...base, toleranceSeconds: 1.5 }, 'toleranceSeconds'],
      [{ ...base, now: 5 }, 'now'],
      [{ ...base, tolerance: 5 }, 'tolerance'],
      [{ scheme: 'standard', secrets: ['whsec_!!!'] }, 'secrets[0]'],
      [{ scheme: 'standard', secrets: ['whpk_AAAA'] }, 'secrets[0]'],
    ];
    for (const [options, option] of cases) {
      expect(() => createWebhookVerifier(options as never), option).toThrow(`\`${option}\``);
    }
  });

  it('a non-Buffer body is malformed, never a throw', () => {
    const v = createWebhookVerifier({ scheme: 'stripe', secrets: ['s'] });
    expect(v.verify({ 'stripe-signature': 't=1,v1=00' }, 'text' as never)).toEqual({
      ok: false,
      reason: 'malformed_signature',
    });
  });
});
