import { describe, expect, it } from 'vitest';
import {
  createWebhookVerifier,
  signStripeWebhook,
  signTimestampHmacWebhook,
} from '../src/index.js';

// Known answers computed with `openssl dgst -sha256 -hmac` from the algorithms the two schemes
// publish: Stripe's "verify manually" (hex HMAC-SHA256 of `${t}.${body}`, secret bytes as given)
// and the commerce checklist's `X-Webhook-Signature` (hex HMAC-SHA256 of the body alone).
const SECRET = 'whsec_test_secret';
const T = 1492774577; // the timestamp of Stripe's documented example header
const BODY = '{"id":"evt_test_webhook","object":"event"}';
const STRIPE_V1 = '88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a';
const COMMERCE_V1 = 'f1b27e09364fc7362c461d1314a4853fc2827219e604dfd604e46e40e5fb7b2f';
const body = Buffer.from(BODY);
const at = (seconds: number) => () => seconds * 1000;

describe("scheme 'stripe' (Stripe-Signature: t=…,v1=… over t.body)", () => {
  const verifier = createWebhookVerifier({ scheme: 'stripe', secrets: [SECRET], now: at(T) });
  const sig = (v: string) => ({ 'stripe-signature': v });

  it('accepts the known-answer vector; a v0 entry and unknown keys are ignored', () => {
    expect(verifier.verify(sig(`t=${T},v1=${STRIPE_V1}`), body)).toEqual({
      ok: true,
      timestamp: T * 1000,
    });
    expect(
      verifier.verify(
        sig(
          `t=${T},v1=${STRIPE_V1},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39,x=1`,
        ),
        body,
      ).ok,
    ).toBe(true);
    expect(signStripeWebhook(SECRET, T, BODY)).toBe(`t=${T},v1=${STRIPE_V1}`);
  });

  it('accepts any of several v1 signatures (Stripe sends one per active secret during rolling)', () => {
    const other = '0'.repeat(64);
    expect(verifier.verify(sig(`t=${T},v1=${other},v1=${STRIPE_V1}`), body).ok).toBe(true);
  });

  it('rotation: several configured secrets are all tried', () => {
    const rotating = createWebhookVerifier({
      scheme: 'stripe',
      secrets: ['whsec_new', SECRET],
      now: at(T),
    });
    expect(rotating.verify(sig(`t=${T},v1=${STRIPE_V1}`), body).ok).toBe(true);
  });

  it('signs the timestamp: a moved t fails as bad_signature', () => {
    const v = createWebhookVerifier({ scheme: 'stripe', secrets: [SECRET], now: at(T + 10) });
    expect(v.verify(sig(`t=${T + 10},v1=${STRIPE_V1}`), body)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('reports every rejection reason', () => {
    expect(verifier.verify({}, body)).toEqual({ ok: false, reason: 'missing_signature' });
    for (const bad of [
      `v1=${STRIPE_V1}`,
      `t=${T}`,
      `t=abc,v1=${STRIPE_V1}`,
      `t=${T},v1=zz`,
      `t=${T},t=${T},v1=${STRIPE_V1}`,
    ])
      expect(verifier.verify(sig(bad), body)).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(verifier.verify(sig(`t=${T},v1=${'a'.repeat(64)}`), body)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const late = createWebhookVerifier({
      scheme: 'stripe',
      secrets: [SECRET],
      now: () => (T + 300) * 1000 + 1,
    });
    expect(late.verify(sig(`t=${T},v1=${STRIPE_V1}`), body)).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });
});

describe("scheme 'timestamp-hmac' (X-Webhook-Signature: t=…,v1=… over the body only)", () => {
  const verifier = createWebhookVerifier({
    scheme: 'timestamp-hmac',
    secrets: [SECRET],
    now: at(T),
  });
  const sig = (v: string) => ({ 'x-webhook-signature': v });

  it('accepts the known-answer vector and signs to it', () => {
    expect(verifier.verify(sig(`t=${T},v1=${COMMERCE_V1}`), body)).toEqual({
      ok: true,
      timestamp: T * 1000,
    });
    expect(signTimestampHmacWebhook(SECRET, T, BODY)).toBe(`t=${T},v1=${COMMERCE_V1}`);
  });

  it('does NOT sign its timestamp: a restamped capture inside the window still verifies', () => {
    // The documented weakness: only the window check sees t, so dedupe by id must stop replays.
    const later = createWebhookVerifier({
      scheme: 'timestamp-hmac',
      secrets: [SECRET],
      now: at(T + 3600),
    });
    expect(later.verify(sig(`t=${T + 3600},v1=${COMMERCE_V1}`), body).ok).toBe(true);
  });

  it('still rejects stale, tampered, malformed and missing deliveries', () => {
    const late = createWebhookVerifier({
      scheme: 'timestamp-hmac',
      secrets: [SECRET],
      now: at(T + 301),
    });
    expect(late.verify(sig(`t=${T},v1=${COMMERCE_V1}`), body)).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    expect(verifier.verify(sig(`t=${T},v1=${COMMERCE_V1}`), Buffer.from(`${BODY}\n`))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifier.verify(sig(`sha256=${COMMERCE_V1}`), body)).toEqual({
      ok: false,
      reason: 'malformed_signature',
    });
    expect(verifier.verify({ 'x-webhook-timestamp': String(T) }, body)).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
  });
});
