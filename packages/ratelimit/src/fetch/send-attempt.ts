import { AttemptTimeoutError } from '../errors.js';
import { createDeadlineTimer, type Deadline, type DeadlineTimer } from './deadline-timer.js';
import type { FetchConfig } from './fetch-config.js';
import { realSleep } from './sleep.js';

/** One attempt in flight. The caller awaits `response` directly. */
export interface Attempt {
  readonly response: Promise<Response>;
  readonly controller: AbortController;
  timedOut: boolean;
  /** Armed timeout: a shared-timer deadline, or the abort of an injected sleep. */
  deadline: Deadline<Attempt> | AbortController | null;
}

/** Starts and stops the per-attempt timeouts of one wrapper. */
export interface AttemptTimeouts {
  readonly config: FetchConfig;
  /** The shared timer on the real clock; `null` when an injected `sleep` drives timeouts. */
  readonly timer: DeadlineTimer<Attempt> | null;
}

function expire(attempt: Attempt, timeoutMs: number): void {
  attempt.timedOut = true;
  attempt.controller.abort(new AttemptTimeoutError(timeoutMs));
}

/** The real clock shares one timer across attempts; an injected sleep drives each timeout. */
export function createAttemptTimeouts(config: FetchConfig): AttemptTimeouts {
  const { attemptTimeoutMs } = config;
  const timer =
    config.sleep === realSleep
      ? createDeadlineTimer<Attempt>(attemptTimeoutMs, (attempt) =>
          expire(attempt, attemptTimeoutMs),
        )
      : null;
  return { config, timer };
}

function arm(timeouts: AttemptTimeouts, attempt: Attempt): void {
  const { config, timer } = timeouts;
  if (timer !== null) {
    attempt.deadline = timer.arm(attempt);
    return;
  }
  const cancel = new AbortController();
  attempt.deadline = cancel;
  config.sleep(config.attemptTimeoutMs, cancel.signal).then(
    () => expire(attempt, config.attemptTimeoutMs),
    () => undefined,
  );
}

/** Disarms the timeout; call once the headers (and any error body) are read. Idempotent. */
export function settleAttempt(timeouts: AttemptTimeouts, attempt: Attempt): void {
  const { deadline } = attempt;
  if (deadline === null) return;
  attempt.deadline = null;
  if (deadline instanceof AbortController) deadline.abort();
  else timeouts.timer?.disarm(deadline);
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
  arm(timeouts, attempt);
  return attempt;
}
