import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDedupeStore } from '../src/webhook/webhook-dedupe.js';
import { signWebhook, verifyWebhook } from '../src/webhook/webhook-signature.js';

const SECRET = 'whsec_test_example_secret';
const T0 = 1_790_000_000_000;

describe('webhook signature (HMAC-SHA256 over "timestamp.body")', () => {
  const body = '{"id":"evt_1","type":"purchase.completed"}';
  const ts = T0 / 1000;
  const opts = { secrets: [SECRET], now: () => T0 };

  it('accepts a correctly signed delivery', () => {
    const signature = signWebhook(SECRET, ts, body);
    expect(verifyWebhook({ timestamp: String(ts), signature }, body, opts)).toBeNull();
  });

  it('accepts the previous secret during key rotation', () => {
    const signature = signWebhook('whsec_old', ts, body);
    const rotated = { ...opts, secrets: [SECRET, 'whsec_old'] };
    expect(verifyWebhook({ timestamp: String(ts), signature }, body, rotated)).toBeNull();
  });

  it('rejects a body changed after signing', () => {
    const signature = signWebhook(SECRET, ts, body);
    const tampered = body.replace('evt_1', 'evt_2');
    expect(verifyWebhook({ timestamp: String(ts), signature }, tampered, opts)).toBe(
      'bad_signature',
    );
  });

  it('rejects a timestamp moved after signing (the timestamp is signed too)', () => {
    const signature = signWebhook(SECRET, ts, body);
    expect(verifyWebhook({ timestamp: String(ts + 1), signature }, body, opts)).toBe(
      'bad_signature',
    );
  });

  it('rejects deliveries older or newer than 5 minutes, even correctly signed', () => {
    for (const skew of [-301, 301]) {
      const at = ts + skew;
      const signature = signWebhook(SECRET, at, body);
      expect(verifyWebhook({ timestamp: String(at), signature }, body, opts)).toBe(
        'stale_timestamp',
      );
    }
    const edge = ts - 300;
    const ok = signWebhook(SECRET, edge, body);
    expect(verifyWebhook({ timestamp: String(edge), signature: ok }, body, opts)).toBeNull();
  });

  it('reports missing and malformed headers without throwing', () => {
    expect(verifyWebhook({ timestamp: undefined, signature: 'x' }, body, opts)).toBe(
      'missing_signature',
    );
    expect(verifyWebhook({ timestamp: String(ts), signature: 'sha256=zz' }, body, opts)).toBe(
      'malformed_signature',
    );
    expect(
      verifyWebhook({ timestamp: '1e9', signature: signWebhook(SECRET, ts, body) }, body, opts),
    ).toBe('malformed_signature');
  });

  it('never throws and never accepts arbitrary headers and bodies (property)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.string(), (timestamp, signature, raw) => {
        expect(verifyWebhook({ timestamp, signature }, raw, opts)).not.toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('verifies the raw bytes, including bodies that are not valid UTF-8', () => {
    const raw = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const signature = signWebhook(SECRET, ts, raw);
    expect(verifyWebhook({ timestamp: String(ts), signature }, raw, opts)).toBeNull();
    const reencoded = Buffer.from(raw.toString('utf8'));
    expect(verifyWebhook({ timestamp: String(ts), signature }, reencoded, opts)).toBe(
      'bad_signature',
    );
  });
});

describe('webhook dedupe store', () => {
  it('reports a redelivered event id as a duplicate', () => {
    const store = createDedupeStore();
    expect(store.checkAndRecord('evt_1')).toBe(false);
    expect(store.checkAndRecord('evt_1')).toBe(true);
    expect(store.checkAndRecord('evt_2')).toBe(false);
  });

  it('forgets ids after the TTL', () => {
    let now = T0;
    const store = createDedupeStore({ ttlMs: 1000, now: () => now });
    store.checkAndRecord('evt_1');
    now += 1001;
    expect(store.checkAndRecord('evt_1')).toBe(false);
  });

  it('stays bounded however many distinct ids arrive', () => {
    const store = createDedupeStore({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i += 1) store.checkAndRecord(`evt_${i}`);
    expect(store.size()).toBe(100);
    expect(store.checkAndRecord('evt_9999')).toBe(true);
    expect(store.checkAndRecord('evt_0')).toBe(false);
  });

  it('rejects a non-positive maxEntries naming the option', () => {
    expect(() => createDedupeStore({ maxEntries: 0 })).toThrow(
      'example: maxEntries must be an integer ≥ 1',
    );
  });
});
