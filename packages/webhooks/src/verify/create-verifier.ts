import { WebhookConfigError } from '../errors.js';
import { functionOption, integerOption, optionsObject, stringListOption } from '../validate.js';
import {
  type HmacSchemeDefinition,
  hmacKeys,
  resolveHmacScheme,
  verifyHmac,
} from './scheme-hmac.js';
import { STRIPE_SCHEME, TIMESTAMP_HMAC_SCHEME, verifyPairHeader } from './scheme-pair-header.js';
import { standardKeys, verifyStandard } from './scheme-standard.js';
import type { VerifyResult, WebhookHeaders, WebhookVerifier } from './verify-result.js';

/** The built-in schemes. */
export type WebhookSchemeName = 'standard' | 'stripe' | 'timestamp-hmac';

/** Options of {@link createWebhookVerifier}. */
export interface WebhookVerifierOptions {
  /**
   * `'standard'` (Standard Webhooks), `'stripe'` (`Stripe-Signature: t=…,v1=…`),
   * `'timestamp-hmac'` (`X-Webhook-Signature: t=…,v1=…` over the body only — its timestamp is
   * NOT signed) or a custom {@link HmacSchemeDefinition}.
   */
  readonly scheme: WebhookSchemeName | HmacSchemeDefinition;
  /**
   * Secrets, current first; every one is tried, so a previous secret keeps deliveries valid
   * while a partner rotates. `'standard'` also takes `whpk_` Ed25519 public keys.
   */
  readonly secrets: readonly string[];
  /** Accepted distance between the delivery's timestamp and `now()`, either direction. @default 300 */
  readonly toleranceSeconds?: number;
  /** Wall clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

/** Every option with its default (`undefined`: required); the known keys. */
const DEFAULTS = {
  scheme: undefined,
  secrets: undefined,
  toleranceSeconds: 300,
  now: Date.now,
} as const satisfies { readonly [K in keyof Required<WebhookVerifierOptions>]: unknown };

type Check = (
  headers: WebhookHeaders,
  body: Buffer,
  nowMs: number,
  tolerance: number,
) => VerifyResult;

function buildCheck(scheme: unknown, secrets: readonly string[]): { name: string; check: Check } {
  if (scheme === 'standard') {
    const keys = standardKeys(secrets);
    return { name: 'standard', check: (h, b, n, t) => verifyStandard(keys, h, b, n, t) };
  }
  if (scheme === 'stripe' || scheme === 'timestamp-hmac') {
    const pair = scheme === 'stripe' ? STRIPE_SCHEME : TIMESTAMP_HMAC_SCHEME;
    const keys = secrets.map((s) => Buffer.from(s, 'utf8'));
    return { name: scheme, check: (h, b, n, t) => verifyPairHeader(pair, keys, h, b, n, t) };
  }
  if (typeof scheme === 'object' && scheme !== null) {
    const resolved = resolveHmacScheme(scheme);
    const keys = hmacKeys(resolved, secrets);
    return { name: resolved.name, check: (h, b, n, t) => verifyHmac(resolved, keys, h, b, n, t) };
  }
  throw new WebhookConfigError(
    'scheme',
    "'standard', 'stripe', 'timestamp-hmac' or a custom HMAC scheme definition",
    scheme,
  );
}

/**
 * Creates a verifier for one scheme. Bad options throw a `WebhookConfigError` naming the option;
 * `verify()` never throws on outside input and compares signatures in constant time.
 */
export function createWebhookVerifier(options: WebhookVerifierOptions): WebhookVerifier {
  const o = optionsObject('options', options, DEFAULTS, { required: true });
  const secrets = stringListOption(
    'secrets',
    o.secrets,
    'a non-empty array of non-empty strings',
    (secret) => secret !== '',
    { nonEmpty: true },
  );
  const tolerance = integerOption(
    'toleranceSeconds',
    o.toleranceSeconds ?? DEFAULTS.toleranceSeconds,
    {
      min: 1,
      max: 86_400 * 30,
    },
  );
  const now = functionOption<() => number>('now', o.now ?? DEFAULTS.now);
  const { name, check } = buildCheck(o.scheme, secrets);
  return {
    scheme: name,
    verify(headers, rawBody) {
      if (!Buffer.isBuffer(rawBody)) return { ok: false, reason: 'malformed_signature' };
      try {
        return check(headers, rawBody, now(), tolerance);
      } catch {
        // Unreachable for the built-in schemes; a last guard so outside input never throws.
        return { ok: false, reason: 'malformed_signature' };
      }
    },
  };
}
