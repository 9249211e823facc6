import { afterEach, describe, expect, it } from 'vitest';
import {
  type BudgetWaits,
  createRateLimitedFetch,
  createRateLimitTracker,
  type RateLimitTracker,
} from '../src/index.js';
import { createFakeClock, drive } from './fake-clock.js';
import { type LoopbackServer, startServer } from './loopback-server.js';

const T0 = Date.UTC(2026, 0, 1);
let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A tracker of your own: every method delegated to a real one, `budgetWaits` optional. */
function ownTracker(
  now: () => number,
  budgetWaits?: RateLimitTracker['budgetWaits'],
): RateLimitTracker {
  const inner = createRateLimitTracker({ now });
  return {
    now,
    observe: (upstream, response) => inner.observe(upstream, response),
    state: (upstream) => inner.state(upstream),
    pause: (upstream, untilMs, bucket) => inner.pause(upstream, untilMs, bucket),
    pausedUntil: (upstream, bucket) => inner.pausedUntil(upstream, bucket),
    recordRetry: (upstream, reason) => inner.recordRetry(upstream, reason),
    recordGiveUp: (upstream, reason) => inner.recordGiveUp(upstream, reason),
    ...(budgetWaits === undefined ? {} : { budgetWaits }),
  };
}

describe('RateLimitTracker.budgetWaits – the send gate asks the tracker explicitly', () => {
  it("waits as long as a tracker's own budgetWaits says", async () => {
    server = await startServer([{ status: 200 }]);
    const clock = createFakeClock(T0);
    const asked: Array<[string, number, string | undefined]> = [];
    const tracker = ownTracker(clock.now, (upstream, now, bucket): BudgetWaits => {
      asked.push([upstream, now, bucket]);
      return { exhaustedUntil: now < T0 + 5_000 ? T0 + 5_000 : 0, paceMs: 0 };
    });
    const fetch = createRateLimitedFetch({ upstream: 'partner', tracker, sleep: clock.sleep });
    const { value } = await drive(clock, fetch(`${server.url}/a`));
    expect(value?.status).toBe(200);
    expect(clock.waits).toEqual([5_000]);
    expect(asked[0]).toEqual(['partner', T0, undefined]);
  });

  it('derives the waits from state() for a tracker without budgetWaits', async () => {
    server = await startServer([
      { status: 200, headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': '3' } },
      { status: 200 },
    ]);
    const clock = createFakeClock(T0);
    const fetch = createRateLimitedFetch({
      upstream: 'partner',
      tracker: ownTracker(clock.now),
      sleep: clock.sleep,
    });
    await drive(clock, fetch(`${server.url}/a`));
    const { value } = await drive(clock, fetch(`${server.url}/b`));
    expect(value?.status).toBe(200);
    expect(clock.waits).toEqual([3_000]);
  });
});
