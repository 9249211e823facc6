/**
 * Waits `ms` milliseconds; rejects with `signal.reason` when `signal` aborts. Injected into
 * `createRateLimitedFetch` so tests drive time by hand.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

// setTimeout fires at once (after a warning) for delays above 2^31 − 1 ms; longer waits are
// chained in chunks below that limit instead of being truncated.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The real clock: `setTimeout` in chunks below 2^31 − 1 ms, cleared on abort. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let left = Number.isFinite(ms) && ms > 0 ? ms : 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const step = () => {
      if (left <= 0) {
        signal?.removeEventListener('abort', onAbort);
        resolve();
        return;
      }
      const chunk = Math.min(left, MAX_TIMER_MS);
      left -= chunk;
      timer = setTimeout(step, chunk);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    step();
  });
