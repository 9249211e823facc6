import { AttemptTimeoutError } from './errors.js';
import type { FetchConfig } from './fetch-config.js';
import { realSleep } from './sleep.js';

/** One attempt's result: a response (timer still armed until `settle`), or a failure. */
export type AttemptOutcome =
  | { readonly response: Response; readonly settle: () => void }
  | { readonly error: unknown; readonly kind: 'timeout' | 'network' };

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
 * Sends once with a per-attempt timeout. The timer stays armed after the headers arrive so
 * that reading an error body is bounded too; `settle` disarms it. The caller's abort is
 * rethrown as is, never classified as a retryable failure.
 */
export async function sendAttempt(
  config: FetchConfig,
  input: string | URL | Request,
  init: RequestInit,
  signal: AbortSignal | undefined,
): Promise<AttemptOutcome> {
  const timeout = new AbortController();
  let timedOut = false;
  const settle = armTimeout(config, () => {
    timedOut = true;
    timeout.abort(new AttemptTimeoutError(config.attemptTimeoutMs));
  });
  const linked = signal === undefined ? timeout.signal : AbortSignal.any([signal, timeout.signal]);
  try {
    // A Request body can be read once: send a copy so the next attempt still has it.
    const request = input instanceof Request ? input.clone() : input;
    const response = await config.fetch(request, { ...init, signal: linked });
    return { response, settle };
  } catch (error) {
    settle();
    if (signal?.aborted) throw signal.reason;
    if (timedOut)
      return { error: new AttemptTimeoutError(config.attemptTimeoutMs), kind: 'timeout' };
    return { error, kind: 'network' };
  }
}
