/** Every reason a delivery is refused, in the order a receiver checks them. */
export const REJECTION_REASONS = [
  'missing_signature',
  'malformed_signature',
  'bad_signature',
  'stale_timestamp',
  'duplicate',
  'payload_too_large',
] as const;

/**
 * Why a delivery was refused: also the `reason` label of `preflight.webhook.rejected`.
 * `verify()` returns the first four; the receiver adds `duplicate` and `payload_too_large`.
 */
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Outcome of `verify(headers, rawBody)`. */
export type VerifyResult =
  | {
      readonly ok: true;
      /** The event id the signature covers (`webhook-id`), when the scheme carries one. */
      readonly id?: string;
      /**
       * When the sender stamped the delivery, epoch milliseconds (receipt time for a scheme
       * without a timestamp). For `'timestamp-hmac'` this value is NOT covered by the signature.
       */
      readonly timestamp: number;
    }
  | { readonly ok: false; readonly reason: RejectionReason };

/** Request headers with lower-case names, as Node's `req.headers` holds them. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What a verifier does with one delivery; never throws on outside input. */
export interface WebhookVerifier {
  /** Name of the scheme, for logs and error bodies (never a secret). */
  readonly scheme: string;
  verify(headers: WebhookHeaders, rawBody: Buffer): VerifyResult;
}

/** The refusals `verify()` returns, one frozen value each. */
export const REJECT = Object.freeze({
  missing: { ok: false, reason: 'missing_signature' },
  malformed: { ok: false, reason: 'malformed_signature' },
  bad: { ok: false, reason: 'bad_signature' },
  stale: { ok: false, reason: 'stale_timestamp' },
} as const satisfies Record<string, VerifyResult>);
