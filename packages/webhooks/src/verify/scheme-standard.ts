import { createPublicKey, type KeyObject, verify as verifySignature } from 'node:crypto';
import { WebhookConfigError } from '../errors.js';
import { decodeCanonical } from './canonical-encoding.js';
import { headerValue } from './header-value.js';
import { hmacMatches } from './signature-compare.js';
import { parseSeconds, withinTolerance } from './timestamp-window.js';
import { REJECT, type VerifyResult, type WebhookHeaders } from './verify-result.js';

// Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp` (Unix seconds) and
// `webhook-signature`, a space-separated list of `v1,<base64 HMAC-SHA256>` and
// `v1a,<base64 Ed25519>` entries over `{id}.{timestamp}.{body}`. HMAC secrets are `whsec_` +
// base64 (a bare base64 secret is accepted too, as the reference libraries do); Ed25519 public
// keys are `whpk_` + base64 of the 32 raw key bytes.

const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;
// An id must not contain `.`: the signed content is dot-delimited (spec, "Signature scheme").
const ID_RE = /^[\x21-\x2d\x2f-\x7e]{1,256}$/;
const MAX_SIGNATURES = 16;

interface StandardKeys {
  readonly hmac: readonly Buffer[];
  readonly ed25519: readonly KeyObject[];
}

function decodeBase64(option: string, value: string): Buffer {
  const bytes = BASE64_RE.test(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (bytes.length === 0)
    throw new WebhookConfigError(option, 'a `whsec_` + base64 secret or a `whpk_` + base64 key');
  return bytes;
}

/** Decodes `whsec_…` HMAC secrets and `whpk_…` Ed25519 public keys; throws naming `secrets`. */
export function standardKeys(secrets: readonly string[]): StandardKeys {
  const hmac: Buffer[] = [];
  const ed25519: KeyObject[] = [];
  secrets.forEach((secret, i) => {
    const option = `secrets[${i}]`;
    if (secret.startsWith('whpk_')) {
      const raw = decodeBase64(option, secret.slice(5));
      if (raw.length !== 32) throw new WebhookConfigError(option, 'a 32-byte Ed25519 public key');
      ed25519.push(
        createPublicKey({
          key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
          format: 'jwk',
        }),
      );
    } else {
      hmac.push(decodeBase64(option, secret.startsWith('whsec_') ? secret.slice(6) : secret));
    }
  });
  return { hmac, ed25519 };
}

/** The signed content `{id}.{timestamp}.{body}`. */
export function standardContent(id: string, timestamp: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body]);
}

/** Verifies one Standard Webhooks delivery; never throws. */
export function verifyStandard(
  keys: StandardKeys,
  headers: WebhookHeaders,
  body: Buffer,
  nowMs: number,
  toleranceSeconds: number,
): VerifyResult {
  const id = headerValue(headers, 'webhook-id');
  const ts = headerValue(headers, 'webhook-timestamp');
  const sig = headerValue(headers, 'webhook-signature');
  if (id === undefined || ts === undefined || sig === undefined) return REJECT.missing;
  if (id === null || ts === null || sig === null || !ID_RE.test(id)) return REJECT.malformed;
  const seconds = parseSeconds(ts);
  if (seconds === null) return REJECT.malformed;
  const v1: Buffer[] = [];
  const v1a: Buffer[] = [];
  const entries = sig.split(' ').filter((s) => s !== '');
  for (const entry of entries.slice(0, MAX_SIGNATURES)) {
    const comma = entry.indexOf(',');
    const version = entry.slice(0, comma);
    const value = entry.slice(comma + 1);
    // Unknown versions are skipped, as the spec allows future schemes alongside v1.
    const bytes = comma < 1 ? null : decodeCanonical(value, 'base64');
    // A truncated entry is malformed, not merely wrong: v1 is 32 bytes, v1a 64.
    if (bytes === null) continue;
    if (version === 'v1' && bytes.length === 32) v1.push(bytes);
    else if (version === 'v1a' && bytes.length === 64) v1a.push(bytes);
  }
  if (v1.length === 0 && v1a.length === 0) return REJECT.malformed;
  if (!withinTolerance(seconds, nowMs, toleranceSeconds)) return REJECT.stale;
  const content = standardContent(id, ts, body);
  let ok = v1.length > 0 && hmacMatches('sha256', keys.hmac, content, v1);
  for (const key of keys.ed25519) {
    for (const signature of v1a) {
      if (verifySignature(null, content, key, signature)) ok = true;
    }
  }
  return ok ? { ok: true, id, timestamp: seconds * 1000 } : REJECT.bad;
}
