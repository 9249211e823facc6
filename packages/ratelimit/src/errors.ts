/** Stable codes carried by every error this package throws. */
export type RateLimitErrorCode =
  | 'ERR_RATELIMIT_CONFIG'
  | 'ERR_RATELIMIT_RETRY_AFTER_TOO_LONG'
  | 'ERR_RATELIMIT_RETRIES_EXHAUSTED'
  | 'ERR_RATELIMIT_MAYBE_APPLIED'
  | 'ERR_RATELIMIT_RETRY_STRATEGY'
  | 'ERR_RATELIMIT_ATTEMPT_TIMEOUT'
  | 'ERR_RATELIMIT_QUEUE_FULL';

/** Base class of every error thrown by `@preflight/ratelimit`; branch on `code`. */
export class RateLimitError extends Error {
  readonly code: RateLimitErrorCode;

  constructor(code: RateLimitErrorCode, message: string, options?: { cause?: unknown }) {
    super(`@preflight/ratelimit: ${message}`, options);
    this.name = 'RateLimitError';
    this.code = code;
  }
}

/** An option passed to a factory is invalid; the message names it and the accepted values. */
export class RateLimitConfigError extends RateLimitError {
  readonly option: string;

  constructor(option: string, message: string) {
    super('ERR_RATELIMIT_CONFIG', `option \`${option}\` ${message}`);
    this.name = 'RateLimitConfigError';
    this.option = option;
  }
}

/** Facts shared by the errors that end a call to a rate-limited fetch. */
export interface FailedCallDetails {
  readonly upstream: string;
  readonly method: string;
  /** Attempts actually sent to the upstream (0 when the call failed before sending). */
  readonly attempts: number;
  /** The last response, when the failure is one; its body is unread. */
  readonly response?: Response | undefined;
  readonly cause?: unknown;
}

/** Base of the errors that end a call (internal). */
export abstract class FailedCallError extends RateLimitError {
  readonly upstream: string;
  readonly method: string;
  readonly attempts: number;
  readonly response: Response | undefined;

  constructor(code: RateLimitErrorCode, message: string, details: FailedCallDetails) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.upstream = details.upstream;
    this.method = details.method;
    this.attempts = details.attempts;
    this.response = details.response;
  }
}

/**
 * The upstream asked us to wait (`Retry-After`, or an exhausted budget until its reset) longer
 * than `maxWaitMs`. We fail instead of truncating the wait and retrying early.
 */
export class RetryAfterTooLongError extends FailedCallError {
  readonly waitMs: number;
  readonly maxWaitMs: number;

  constructor(details: FailedCallDetails & { waitMs: number; maxWaitMs: number }) {
    super(
      'ERR_RATELIMIT_RETRY_AFTER_TOO_LONG',
      `${details.upstream} asks to wait ${details.waitMs} ms, more than maxWaitMs (${details.maxWaitMs} ms); not retrying early`,
      details,
    );
    this.name = 'RetryAfterTooLongError';
    this.waitMs = details.waitMs;
    this.maxWaitMs = details.maxWaitMs;
  }
}

/** Every allowed attempt failed with a retryable outcome (5xx, 408, 429, timeout, network). */
export class RetriesExhaustedError extends FailedCallError {
  constructor(details: FailedCallDetails) {
    super(
      'ERR_RATELIMIT_RETRIES_EXHAUSTED',
      `${details.method} to ${details.upstream} failed after ${details.attempts} attempt(s)`,
      details,
    );
    this.name = 'RetriesExhaustedError';
  }
}

/**
 * A non-idempotent call (POST, PATCH, …) without an `Idempotency-Key` failed in a way that
 * does not prove the upstream ignored it. It may have been applied: reconcile before replaying.
 */
export class MaybeAppliedError extends FailedCallError {
  constructor(details: FailedCallDetails) {
    super(
      'ERR_RATELIMIT_MAYBE_APPLIED',
      `${details.method} to ${details.upstream} failed and may have been applied; reconcile before replaying (or send an Idempotency-Key)`,
      details,
    );
    this.name = 'MaybeAppliedError';
  }
}

/** What an upstream error body's `retry_strategy` asks the client to do. */
export type RetryStrategy = 'no_retry' | 'fix_request' | 'backoff' | 'contact_support';

/** The upstream's error body said not to retry (`no_retry`, `fix_request`, `contact_support`). */
export class RetryStrategyError extends FailedCallError {
  readonly strategy: RetryStrategy;

  constructor(details: FailedCallDetails & { strategy: RetryStrategy }) {
    super(
      'ERR_RATELIMIT_RETRY_STRATEGY',
      `${details.upstream} answered ${details.response?.status ?? 'an error'} with retry_strategy "${details.strategy}"`,
      details,
    );
    this.name = 'RetryStrategyError';
    this.strategy = details.strategy;
  }
}

/** One attempt took longer than `attemptTimeoutMs`; used as the `cause` of the final error. */
export class AttemptTimeoutError extends RateLimitError {
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super('ERR_RATELIMIT_ATTEMPT_TIMEOUT', `attempt timed out after ${timeoutMs} ms`);
    this.name = 'AttemptTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** Why a call was refused a place in the send queue. */
export type QueueFullReason = 'full' | 'wait';

/**
 * The client-side send queue refused the call before sending anything: `maxQueued` calls were
 * already waiting (`reason: 'full'`), or its turn was further away than `maxQueueWaitMs`
 * (`reason: 'wait'`). Answer "come back later" (e.g. 503 with `Retry-After: retryAfterMs`).
 */
export class QueueFullError extends FailedCallError {
  readonly reason: QueueFullReason;
  /** Estimated ms until the queue could take the call (≥ 0). */
  readonly retryAfterMs: number;
  readonly maxQueued: number;
  readonly maxQueueWaitMs: number;

  constructor(
    details: FailedCallDetails & {
      reason: QueueFullReason;
      retryAfterMs: number;
      maxQueued: number;
      maxQueueWaitMs: number;
    },
  ) {
    const why =
      details.reason === 'full'
        ? `${details.maxQueued} calls already queued`
        : `next turn in ${details.retryAfterMs} ms, more than maxQueueWaitMs (${details.maxQueueWaitMs} ms)`;
    super('ERR_RATELIMIT_QUEUE_FULL', `send queue to ${details.upstream} is full: ${why}`, details);
    this.name = 'QueueFullError';
    this.reason = details.reason;
    this.retryAfterMs = details.retryAfterMs;
    this.maxQueued = details.maxQueued;
    this.maxQueueWaitMs = details.maxQueueWaitMs;
  }
}

const CODE_PREFIX = 'ERR_RATELIMIT_';

function codeOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null
    ? (value as { code?: unknown }).code
    : undefined;
}

/** A guard matching `ErrorClass`, or its `code` (errors from another copy of the package). */
function guard<T>(
  ErrorClass: abstract new (...args: never[]) => T,
  code: RateLimitErrorCode,
): (error: unknown) => error is T {
  return (error): error is T => error instanceof ErrorClass || codeOf(error) === code;
}

/**
 * True for any error thrown by this package: by class, or by its `ERR_RATELIMIT_` code so
 * errors from another copy of the package (a duplicated install) match too.
 */
export function isRateLimitError(error: unknown): error is RateLimitError {
  if (error instanceof RateLimitError) return true;
  const code = codeOf(error);
  return typeof code === 'string' && code.startsWith(CODE_PREFIX);
}

/** True for {@link RateLimitConfigError} (bad options at creation). */
export const isRateLimitConfigError = guard(RateLimitConfigError, 'ERR_RATELIMIT_CONFIG');

/** True for {@link RetryAfterTooLongError} (the upstream asked for a wait beyond `maxWaitMs`). */
export const isRetryAfterTooLongError = guard(
  RetryAfterTooLongError,
  'ERR_RATELIMIT_RETRY_AFTER_TOO_LONG',
);

/** True for {@link RetriesExhaustedError} (every attempt failed retryably). */
export const isRetriesExhaustedError = guard(
  RetriesExhaustedError,
  'ERR_RATELIMIT_RETRIES_EXHAUSTED',
);

/** True for {@link MaybeAppliedError} (a non-idempotent call may have happened: reconcile). */
export const isMaybeAppliedError = guard(MaybeAppliedError, 'ERR_RATELIMIT_MAYBE_APPLIED');

/** True for {@link RetryStrategyError} (the error body's `retry_strategy` said stop). */
export const isRetryStrategyError = guard(RetryStrategyError, 'ERR_RATELIMIT_RETRY_STRATEGY');

/** True for {@link AttemptTimeoutError} (one attempt exceeded `attemptTimeoutMs`). */
export const isAttemptTimeoutError = guard(AttemptTimeoutError, 'ERR_RATELIMIT_ATTEMPT_TIMEOUT');

/** True for {@link QueueFullError} (the send queue was full or too slow; nothing was sent). */
export const isQueueFullError = guard(QueueFullError, 'ERR_RATELIMIT_QUEUE_FULL');
