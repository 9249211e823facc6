import type { RetryStrategy } from '../errors.js';
import {
  MaybeAppliedError,
  type RateLimitError,
  RetriesExhaustedError,
  RetryAfterTooLongError,
  RetryStrategyError,
} from '../errors.js';
import type { RateLimitInfo } from '../headers/parse-rate-limit.js';
import type { GiveUpReason, RetryReason } from '../metric-names.js';
import type { FetchConfig } from './fetch-config.js';
import {
  backoffCeiling,
  backoffDelay,
  provablyNotSent,
  retryReasonForStatus,
} from './retry-policy.js';

/** One call through the wrapper, across its attempts. */
export interface Call {
  readonly method: string;
  readonly url: string;
  readonly signal: AbortSignal | undefined;
  /** Idempotent, or carries an idempotency key: a replay cannot apply it twice. */
  readonly retrySafe: boolean;
  /** A streamed body cannot be sent twice. */
  readonly replayable: boolean;
  /** Bucket the request draws from; undefined waits for every bucket of the upstream. */
  readonly bucket: string | undefined;
  attempts: number;
  /** Epoch ms before which the next attempt must not be sent (its own 429 wait). */
  notBefore: number;
}

/** What to do after an attempt: hand back the response, retry after a wait, or give up. */
export type Decision =
  | { readonly done: Response }
  | {
      readonly retry: RetryReason;
      readonly waitMs: number;
      /** Status of the response retried, `null` after a timeout or network error. */
      readonly status: number | null;
      /** Bucket the response reports; its 429 pause applies to it. */
      readonly bucket: string | null;
    }
  | { readonly fail: GiveUpReason; readonly error: RateLimitError };

function waitFor(
  config: FetchConfig,
  call: Call,
  status: number | null,
  retryAfter: number | null,
) {
  if (retryAfter !== null) return retryAfter * 1000;
  const { backoffBaseMs, backoffMaxMs, random } = config;
  const delay = backoffDelay(call.attempts, backoffBaseMs, backoffMaxMs, random);
  if (status !== 429) return delay;
  // No usable Retry-After on a 429: back off within [ceiling / 2, ceiling), never "retry now".
  return backoffCeiling(call.attempts, backoffBaseMs, backoffMaxMs) / 2 + delay / 2;
}

function details(config: FetchConfig, call: Call) {
  return { upstream: config.upstream, method: call.method, attempts: call.attempts };
}

/** After a timeout or network error. */
export function afterError(
  config: FetchConfig,
  call: Call,
  error: unknown,
  kind: 'timeout' | 'network',
): Decision {
  // A refused connection proves the request never left, so even a POST may go again.
  if (!call.retrySafe && !provablyNotSent(error)) {
    return {
      fail: 'maybe_applied',
      error: new MaybeAppliedError({ ...details(config, call), cause: error }),
    };
  }
  if (!call.replayable || call.attempts >= config.maxAttempts) {
    const exhausted = new RetriesExhaustedError({ ...details(config, call), cause: error });
    return { fail: 'retries_exhausted', error: exhausted };
  }
  return { retry: kind, waitMs: waitFor(config, call, null, null), status: null, bucket: null };
}

/** After a response, given its parsed headers and the `retry_strategy` of its error body. */
export function afterResponse(
  config: FetchConfig,
  call: Call,
  response: Response,
  info: RateLimitInfo,
  strategy: RetryStrategy | null,
): Decision {
  const statusReason = retryReasonForStatus(response.status);
  // The common case, allocation-light: nothing to retry and no strategy to follow.
  if (statusReason === null && strategy === null) return { done: response };
  const facts = { ...details(config, call), response };
  if (strategy !== null && strategy !== 'backoff') {
    if (statusReason === null) return { done: response };
    return { fail: 'retry_strategy', error: new RetryStrategyError({ ...facts, strategy }) };
  }
  const reason = statusReason ?? (strategy === 'backoff' ? 'retry_strategy' : null);
  if (reason === null) return { done: response };
  // A 429 proves the upstream refused the request, so even a POST may go again.
  if (!call.retrySafe && response.status !== 429) {
    return { fail: 'maybe_applied', error: new MaybeAppliedError(facts) };
  }
  if (!call.replayable || call.attempts >= config.maxAttempts) {
    return { fail: 'retries_exhausted', error: new RetriesExhaustedError(facts) };
  }
  const waitMs = waitFor(config, call, response.status, info.retryAfterSeconds);
  if (waitMs > config.maxWaitMs) {
    const { maxWaitMs } = config;
    const error = new RetryAfterTooLongError({ ...facts, waitMs: Math.ceil(waitMs), maxWaitMs });
    return { fail: 'retry_after_too_long', error };
  }
  return { retry: reason, waitMs, status: response.status, bucket: info.bucket };
}
