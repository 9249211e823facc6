// What happens on a 429, file by file (paths from `src/`); start here.
//
//  1. Response. `run()` below sends through `fetch/send-gate.ts` (the turn) and
//     `fetch/send-attempt.ts` (one attempt, its timeout on the shared timer of
//     `fetch/deadline-timer.ts`), and hands every response to `tracker.observe()`.
//  2. Header parsing. `tracker/tracker.ts` calls `headers/parse-rate-limit.ts`: it folds the
//     headers into one table (`headers/header-table.ts`), asks each dialect reader
//     (`headers/dialect-ietf.ts`, `headers/dialect-x-ratelimit.ts`, `headers/dialect-vendor.ts`,
//     `headers/dialect-hubspot.ts`; IETF fields via `headers/structured-fields.ts`) for buckets
//     (`headers/bucket.ts`), and reads `Retry-After` with `headers/time-values.ts` (delay
//     seconds via `headers/number-grammar.ts`, HTTP-dates via `headers/http-date.ts`; resets
//     also as Go durations via `headers/go-duration.ts`).
//  3. Tracker and store. The tracker counts the 429 (`tracker/tracker-metrics.ts`), keeps the
//     budgets (`tracker/tracker-store.ts`) and shares them through the `RateLimitStore`
//     (`store/rate-limit-store.ts`: in process `store/memory-store.ts`, across a fleet
//     `@preflight/ratelimit-redis`).
//  4. Retry decision. A 4xx/5xx body is read once, capped, for `retry_strategy`
//     (`fetch/retry-strategy.ts`, with `@preflight/express-route`'s shared body reader);
//     `fetch/retry-decision.ts` then decides retry, done or fail from the status, the
//     `Retry-After` (else `fetch/retry-policy.ts`'s backoff) and `maxWaitMs`. A 429 needs no
//     retry budget (`fetch/retry-budget.ts`): the upstream paces those.
//  5. Wait or queue. `scheduleRetry()` below records the pause on the tracker (`pauseAfter429`),
//     so every call to that bucket, not only this one, waits it out in `fetch/send-gate.ts`,
//     together with exhausted budgets (`tracker/budget-waits.ts`) and the client-side rate
//     (`store/sliding-window.ts`), bounded by `maxQueued` and `maxQueueWaitMs`.
//  6. Error. A wait beyond `maxWaitMs` ends the call (and every call made during the recorded
//     pause) with `RetryAfterTooLongError`; a full queue with `QueueFullError`; the last
//     attempt with `RetriesExhaustedError` (all in `errors.ts`); `giveUp()` below counts it,
//     logs it and calls `onGiveUp`.

import {
  isQueueFullError,
  isRetryAfterTooLongError,
  type RateLimitError,
  RetriesExhaustedError,
  type RetryStrategy,
} from '../errors.js';
import type { RateLimitInfo } from '../headers/parse-rate-limit.js';
import { safeWarn } from '../logger.js';
import type { GiveUpReason } from '../metric-names.js';
import { type FetchConfig, resolveFetchConfig } from './fetch-config.js';
import type { FetchFunction, RateLimitedFetchOptions } from './fetch-options.js';
import { createRetryBudget } from './retry-budget.js';
import { afterError, afterResponse, type Call, type Decision } from './retry-decision.js';
import { isIdempotent } from './retry-policy.js';
import { readRetryStrategy } from './retry-strategy.js';
import {
  attemptFailure,
  createAttemptTimeouts,
  settleAttempt,
  startAttempt,
} from './send-attempt.js';
import { createSendGate } from './send-gate.js';

function hasHeader(headers: RequestInit['headers'], name: string): boolean {
  if (headers === undefined) return false;
  if (headers instanceof Headers) return headers.has(name);
  const lower = name.toLowerCase();
  if (Array.isArray(headers)) return headers.some(([key]) => key?.toLowerCase() === lower);
  return Object.keys(headers).some((key) => key.toLowerCase() === lower);
}

/** The caller's bucket mapping; a throwing or non-string answer means "every bucket". */
function bucketOf(config: FetchConfig, url: string, method: string): string | undefined {
  try {
    const bucket = config.bucket?.({ url, method });
    return typeof bucket === 'string' && bucket.length > 0 ? bucket : undefined;
  } catch {
    return undefined;
  }
}

function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

function giveUp(config: FetchConfig, call: Call, reason: GiveUpReason, error: RateLimitError) {
  const { upstream, tracker, logger, onGiveUp } = config;
  tracker.recordGiveUp(upstream, reason);
  safeWarn(
    logger,
    { upstream, method: call.method, attempts: call.attempts, reason, code: error.code },
    'upstream call failed for good',
  );
  if (onGiveUp !== undefined) {
    const event = {
      upstream,
      method: call.method,
      url: call.url,
      attempts: call.attempts,
      reason,
      error,
    };
    try {
      Promise.resolve(onGiveUp(event)).catch((hookError: unknown) => {
        safeWarn(logger, { upstream, err: String(hookError) }, 'onGiveUp hook failed');
      });
    } catch (hookError) {
      safeWarn(logger, { upstream, err: String(hookError) }, 'onGiveUp hook failed');
    }
  }
  return error;
}

/**
 * Wraps `fetch` with client-side throttling, budget pacing, a shared pause after 429s, and
 * safe retries: only 5xx, 408, 429, timeouts and network errors, with full-jitter exponential
 * backoff, `Retry-After` honoured up to `maxWaitMs`, and non-idempotent requests replayed only
 * when they carry an `Idempotency-Key`.
 *
 * @example
 * const partnerFetch = createRateLimitedFetch({ upstream: 'partner', rate: { requests: 100, perMs: 60_000 } });
 * const res = await partnerFetch('https://partner.example/v1/orders');
 */
export function createRateLimitedFetch(options: RateLimitedFetchOptions): FetchFunction {
  const config = resolveFetchConfig(options);
  const waitForTurn = createSendGate(config);
  const { upstream, tracker, now, sleep, logger } = config;
  const timeouts = createAttemptTimeouts(config);
  const retryBudget = createRetryBudget(config.retryBudget, now);

  /** A retry the budget cannot pay for ends the call (429 retries are paced by the upstream). */
  function overBudget(
    call: Call,
    decision: Extract<Decision, { retry: unknown }>,
    last: { response?: Response; cause?: unknown },
  ): RateLimitError | undefined {
    if (decision.retry === 'rate_limited' || retryBudget.withdraw()) return undefined;
    return new RetriesExhaustedError({
      upstream,
      method: call.method,
      attempts: call.attempts,
      ...last,
    });
  }

  /**
   * Every request of the bucket (the whole upstream when the response names none, or names
   * `default` as single-budget dialects do) waits out one shared pause in the send gate. A
   * `Retry-After` beyond `maxWaitMs` is recorded whole too (up to `maxPauseMs`), so calls made
   * during it fail fast in the gate instead of reaching the partner. Returns the pause end.
   */
  function pauseAfter429(waitMs: number, bucket: string | null): number {
    const until = now() + Math.min(waitMs, config.maxPauseMs);
    tracker.pause(upstream, until, bucket === 'default' ? undefined : (bucket ?? undefined));
    return until;
  }

  async function scheduleRetry(call: Call, decision: Extract<Decision, { retry: unknown }>) {
    const { retry: reason, waitMs, status, bucket } = decision;
    tracker.recordRetry(upstream, reason);
    const attempt = call.attempts;
    const delayMs = Math.round(waitMs);
    safeWarn(
      logger,
      { upstream, method: call.method, attempt, reason, status, delayMs },
      'retrying upstream call',
    );
    if (status === 429) {
      call.notBefore = pauseAfter429(waitMs, bucket);
    } else if (waitMs > 0) {
      await sleep(waitMs, call.signal);
    }
  }

  async function run(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const request = input instanceof Request ? input : undefined;
    const method = (init.method ?? request?.method ?? 'GET').toUpperCase();
    let sendInit = init;
    let keyed = hasHeader(init.headers ?? request?.headers, config.idempotencyKeyHeader);
    if (!keyed && !isIdempotent(method) && config.idempotencyKey !== null) {
      const headers = new Headers(init.headers ?? request?.headers);
      headers.set(config.idempotencyKeyHeader, config.idempotencyKey());
      sendInit = { ...init, headers };
      keyed = true;
    }
    const url = request?.url ?? String(input);
    const call: Call = {
      method,
      url,
      signal: init.signal ?? request?.signal ?? undefined,
      retrySafe: isIdempotent(method) || keyed,
      replayable: !(init.body instanceof ReadableStream),
      bucket: config.bucket === undefined ? undefined : bucketOf(config, url, method),
      attempts: 0,
      notBefore: 0,
    };
    retryBudget.deposit();
    for (;;) {
      // An aborted caller gets nothing more sent: no further attempt, no new socket.
      if (call.signal?.aborted) throw call.signal.reason;
      try {
        const turn = waitForTurn(call, call.signal);
        if (turn !== undefined) await turn;
      } catch (error) {
        if (isRetryAfterTooLongError(error))
          throw giveUp(config, call, 'retry_after_too_long', error);
        if (isQueueFullError(error)) throw giveUp(config, call, 'queue_full', error);
        throw error;
      }
      call.attempts++;
      const attempt = startAttempt(timeouts, input, sendInit, call.signal);
      let response: Response;
      try {
        response = await attempt.response;
      } catch (error) {
        settleAttempt(timeouts, attempt);
        // The caller's abort is theirs to handle: rethrown as is, never retried.
        if (call.signal?.aborted) throw call.signal.reason;
        const { error: cause, kind } = attemptFailure(timeouts, attempt, error);
        const decision = afterError(config, call, cause, kind);
        if ('fail' in decision) throw giveUp(config, call, decision.fail, decision.error);
        if ('retry' in decision) {
          const spent = overBudget(call, decision, { cause });
          if (spent !== undefined) throw giveUp(config, call, 'retry_budget', spent);
          await scheduleRetry(call, decision);
        }
        continue;
      }
      let info: RateLimitInfo;
      let strategy: RetryStrategy | null = null;
      try {
        info = tracker.observe(upstream, response);
        if (response.status >= 400) {
          strategy = await readRetryStrategy(response, config.maxErrorBodyBytes);
        }
      } finally {
        // The attempt timeout covers the headers and the error-body read, never the caller's
        // own reading of the body.
        settleAttempt(timeouts, attempt);
      }
      const decision = afterResponse(config, call, response, info, strategy);
      if ('done' in decision) return decision.done;
      if ('retry' in decision) {
        const spent = overBudget(call, decision, { response });
        if (spent !== undefined) throw giveUp(config, call, 'retry_budget', spent);
        discard(response);
      }
      if ('fail' in decision) {
        if (isRetryAfterTooLongError(decision.error) && response.status === 429) {
          pauseAfter429(decision.error.waitMs, info.bucket);
        }
        throw giveUp(config, call, decision.fail, decision.error);
      }
      await scheduleRetry(call, decision);
    }
  }

  return run;
}
