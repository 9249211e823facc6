import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDeadlineTimer, type TimerHost } from '../src/fetch/deadline-timer.js';
import {
  createRateLimitedFetch,
  isAttemptTimeoutError,
  isRetriesExhaustedError,
} from '../src/index.js';
import { type LoopbackServer, startServer } from './loopback-server.js';

/** A hand-driven clock with the timers scheduled on it. */
function fakeHost() {
  let now = 1_000;
  let timers: Array<{ at: number; fire: () => void }> = [];
  const host: TimerHost = {
    now: () => now,
    schedule(fire, ms) {
      timers.push({ at: now + ms, fire });
    },
  };
  return {
    host,
    scheduled: () => timers.length,
    advance(ms: number) {
      const target = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fire();
      }
      now = target;
    },
  };
}

describe('shared deadline timer', () => {
  it('expires each armed deadline at its own deadline, in order, with one timer at a time', () => {
    const clock = fakeHost();
    const expired: string[] = [];
    const timer = createDeadlineTimer<string>(1_000, (name) => expired.push(name), clock.host);
    timer.arm('a');
    clock.advance(300);
    timer.arm('b');
    clock.advance(200);
    timer.arm('c');
    expect(clock.scheduled()).toBe(1);
    clock.advance(499);
    expect(expired).toEqual([]);
    clock.advance(1);
    expect(expired).toEqual(['a']);
    clock.advance(299);
    expect(expired).toEqual(['a']);
    clock.advance(1);
    expect(expired).toEqual(['a', 'b']);
    expect(clock.scheduled()).toBe(1);
    clock.advance(200);
    expect(expired).toEqual(['a', 'b', 'c']);
    expect(timer.size()).toBe(0);
    expect(clock.scheduled()).toBe(0);
  });

  it('never expires a disarmed deadline, and stops once nothing is armed', () => {
    const clock = fakeHost();
    const expired: string[] = [];
    const timer = createDeadlineTimer<string>(1_000, (name) => expired.push(name), clock.host);
    const a = timer.arm('a');
    clock.advance(100);
    timer.arm('b');
    timer.disarm(a);
    clock.advance(1_000);
    expect(expired).toEqual(['b']);
    timer.disarm(timer.arm('c'));
    clock.advance(5_000);
    expect(expired).toEqual(['b']);
    expect(clock.scheduled()).toBe(0);
  });

  it('keeps serving deadlines armed from inside an expiry callback', () => {
    const clock = fakeHost();
    const expired: string[] = [];
    const timer = createDeadlineTimer<string>(
      1_000,
      (name) => {
        expired.push(name);
        if (name === 'a') timer.arm('retry');
      },
      clock.host,
    );
    timer.arm('a');
    clock.advance(1_000);
    expect(expired).toEqual(['a']);
    expect(clock.scheduled()).toBe(1);
    clock.advance(1_000);
    expect(expired).toEqual(['a', 'retry']);
  });
});

describe('createRateLimitedFetch on the real clock – attempt timeouts', () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await server?.close();
    server = undefined;
  });

  const settled = async (done: () => boolean) => {
    for (let i = 0; i < 5_000 && !done(); i++) await new Promise((r) => setImmediate(r));
    expect(done()).toBe(true);
  };

  it('aborts a hung attempt at attemptTimeoutMs, not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    server = await startServer([{ hang: true }]);
    const fetch = createRateLimitedFetch({ upstream: 'partner', maxAttempts: 1 });
    let outcome: unknown;
    fetch(`${server.url}/v1/orders`).then(
      () => {
        outcome = 'resolved';
      },
      (error: unknown) => {
        outcome = error;
      },
    );
    const received = server.received;
    await settled(() => received.length === 1);
    vi.advanceTimersByTime(29_999);
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(outcome).toBeUndefined();
    vi.advanceTimersByTime(1);
    await settled(() => outcome !== undefined);
    expect(isRetriesExhaustedError(outcome)).toBe(true);
    expect(isAttemptTimeoutError((outcome as Error).cause)).toBe(true);
  });

  it('keeps no timer holding the process open, even while an attempt hangs', async () => {
    server = await startServer([{ status: 200 }, { hang: true }]);
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const fetch = createRateLimitedFetch({ upstream: 'partner', maxAttempts: 1 });
    expect((await fetch(`${server.url}/a`)).status).toBe(200);
    // Other timers (vitest's, sockets') may come and go; ours must not add one.
    expect(timers()).toBeLessThanOrEqual(before);
    const idle = timers();
    const hung = fetch(`${server.url}/b`).catch((error: unknown) => error);
    const received = server.received;
    await settled(() => received.length === 2);
    expect(timers()).toBeLessThanOrEqual(idle);
    await server.close();
    server = undefined;
    expect(isRetriesExhaustedError(await hung)).toBe(true);
  });
});
