import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying the Unix timestamp (seconds) the signature covers. */
export const WEBHOOK_TIMESTAMP_HEADER = 'x-webhook-timestamp';
/** Header carrying `sha256=<hex HMAC-SHA256 of "timestamp.body">`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-webhook-signature';

/** Signs `timestamp.body` with HMAC-SHA256; returns the signature header value. */
export function signWebhook(
  secret: string,
  timestampSeconds: number,
  body: string | Buffer,
): string {
  return `sha256=${hmacHex(secret, timestampSeconds, body)}`;
}

// Over the raw bytes: re-encoding a body that is not valid UTF-8 would change what was signed.
function hmacHex(secret: string, timestampSeconds: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex');
}

/** Why a webhook was rejected (also the `reason` label of the failure counter). */
export type WebhookRejection =
  | 'missing_signature'
  | 'malformed_signature'
  | 'bad_signature'
  | 'stale_timestamp';

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /** Shared secret(s); several allow key rotation with a fallback key. */
  readonly secrets: readonly string[];
  /** Accepted clock skew either way, in seconds. @default 300 */
  readonly toleranceSeconds?: number;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

const SIG_RE = /^sha256=([0-9a-f]{64})$/;
const TS_RE = /^\d{1,12}$/;

/**
 * Verifies a webhook: timestamp within the window (replays of old deliveries fail), then a
 * constant-time compare against every configured secret. Never throws on outside input.
 */
export function verifyWebhook(
  headers: { readonly timestamp: unknown; readonly signature: unknown },
  rawBody: Buffer | string,
  options: VerifyWebhookOptions,
): WebhookRejection | null {
  const { timestamp, signature } = headers;
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return 'missing_signature';
  const match = SIG_RE.exec(signature);
  if (match === null || !TS_RE.test(timestamp)) return 'malformed_signature';
  const ts = Number(timestamp);
  const nowSeconds = (options.now ?? Date.now)() / 1000;
  if (Math.abs(nowSeconds - ts) > (options.toleranceSeconds ?? 300)) return 'stale_timestamp';
  const given = Buffer.from(match[1] ?? '', 'hex');
  for (const secret of options.secrets) {
    const expected = Buffer.from(hmacHex(secret, ts, rawBody), 'hex');
    if (timingSafeEqual(expected, given)) return null;
  }
  return 'bad_signature';
}
