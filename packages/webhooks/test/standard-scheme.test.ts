import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createWebhookVerifier,
  signStandardWebhook,
  signStandardWebhookEd25519,
} from '../src/index.js';

// Known answer from the Standard Webhooks reference libraries' test suite ("sign function
// works"): id, timestamp, body and secret below sign to exactly this `v1,` value.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
// Ed25519 known answer: RFC 8032 test-1 key pair, signature of `${ID}.${TS}.${BODY}` computed
// with `openssl pkeyutl -sign -rawin` (an implementation independent of this package).
const ED_PUBLIC = 'whpk_11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
const ED_PRIVATE_PEM =
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n-----END PRIVATE KEY-----\n';
const ED_SIGNATURE =
  'v1a,fldxM4gAKugP6nnt1hdz3sgGfZ6d99nzrMFnZOELIxbzEHoVmAb2ADpkJK7zgPePmPsle0zV9jSeGlHFG2NVAw==';

const at = (seconds: number) => () => seconds * 1000;
const headers = (signature: string, id = ID, ts = String(TS)) => ({
  'webhook-id': id,
  'webhook-timestamp': ts,
  'webhook-signature': signature,
});
const body = Buffer.from(BODY);

describe("scheme 'standard' (Standard Webhooks)", () => {
  const verifier = createWebhookVerifier({ scheme: 'standard', secrets: [SECRET], now: at(TS) });

  it('accepts the reference known-answer vector and returns the signed id and timestamp', () => {
    expect(verifier.verify(headers(SIGNATURE), body)).toEqual({
      ok: true,
      id: ID,
      timestamp: TS * 1000,
    });
  });

  it('signs the reference vector to exactly the published signature', () => {
    expect(signStandardWebhook(SECRET, ID, TS, BODY)['webhook-signature']).toBe(SIGNATURE);
  });

  it('accepts a bare base64 secret as the reference libraries do', () => {
    const bare = createWebhookVerifier({
      scheme: 'standard',
      secrets: [SECRET.slice(6)],
      now: at(TS),
    });
    expect(bare.verify(headers(SIGNATURE), body).ok).toBe(true);
  });

  it('accepts one valid signature among several space-separated ones, unknown versions skipped', () => {
    const list = `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ${SIGNATURE}`;
    expect(verifier.verify(headers(list), body).ok).toBe(true);
  });

  it('verifies v1a Ed25519 signatures with a whpk_ public key (RFC 8032 key, openssl signature)', () => {
    const ed = createWebhookVerifier({ scheme: 'standard', secrets: [ED_PUBLIC], now: at(TS) });
    expect(ed.verify(headers(ED_SIGNATURE), body).ok).toBe(true);
    expect(signStandardWebhookEd25519(ED_PRIVATE_PEM, ID, TS, BODY)).toBe(ED_SIGNATURE);
    expect(ed.verify(headers(SIGNATURE), body)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(ed.verify(headers(ED_SIGNATURE), Buffer.from(`${BODY} `))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('rejects an Ed25519 signature made with another key', () => {
    const other = generateKeyPairSync('ed25519').privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    }) as string;
    const ed = createWebhookVerifier({ scheme: 'standard', secrets: [ED_PUBLIC], now: at(TS) });
    const forged = signStandardWebhookEd25519(other, ID, TS, BODY);
    expect(ed.verify(headers(forged), body)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rotation: a delivery signed with the previous secret verifies while both are configured', () => {
    const next = 'whsec_dGhlIG5leHQgc2VjcmV0IG9mIDMyIGJ5dGVzISE=';
    const rotating = createWebhookVerifier({
      scheme: 'standard',
      secrets: [next, SECRET],
      now: at(TS),
    });
    expect(rotating.verify(headers(SIGNATURE), body).ok).toBe(true);
    const only = createWebhookVerifier({ scheme: 'standard', secrets: [next], now: at(TS) });
    expect(only.verify(headers(SIGNATURE), body)).toEqual({ ok: false, reason: 'bad_signature' });
    // A sender mid-rotation signs with both; either secret alone verifies it.
    const both = signStandardWebhook([next, SECRET], ID, TS, BODY)['webhook-signature'];
    expect(both.split(' ')).toHaveLength(2);
    expect(only.verify(headers(both), body).ok).toBe(true);
  });

  it('reports missing_signature when any of the three headers is absent or empty', () => {
    for (const drop of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const h: Record<string, string> = headers(SIGNATURE);
      delete h[drop];
      expect(verifier.verify(h, body)).toEqual({ ok: false, reason: 'missing_signature' });
      expect(verifier.verify({ ...headers(SIGNATURE), [drop]: '' }, body)).toEqual({
        ok: false,
        reason: 'missing_signature',
      });
    }
  });

  it("reports malformed_signature for unparsable values (the reference suite's bad headers)", () => {
    const cases = [
      headers(SIGNATURE, ID, 'hello'),
      headers('v1,'),
      headers('v1,dawfeoifkpqwoekfpqoekf'),
      headers(SIGNATURE.slice(0, 8)),
      headers('v1,not base64!'),
      headers(SIGNATURE, 'msg.with.dots'),
      { ...headers(SIGNATURE), 'webhook-id': [ID, ID] },
    ];
    for (const h of cases)
      expect(verifier.verify(h, body)).toEqual({ ok: false, reason: 'malformed_signature' });
  });

  it('reports bad_signature for a well-formed but wrong signature, body, id or timestamp', () => {
    const wrong = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=';
    expect(verifier.verify(headers(wrong), body)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifier.verify(headers(SIGNATURE), Buffer.from('{"test": 2432232315}'))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifier.verify(headers(SIGNATURE, 'msg_other'), body)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const later = createWebhookVerifier({ scheme: 'standard', secrets: [SECRET], now: at(TS + 1) });
    expect(later.verify(headers(SIGNATURE, ID, String(TS + 1)), body)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('tolerance: exactly 300 s early or late passes, one millisecond more is stale_timestamp', () => {
    const atMs = (ms: number) =>
      createWebhookVerifier({ scheme: 'standard', secrets: [SECRET], now: () => ms });
    expect(atMs((TS + 300) * 1000).verify(headers(SIGNATURE), body).ok).toBe(true);
    expect(atMs((TS - 300) * 1000).verify(headers(SIGNATURE), body).ok).toBe(true);
    expect(atMs((TS + 300) * 1000 + 1).verify(headers(SIGNATURE), body)).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    expect(atMs((TS - 300) * 1000 - 1).verify(headers(SIGNATURE), body)).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it('tolerance is configurable', () => {
    const wide = createWebhookVerifier({
      scheme: 'standard',
      secrets: [SECRET],
      toleranceSeconds: 3600,
      now: at(TS + 3600),
    });
    expect(wide.verify(headers(SIGNATURE), body).ok).toBe(true);
  });
});
