import { createHmac, createPrivateKey, sign as signEd25519 } from 'node:crypto';
import {
  type PairHeaderScheme,
  pairHeaderContent,
  STRIPE_SCHEME,
  TIMESTAMP_HMAC_SCHEME,
} from './scheme-pair-header.js';
import { standardContent, standardKeys } from './scheme-standard.js';

// Senders' side of the built-in schemes: for tests, simulated partners and replay tooling.

/** The headers a Standard Webhooks sender adds. */
// A type, not an interface, so it is assignable to header records (fetch, verify()).
export type StandardWebhookHeaders = {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
};

/**
 * Signs a delivery the Standard Webhooks way with every `whsec_` secret given (space-separated,
 * as a sender does while rotating). `timestampSeconds` is Unix seconds.
 */
export function signStandardWebhook(
  secrets: string | readonly string[],
  id: string,
  timestampSeconds: number,
  body: string | Buffer,
): StandardWebhookHeaders {
  const ts = String(Math.floor(timestampSeconds));
  const content = standardContent(id, ts, Buffer.from(body));
  const { hmac } = standardKeys(typeof secrets === 'string' ? [secrets] : secrets);
  const signature = hmac
    .map((key) => `v1,${createHmac('sha256', key).update(content).digest('base64')}`)
    .join(' ');
  return { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': signature };
}

/** A `v1a,` Ed25519 signature entry for Standard Webhooks, from a PKCS#8 PEM private key. */
export function signStandardWebhookEd25519(
  privateKeyPem: string,
  id: string,
  timestampSeconds: number,
  body: string | Buffer,
): string {
  const content = standardContent(id, String(Math.floor(timestampSeconds)), Buffer.from(body));
  return `v1a,${signEd25519(null, content, createPrivateKey(privateKeyPem)).toString('base64')}`;
}

/** The `Stripe-Signature` value: `t=…,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signStripeWebhook(
  secret: string,
  timestampSeconds: number,
  body: string | Buffer,
): string {
  return signPairHeader(STRIPE_SCHEME, secret, timestampSeconds, body);
}

/** The `X-Webhook-Signature` value of the commerce scheme: `t=…,v1=<hex HMAC-SHA256 of body>`. */
export function signTimestampHmacWebhook(
  secret: string,
  timestampSeconds: number,
  body: string | Buffer,
): string {
  return signPairHeader(TIMESTAMP_HMAC_SCHEME, secret, timestampSeconds, body);
}

/** `t=…,v1=<hex HMAC-SHA256>` of what `scheme` signs; secrets are used as their UTF-8 bytes. */
function signPairHeader(
  scheme: PairHeaderScheme,
  secret: string,
  timestampSeconds: number,
  body: string | Buffer,
): string {
  const t = String(Math.floor(timestampSeconds));
  const content = pairHeaderContent(scheme, t, Buffer.from(body));
  return `t=${t},v1=${createHmac('sha256', Buffer.from(secret)).update(content).digest('hex')}`;
}
