import { AttemptTimeoutError } from './errors.js';
import type { FetchConfig } from './fetch-config.js';
import { realSleep } from './sleep.js';

/** One attempt in flight. Not an async function: the caller awaits `response` directly. */
export interface Attempt {
  readonly response: Promise<Response>;
  /** Disarms the timeout; call once the headers (and any error body) are read. */
  readonly settle: () => void;
  /** Why `response` rejected: our timeout, or anything else (network). */
  failure(error: unknown): { readonly error: unknown; readonly kind: 'timeout' | 'network' };
}

/**
 * Arms the per-attempt timeout; returns the function that disarms it. The real clock uses a
 * bare timer (an attempt timeout is below 2^31 − 1 ms); an injected `sleep` gets a signal.
 */
function armTimeout(config: FetchConfig, onTimeout: () => void): () => void {
  if (config.sleep === realSleep) {
    const timer = setTimeout(onTimeout, config.attemptTimeoutMs);
    return () => clearTimeout(timer);
  }
  const cancel = new AbortController();
  config.sleep(config.attemptTimeoutMs, cancel.signal).then(onTimeout, () => undefined);
  return () => cancel.abort();
}

/**
 * Sends once with a per-attempt timeout through `AbortSignal`, linked to the caller's signal.
 * The timer stays armed after the headers arrive so that reading an error body is bounded
 * too, until `settle`.
 */
export function startAttempt(
  config: FetchConfig,
  input: string | URL | Request,
  init: RequestInit,
  signal: AbortSignal | undefined,
): Attempt {
  const timeout = new AbortController();
  let timedOut = false;
  const settle = armTimeout(config, () => {
    timedOut = true;
    timeout.abort(new AttemptTimeoutError(config.attemptTimeoutMs));
  });
  const linked = signal === undefined ? timeout.signal : AbortSignal.any([signal, timeout.signal]);
  let response: Promise<Response>;
  try {
    // A Request body can be read once: send a copy so the next attempt still has it.
    const request = input instanceof Request ? input.clone() : input;
    response = config.fetch(request, { ...init, signal: linked });
  } catch (error) {
    response = Promise.reject(error);
  }
  return {
    response,
    settle,
    failure: (error) =>
      timedOut
        ? { error: new AttemptTimeoutError(config.attemptTimeoutMs), kind: 'timeout' }
        : { error, kind: 'network' },
  };
}
