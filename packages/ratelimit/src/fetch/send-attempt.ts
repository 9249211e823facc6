import { AttemptTimeoutError } from '../errors.js';
import { createDeadlineTimer, type Deadline, type DeadlineTimer } from './deadline-timer.js';
import type { FetchConfig } from './fetch-config.js';

/** One attempt in flight. The caller awaits `response` directly. */
export interface Attempt {
  readonly response: Promise<Response>;
  readonly controller: AbortController;
  timedOut: boolean;
  /** The armed timeout on the wrapper's shared timer; `null` once settled. */
  deadline: Deadline<Attempt> | null;
}

/** Starts and stops the per-attempt timeouts of one wrapper. */
export interface AttemptTimeouts {
  readonly config: FetchConfig;
  /** One timer for every attempt, on `config.timerHost` (the real clock or the injected one). */
  readonly timer: DeadlineTimer<Attempt>;
}

function expire(attempt: Attempt, timeoutMs: number): void {
  attempt.timedOut = true;
  attempt.controller.abort(new AttemptTimeoutError(timeoutMs));
}

/** Every attempt of the wrapper shares one timer, on whichever clock the config resolved. */
export function createAttemptTimeouts(config: FetchConfig): AttemptTimeouts {
  const { attemptTimeoutMs } = config;
  const timer = createDeadlineTimer<Attempt>(
    attemptTimeoutMs,
    (attempt) => expire(attempt, attemptTimeoutMs),
    config.timerHost,
  );
  return { config, timer };
}

/** Disarms the timeout; call once the headers (and any error body) are read. Idempotent. */
export function settleAttempt(timeouts: AttemptTimeouts, attempt: Attempt): void {
  const { deadline } = attempt;
  if (deadline === null) return;
  attempt.deadline = null;
  timeouts.timer.disarm(deadline);
}

/** Why `response` rejected: our timeout, or anything else (network). */
export function attemptFailure(
  timeouts: AttemptTimeouts,
  attempt: Attempt,
  error: unknown,
): { readonly error: unknown; readonly kind: 'timeout' | 'network' } {
  return attempt.timedOut
    ? { error: new AttemptTimeoutError(timeouts.config.attemptTimeoutMs), kind: 'timeout' }
    : { error, kind: 'network' };
}

/**
 * Sends once with a per-attempt timeout through `AbortSignal`, linked to the caller's signal
 * when there is one (`AbortSignal.any` only then: it costs more than a bare controller). The
 * timeout stays armed after the headers arrive so that reading an error body is bounded too,
 * until {@link settleAttempt}.
 */
export function startAttempt(
  timeouts: AttemptTimeouts,
  input: string | URL | Request,
  init: RequestInit,
  signal: AbortSignal | undefined,
): Attempt {
  const controller = new AbortController();
  const linked =
    signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]);
  let response: Promise<Response>;
  try {
    // A Request body can be read once: send a copy so the next attempt still has it.
    const request = input instanceof Request ? input.clone() : input;
    response = timeouts.config.fetch(request, { ...init, signal: linked });
  } catch (error) {
    response = Promise.reject(error);
  }
  const attempt: Attempt = { response, controller, timedOut: false, deadline: null };
  attempt.deadline = timeouts.timer.arm(attempt);
  return attempt;
}
