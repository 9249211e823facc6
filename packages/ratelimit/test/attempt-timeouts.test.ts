import { afterEach, describe, expect, it } from 'vitest';
import {
  createRateLimitedFetch,
  isAttemptTimeoutError,
  isRetriesExhaustedError,
  type Sleep,
} from '../src/index.js';
import { until } from './fake-clock.js';
import { type LoopbackServer, startServer } from './loopback-server.js';

const T0 = Date.UTC(2026, 0, 1);
const TIMEOUT_MS = 30_000;
let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A hand-driven clock whose `sleep` calls are all recorded, cancelled ones included. */
function recordingClock() {
  let now = T0;
  const sleeps: Array<{ at: number; ms: number; fire: () => void; cancelled: boolean }> = [];
  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      const entry = { at: now + ms, ms, fire: resolve, cancelled: false };
      sleeps.push(entry);
      signal?.addEventListener(
        'abort',
        () => {
          entry.cancelled = true;
          reject(signal.reason);
        },
        { once: true },
      );
    });
  return {
    now: () => now,
    sleep,
    sleeps,
    /** Moves time to `at`, firing the live sleeps due by then in order. */
    advanceTo(at: number): void {
      for (;;) {
        const due = sleeps.filter((s) => !s.cancelled && s.at <= at).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        due.cancelled = true;
        now = Math.max(now, due.at);
        due.fire();
      }
      now = at;
    },
  };
}

describe('createRateLimitedFetch with an injected clock – attempt timeouts', () => {
  // The production timeout path is one shared deadline timer per wrapper (not one timer per
  // attempt); an injected sleep/clock must drive that same path, or tests never run it.
  it('arms one shared timer for concurrent attempts and expires each at its own deadline', async () => {
    server = await startServer([{ hang: true }]);
    const clock = recordingClock();
    const fetch = createRateLimitedFetch({
      upstream: 'partner',
      maxAttempts: 1,
      attemptTimeoutMs: TIMEOUT_MS,
      now: clock.now,
      sleep: clock.sleep,
    });
    const outcomes: unknown[] = [];
    const call = () => {
      fetch(`${server?.url}/v1/orders`).then(
        (response) => outcomes.push(response),
        (error: unknown) => outcomes.push(error),
      );
    };
    call();
    call();
    await until(() => server?.received.length === 2, 'two attempts in flight');
    clock.advanceTo(T0 + 1_000);
    call();
    await until(() => server?.received.length === 3, 'the third attempt in flight');
    expect(clock.sleeps.map((s) => s.ms)).toEqual([TIMEOUT_MS]);

    clock.advanceTo(T0 + TIMEOUT_MS);
    await until(() => outcomes.length === 2, 'the first two attempts to time out');
    // The timer re-arms itself for the third attempt's deadline, 1 s later.
    expect(clock.sleeps.filter((s) => !s.cancelled).map((s) => s.at)).toEqual([
      T0 + 1_000 + TIMEOUT_MS,
    ]);
    clock.advanceTo(T0 + 1_000 + TIMEOUT_MS - 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outcomes).toHaveLength(2);
    clock.advanceTo(T0 + 1_000 + TIMEOUT_MS);
    await until(() => outcomes.length === 3, 'the third attempt to time out');
    for (const outcome of outcomes) {
      expect(isRetriesExhaustedError(outcome)).toBe(true);
      expect(isAttemptTimeoutError((outcome as Error).cause)).toBe(true);
    }
  });

  it('cancels the injected sleep once no attempt is in flight (it may hold the process open)', async () => {
    server = await startServer([{ status: 200 }]);
    const clock = recordingClock();
    const fetch = createRateLimitedFetch({
      upstream: 'partner',
      now: clock.now,
      sleep: clock.sleep,
    });
    expect((await fetch(`${server.url}/a`)).status).toBe(200);
    expect((await fetch(`${server.url}/b`)).status).toBe(200);
    expect(clock.sleeps.map((s) => [s.ms, s.cancelled])).toEqual([
      [TIMEOUT_MS, true],
      [TIMEOUT_MS, true],
    ]);
  });

  it('takes an injected sleep at its word: one that resolves at once times the attempt out at once', async () => {
    // Real `now`, a sleep that skips every wait (a common test shortcut): the timer must not
    // wake, find the real clock short of the deadline and sleep again, over and over.
    server = await startServer([{ hang: true }]);
    const slept: number[] = [];
    const fetch = createRateLimitedFetch({
      upstream: 'partner',
      maxAttempts: 1,
      attemptTimeoutMs: 300,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    const error = await fetch(`${server.url}/v1/orders`).catch((e: unknown) => e);
    expect(isRetriesExhaustedError(error)).toBe(true);
    expect(isAttemptTimeoutError((error as Error).cause)).toBe(true);
    expect(slept).toEqual([300]);
  });
});
