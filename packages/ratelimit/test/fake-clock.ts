import type { Sleep } from '../src/index.js';

interface Timer {
  readonly at: number;
  readonly ms: number;
  readonly resolve: () => void;
}

/**
 * Virtual time for the wrapper: `sleep` registers a timer that fires only when the test
 * advances the clock. Sleeps of exactly `timeoutMs` are the per-attempt timeouts; the rest are
 * waits (backoff, pauses, pacing) and are recorded in `waits`.
 */
export function createFakeClock(start: number, timeoutMs = 30_000) {
  let now = start;
  const timers = new Set<Timer>();
  const waits: number[] = [];

  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      if (ms !== timeoutMs) waits.push(ms);
      const timer: Timer = {
        at: now + ms,
        ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        timers.delete(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      timers.add(timer);
    });

  function pendingWaits(): Timer[] {
    return [...timers].filter((t) => t.ms !== timeoutMs).sort((a, b) => a.at - b.at);
  }

  /** Moves time forward, firing due timers in order. */
  function advance(ms: number): void {
    const target = now + ms;
    for (;;) {
      const due = [...timers].filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      timers.delete(due);
      now = Math.max(now, due.at);
      due.resolve();
    }
    now = target;
  }

  return {
    now: () => now,
    sleep,
    waits,
    advance,
    pendingWaits,
    /** Number of armed attempt timeouts (= attempts in flight). */
    inFlight: () => [...timers].filter((t) => t.ms === timeoutMs).length,
  };
}

export type FakeClock = ReturnType<typeof createFakeClock>;

/** Lets real I/O (the loopback server) make progress until `done()` holds; bounded. */
export async function until(done: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (done()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Runs `promise` to completion, advancing virtual time whenever the wrapper is only waiting
 * (a wait is pending and nothing settled). Returns the settled outcome.
 */
export async function drive<T>(
  clock: FakeClock,
  promise: Promise<T>,
): Promise<{ value?: T; error?: unknown }> {
  let outcome: { value?: T; error?: unknown } | undefined;
  promise.then(
    (value) => {
      outcome = { value };
    },
    (error: unknown) => {
      outcome = { error };
    },
  );
  for (let step = 0; step < 100; step++) {
    await until(
      () => outcome !== undefined || clock.pendingWaits().length > 0,
      'a wait or the result',
    );
    if (outcome !== undefined) return outcome;
    const next = clock.pendingWaits()[0];
    if (next !== undefined) clock.advance(next.at - clock.now());
  }
  throw new Error('drive: too many steps');
}
