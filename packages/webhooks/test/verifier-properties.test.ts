import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createWebhookVerifier,
  REJECTION_REASONS,
  signStandardWebhook,
  signStripeWebhook,
  signTimestampHmacWebhook,
  type WebhookHeaders,
} from '../src/index.js';

const STANDARD = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SECRET = 'whsec_property_secret_of_32_chars!';
const T = 1_790_000_000;
const now = () => T * 1000;

const body = fc.uint8Array({ minLength: 1, maxLength: 512 }).map((a) => Buffer.from(a));
const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
const ts = fc.integer({ min: T - 300, max: T + 300 });

/** A copy with byte `index` (mod length) replaced by a different value. */
function flipByte(buf: Buffer, index: number, delta: number): Buffer {
  const out = Buffer.from(buf);
  const i = index % out.length;
  out[i] = ((out[i] as number) + delta) % 256;
  return out;
}
/** A copy of `s` with character `index` replaced by another printable ASCII character. */
function flipChar(s: string, index: number, delta: number): string {
  const i = index % s.length;
  const code = 0x21 + ((s.charCodeAt(i) - 0x21 + delta) % 94);
  return s.slice(0, i) + String.fromCharCode(code) + s.slice(i + 1);
}
const change = fc.tuple(fc.nat(), fc.integer({ min: 1, max: 93 }));

describe('verifier properties', () => {
  const standard = createWebhookVerifier({ scheme: 'standard', secrets: [STANDARD], now });
  const stripe = createWebhookVerifier({ scheme: 'stripe', secrets: [SECRET], now });
  const commerce = createWebhookVerifier({ scheme: 'timestamp-hmac', secrets: [SECRET], now });

  it('standard: a signed delivery verifies; any single-byte change of body, id or timestamp fails', () => {
    fc.assert(
      fc.property(body, id, ts, change, (b, i, t, [at, delta]) => {
        const h = signStandardWebhook(STANDARD, i, t, b);
        expect(standard.verify(h, b).ok).toBe(true);
        expect(standard.verify(h, flipByte(b, at, delta)).ok).toBe(false);
        expect(standard.verify({ ...h, 'webhook-id': flipChar(i, at, delta) }, b).ok).toBe(false);
        const moved = flipChar(h['webhook-timestamp'], at, delta);
        expect(standard.verify({ ...h, 'webhook-timestamp': moved }, b).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('stripe: any single-byte change of body or timestamp fails', () => {
    fc.assert(
      fc.property(body, ts, change, (b, t, [at, delta]) => {
        const sig = signStripeWebhook(SECRET, t, b);
        expect(stripe.verify({ 'stripe-signature': sig }, b).ok).toBe(true);
        expect(stripe.verify({ 'stripe-signature': sig }, flipByte(b, at, delta)).ok).toBe(false);
        const tValue = String(t);
        const moved = sig.replace(`t=${tValue}`, `t=${flipChar(tValue, at, delta)}`);
        expect(stripe.verify({ 'stripe-signature': moved }, b).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('timestamp-hmac: any single-byte change of the body fails (its timestamp is unsigned)', () => {
    fc.assert(
      fc.property(body, ts, change, (b, t, [at, delta]) => {
        const sig = signTimestampHmacWebhook(SECRET, t, b);
        expect(commerce.verify({ 'x-webhook-signature': sig }, b).ok).toBe(true);
        expect(commerce.verify({ 'x-webhook-signature': sig }, flipByte(b, at, delta)).ok).toBe(
          false,
        );
      }),
      { numRuns: 300 },
    );
  });

  const headerValue = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.stringMatching(/^(t=\d{0,12},)?(v1=[0-9a-f]{0,70},?){0,3}$/),
    fc.stringMatching(/^(v1a?,[A-Za-z0-9+/=]{0,90} ?){0,4}$/),
    fc.array(fc.string({ maxLength: 40 }), { maxLength: 3 }),
    fc.constantFrom(undefined, null, 42, {}, [], '\u0000', ' '.repeat(9000)),
  );
  const names = fc.constantFrom(
    'webhook-id',
    'webhook-timestamp',
    'webhook-signature',
    'stripe-signature',
    'x-webhook-signature',
    'x-sig',
    'x-ts',
    '__proto__',
  );
  const garbage = fc.dictionary(names, headerValue, { maxKeys: 8 });

  it('arbitrary header garbage never throws and always names a known reason', () => {
    const custom = createWebhookVerifier({
      scheme: {
        signatureHeader: 'x-sig',
        timestampHeader: 'x-ts',
        signedContent: 'timestamp.body',
        encoding: 'base64',
      },
      secrets: [SECRET],
      now,
    });
    fc.assert(
      fc.property(garbage, body, (headers, b) => {
        for (const v of [standard, stripe, commerce, custom]) {
          const result = v.verify(headers as WebhookHeaders, b);
          if (!result.ok) expect(REJECTION_REASONS).toContain(result.reason);
          else expect.fail(`garbage verified under ${v.scheme}`);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('headers that are not an object at all are missing, not a crash', () => {
    for (const h of [undefined, null, 'x', 5]) {
      expect(standard.verify(h as never, Buffer.from('x'))).toEqual({
        ok: false,
        reason: 'missing_signature',
      });
    }
  });
});
