import type { Response } from 'express';

/** What the partner tells a client to do about an error (the checklists' `retry_strategy`). */
export type RetryStrategy = 'no_retry' | 'fix_request' | 'backoff' | 'contact_support';

/** The partner's error codes, as real loyalty/booking APIs spell them. */
export type PartnerErrorCode =
  | 'AUTH_INVALID_KEY'
  | 'AUTH_INSUFFICIENT_SCOPE'
  | 'INVALID_REQUEST'
  | 'NOT_FOUND'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INSUFFICIENT_BALANCE'
  | 'RATE_LIMITED'
  | 'INTERNAL_ERROR'
  | 'SERVICE_UNAVAILABLE';

const STRATEGY: Readonly<Record<PartnerErrorCode, RetryStrategy>> = {
  AUTH_INVALID_KEY: 'no_retry',
  AUTH_INSUFFICIENT_SCOPE: 'contact_support',
  INVALID_REQUEST: 'fix_request',
  NOT_FOUND: 'no_retry',
  IDEMPOTENCY_KEY_REUSED: 'fix_request',
  INSUFFICIENT_BALANCE: 'no_retry',
  RATE_LIMITED: 'backoff',
  INTERNAL_ERROR: 'backoff',
  SERVICE_UNAVAILABLE: 'backoff',
};

/** The JSON body of every partner error. */
export interface PartnerErrorBody {
  readonly error: {
    readonly code: PartnerErrorCode;
    readonly message: string;
    readonly retry_strategy: RetryStrategy;
  };
  /** Also at the top level: many partners (and `instrumentFetch`) read `code` there. */
  readonly code: PartnerErrorCode;
  readonly retry_strategy: RetryStrategy;
}

/** Builds the error body for `code`. */
export function partnerErrorBody(code: PartnerErrorCode, message: string): PartnerErrorBody {
  const retry_strategy = STRATEGY[code];
  return { error: { code, message, retry_strategy }, code, retry_strategy };
}

/** Sends a partner error response. */
export function sendPartnerError(
  res: Response,
  status: number,
  code: PartnerErrorCode,
  message: string,
): void {
  res.status(status).json(partnerErrorBody(code, message));
}
