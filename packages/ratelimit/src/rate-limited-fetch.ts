import {
  isRetryAfterTooLongError,
  MaybeAppliedError,
  type RateLimitError,
  RetriesExhaustedError,
  RetryAfterTooLongError,
  RetryStrategyError,
} from './errors.js';
import {
  type FetchConfig,
  type FetchFunction,
  type RateLimitedFetchOptions,
  resolveFetchConfig,
} from './fetch-config.js';
import { safeWarn } from './logger.js';
import type { GiveUpReason, RetryReason } from './metric-names.js';
import {
  backoffCeiling,
  backoffDelay,
  isIdempotent,
  provablyNotSent,
  retryReasonForStatus,
} from './retry-policy.js';
import { readRetryStrategy } from './retry-strategy.js';
import { sendAttempt } from './send-attempt.js';
import { createSendGate } from './send-gate.js';

interface Call {
  readonly method: string;
  readonly url: string;
  readonly signal: AbortSignal | undefined;
  /** Idempotent, or carries an idempotency key: a replay cannot apply it twice. */
  readonly retrySafe: boolean;
  /** A streamed body cannot be sent twice. */
  readonly replayable: boolean;
  readonly bucket: string | undefined;
  attempts: number;
  notBefore: number;
}

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
  const { upstream, tracker, now, sleep, maxWaitMs, maxAttempts, logger } = config;

  function retryWait(call: Call, status: number | null, retryAfterSeconds: number | null) {
    if (retryAfterSeconds !== null) return retryAfterSeconds * 1000;
    const { backoffBaseMs, backoffMaxMs, random } = config;
    const delay = backoffDelay(call.attempts, backoffBaseMs, backoffMaxMs, random);
    if (status !== 429) return delay;
    // No usable Retry-After on a 429: back off within [ceiling / 2, ceiling), never "retry now".
    return backoffCeiling(call.attempts, backoffBaseMs, backoffMaxMs) / 2 + delay / 2;
  }

  async function scheduleRetry(
    call: Call,
    reason: RetryReason,
    waitMs: number,
    status: number | null,
    bucket: string | null = null,
  ) {
    tracker.recordRetry(upstream, reason);
    safeWarn(
      logger,
      {
        upstream,
        method: call.method,
        attempt: call.attempts,
        reason,
        status,
        delayMs: Math.round(waitMs),
      },
      'retrying upstream call',
    );
    // After a 429 every request of the bucket (of the upstream when the response names none)
    // waits out one shared pause, this one included, in the send gate.
    if (status === 429) {
      call.notBefore = now() + waitMs;
      // `default` is what single-budget dialects report: a pause of the whole upstream.
      tracker.pause(
        upstream,
        call.notBefore,
        bucket === 'default' ? undefined : (bucket ?? undefined),
      );
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
    for (;;) {
      try {
        await waitForTurn(call, call.signal);
      } catch (error) {
        if (isRetryAfterTooLongError(error))
          throw giveUp(config, call, 'retry_after_too_long', error);
        throw error;
      }
      call.attempts++;
      const outcome = await sendAttempt(config, input, sendInit, call.signal);
      const details = { upstream, method, attempts: call.attempts };

      if ('error' in outcome) {
        const safe = call.retrySafe || provablyNotSent(outcome.error);
        if (!safe)
          throw giveUp(
            config,
            call,
            'maybe_applied',
            new MaybeAppliedError({ ...details, cause: outcome.error }),
          );
        if (!call.replayable || call.attempts >= maxAttempts) {
          throw giveUp(
            config,
            call,
            'retries_exhausted',
            new RetriesExhaustedError({ ...details, cause: outcome.error }),
          );
        }
        await scheduleRetry(call, outcome.kind, retryWait(call, null, null), null);
        continue;
      }

      const { response } = outcome;
      const info = tracker.observe(upstream, response);
      const statusReason = retryReasonForStatus(response.status);
      const strategy =
        response.status >= 400 ? await readRetryStrategy(response, config.maxErrorBodyBytes) : null;
      outcome.settle();
      if (strategy !== null && strategy !== 'backoff') {
        if (statusReason === null) return response;
        throw giveUp(
          config,
          call,
          'retry_strategy',
          new RetryStrategyError({ ...details, response, strategy }),
        );
      }
      const reason = statusReason ?? (strategy === 'backoff' ? 'retry_strategy' : null);
      if (reason === null) return response;
      // A 429 proves the upstream refused the request, so even a POST may go again.
      if (!call.retrySafe && response.status !== 429) {
        throw giveUp(
          config,
          call,
          'maybe_applied',
          new MaybeAppliedError({ ...details, response }),
        );
      }
      if (!call.replayable || call.attempts >= maxAttempts) {
        throw giveUp(
          config,
          call,
          'retries_exhausted',
          new RetriesExhaustedError({ ...details, response }),
        );
      }
      const waitMs = retryWait(call, response.status, info.retryAfterSeconds);
      if (waitMs > maxWaitMs) {
        const error = new RetryAfterTooLongError({
          ...details,
          response,
          waitMs: Math.ceil(waitMs),
          maxWaitMs,
        });
        throw giveUp(config, call, 'retry_after_too_long', error);
      }
      discard(response);
      await scheduleRetry(call, reason, waitMs, response.status, info.bucket);
    }
  }

  return run;
}
