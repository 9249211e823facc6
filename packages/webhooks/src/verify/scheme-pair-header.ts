import { headerValue } from './header-value.js';
import { hmacMatches } from './signature-compare.js';
import { parseSignaturePairs } from './signature-pairs.js';
import { parseSeconds, withinTolerance } from './timestamp-window.js';
import { REJECT, type VerifyResult, type WebhookHeaders } from './verify-result.js';

// Two schemes share the `t=…,v1=…` header and hex HMAC-SHA256, and differ in what is signed:
// - 'stripe' (`stripe-signature`) signs `{t}.{body}`, so the replay window is authenticated;
// - 'timestamp-hmac' (`x-webhook-signature`, the commerce checklist) signs the body ONLY. Its
//   `t` is checked against the window but anyone who captured a delivery can restamp it with a
//   fresh `t` and replay it: the window protects less, and deduplication by event id is what
//   stops such replays.
// Secrets are used as their UTF-8 bytes, `whsec_` prefix included, as Stripe's libraries do.

/** Header and signed content of a pair-header scheme. */
export interface PairHeaderScheme {
  readonly header: string;
  readonly signsTimestamp: boolean;
}

export const STRIPE_SCHEME: PairHeaderScheme = { header: 'stripe-signature', signsTimestamp: true };
export const TIMESTAMP_HMAC_SCHEME: PairHeaderScheme = {
  header: 'x-webhook-signature',
  signsTimestamp: false,
};

/** What a pair-header sender signs with HMAC-SHA256 (hex in the header). */
export function pairHeaderContent(scheme: PairHeaderScheme, t: string, body: Buffer): Buffer {
  return scheme.signsTimestamp ? Buffer.concat([Buffer.from(`${t}.`), body]) : body;
}

/** Verifies one delivery of a pair-header scheme; never throws. */
export function verifyPairHeader(
  scheme: PairHeaderScheme,
  secrets: readonly Buffer[],
  headers: WebhookHeaders,
  body: Buffer,
  nowMs: number,
  toleranceSeconds: number,
): VerifyResult {
  const value = headerValue(headers, scheme.header);
  if (value === undefined) return REJECT.missing;
  const parsed = value === null ? null : parseSignaturePairs(value);
  const seconds = parsed === null ? null : parseSeconds(parsed.t);
  if (parsed === null || seconds === null) return REJECT.malformed;
  if (!withinTolerance(seconds, nowMs, toleranceSeconds)) return REJECT.stale;
  const content = pairHeaderContent(scheme, parsed.t, body);
  return hmacMatches('sha256', secrets, content, parsed.v1)
    ? { ok: true, timestamp: seconds * 1000 }
    : REJECT.bad;
}
