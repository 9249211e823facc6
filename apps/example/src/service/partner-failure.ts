import { upstreamRequestId } from '@preflight/logger';
import {
  isAttemptTimeoutError,
  isMaybeAppliedError,
  isQueueFullError,
  isRateLimitError,
  isRetriesExhaustedError,
  isRetryAfterTooLongError,
  isRetryStrategyError,
  parseRateLimit,
} from '@preflight/ratelimit';
import { ExampleError } from '../errors.js';
import { PartnerCallError } from './partner-client.js';

/** The abort reason when a request's total deadline for partner calls passes. */
export class PartnerDeadlineError extends ExampleError {
  constructor(deadlineMs: number) {
    super('EXAMPLE_PARTNER_DEADLINE', `partner call exceeded its ${deadlineMs} ms deadline`);
    this.name = 'PartnerDeadlineError';
  }
}

/** The abort reason when our client disconnects before we answered. */
export class ClientGoneError extends ExampleError {
  constructor() {
    super('EXAMPLE_CLIENT_GONE', 'client disconnected before the answer');
    this.name = 'ClientGoneError';
  }
}

/** What kind of failure it was (a log field) and how we answer it. */
export interface PartnerFailure {
  readonly kind: 'rate_limited' | 'busy' | 'unavailable' | 'deadline' | 'client_gone' | 'upstream';
  /** Our status: 503 + `Retry-After` (come back later), 504 (deadline), 502 (partner broke). */
  readonly status: number;
  /** The body's `code`: ours, or the partner's for an error it answered; never a library code. */
  readonly code: string;
  readonly retryAfterSeconds?: number | undefined;
  readonly partnerStatus?: number | undefined;
  readonly partnerCode?: string | undefined;
  readonly upstreamRequestId?: string | undefined;
  readonly attempts?: number | undefined;
  /** The library's or our error code, for the log only. */
  readonly errorCode?: string | undefined;
  /** The partner's last response (body unread) that the error carries. */
  readonly lastResponse?: Response | undefined;
}

/** What every error ending a rate-limited call carries. */
interface FailedCall {
  readonly code: string;
  readonly attempts: number;
  readonly response: Response | undefined;
}

/** The log fields of a failed call, and its last response (body unread) to discard. */
function callFacts(err: FailedCall) {
  const { response } = err;
  return {
    errorCode: err.code,
    attempts: err.attempts,
    lastResponse: response,
    partnerStatus: response?.status,
    upstreamRequestId: upstreamRequestId(response?.headers),
  };
}

const FALLBACK_RETRY_AFTER_S = 5;
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** The partner's own `Retry-After` on its last response, else a short default. */
function retryAfterOf(response: Response): number {
  const parsed = parseRateLimit(response.headers).retryAfterSeconds;
  return parsed === null ? FALLBACK_RETRY_AFTER_S : Math.max(1, Math.ceil(parsed));
}

/**
 * Classifies a failed partner call with the exported guards of `@preflight/ratelimit` (and our
 * own error classes), once, into the answer the routes send and the fields they log.
 */
export function classifyPartnerFailure(err: unknown): PartnerFailure {
  if (err instanceof ClientGoneError)
    return { kind: 'client_gone', status: 499, code: 'CLIENT_GONE' };
  if (err instanceof PartnerDeadlineError)
    return { kind: 'deadline', status: 504, code: 'PARTNER_TIMEOUT', errorCode: err.code };
  if (err instanceof PartnerCallError) {
    // The partner answered an error it does not want retried: its code is its public contract.
    return {
      kind: 'upstream',
      status: err.status === 402 ? 402 : 502,
      code: err.partnerCode,
      partnerStatus: err.status,
      partnerCode: err.partnerCode,
      upstreamRequestId: err.upstreamRequestId,
    };
  }
  if (isQueueFullError(err)) {
    const retryAfterSeconds = seconds(err.retryAfterMs);
    return {
      ...callFacts(err),
      kind: 'busy',
      status: 503,
      code: 'PARTNER_BUSY',
      retryAfterSeconds,
    };
  }
  if (isRetryAfterTooLongError(err)) {
    // A 503 with a long Retry-After is an outage; a 429 or a spent budget is rate limiting.
    const down = err.response?.status === 503;
    return {
      ...callFacts(err),
      kind: down ? 'unavailable' : 'rate_limited',
      status: 503,
      code: down ? 'PARTNER_UNAVAILABLE' : 'PARTNER_RATE_LIMITED',
      retryAfterSeconds: seconds(err.waitMs),
    };
  }
  if (isRetriesExhaustedError(err)) {
    const { response } = err;
    if (response?.status === 429 || response?.status === 503) {
      const limited = response.status === 429;
      return {
        ...callFacts(err),
        kind: limited ? 'rate_limited' : 'unavailable',
        status: 503,
        code: limited ? 'PARTNER_RATE_LIMITED' : 'PARTNER_UNAVAILABLE',
        retryAfterSeconds: retryAfterOf(response),
      };
    }
    if (response === undefined && isAttemptTimeoutError(err.cause))
      return { ...callFacts(err), kind: 'deadline', status: 504, code: 'PARTNER_TIMEOUT' };
    return { ...callFacts(err), kind: 'upstream', status: 502, code: 'PARTNER_ERROR' };
  }
  // The partner failed the call and it must not be replayed blindly, or asked not to retry.
  if (isMaybeAppliedError(err) || isRetryStrategyError(err))
    return { ...callFacts(err), kind: 'upstream', status: 502, code: 'PARTNER_ERROR' };
  const errorCode = isRateLimitError(err) ? err.code : undefined;
  return { kind: 'upstream', status: 502, code: 'PARTNER_ERROR', errorCode };
}
