import { describe, expect, it } from 'vitest';
import {
  type GiveUpEvent,
  isRetriesExhaustedError,
  type RateLimitedFetchOptions,
} from '../src/index.js';
import { drive, until } from './fake-clock.js';
import { rejectedOption, useWrappedServer, type WrappedServer } from './wrapped-server.js';

const setup = useWrappedServer();

/**
 * A retry storm: 10 calls per virtual second for 30 s against a partner answering 503 to
 * everything, 3 attempts per call. Returns partner requests per call.
 */
async function storm(options: Partial<RateLimitedFetchOptions>) {
  const giveUps: GiveUpEvent[] = [];
  const wrapped: WrappedServer = await setup([{ status: 503 }], {
    maxAttempts: 3,
    onGiveUp: (event) => {
      giveUps.push(event);
    },
    ...options,
  });
  const { fetch, clock, server, url } = wrapped;
  const calls: Promise<unknown>[] = [];
  let settled = 0;
  const quiet = () =>
    clock.inFlight() === 0 && settled + clock.pendingWaits().length === calls.length;
  for (let second = 0; second < 30; second++) {
    for (let i = 0; i < 10; i++) {
      calls.push(
        fetch(url).then(
          () => settled++,
          () => settled++,
        ),
      );
    }
    await until(quiet, 'every call to send or wait');
    clock.advance(1_000);
  }
  for (let step = 0; settled < calls.length && step < 100; step++) {
    await until(quiet, 'every call to send or wait');
    clock.advance(1_000);
  }
  await Promise.all(calls);
  return { perCall: server.received.length / calls.length, giveUps };
}

describe('createRateLimitedFetch – retry budget', () => {
  it('holds a 100 % 5xx retry storm to ~1.3 partner requests per call (3 without the budget)', async () => {
    const budgeted = await storm({});
    // 300 calls earn 60 retries (ratio 0.2), 30 s add ~30 (minPerSecond 1), plus the burst of 10.
    expect(budgeted.perCall).toBeLessThanOrEqual(1.34);
    expect(budgeted.perCall).toBeGreaterThan(1.1);
    const reasons = new Set(budgeted.giveUps.map((g) => g.reason));
    expect(reasons).toEqual(new Set(['retries_exhausted', 'retry_budget']));
    expect(budgeted.giveUps.every((g) => isRetriesExhaustedError(g.error))).toBe(true);

    const unbudgeted = await storm({ retryBudget: false });
    expect(unbudgeted.perCall).toBe(3);
  });

  it('still retries a quiet upstream’s occasional failure', async () => {
    const { fetch, clock, server, url } = await setup([{ status: 503 }, { status: 200 }]);
    expect((await drive(clock, fetch(url))).value?.status).toBe(200);
    expect(server.received).toHaveLength(2);
  });

  it('ends a call over budget with the last response, body unread', async () => {
    const { fetch, clock, url } = await setup([{ status: 503, body: 'down' }], {
      retryBudget: { ratio: 0, minPerSecond: 0, burst: 1 },
      maxAttempts: 5,
    });
    const first = await drive(clock, fetch(url));
    expect(isRetriesExhaustedError(first.error)).toBe(true);
    // The one saved retry went to the first call: the second gives up after one attempt.
    const second = await drive(clock, fetch(url));
    expect(isRetriesExhaustedError(second.error) && second.error.attempts).toBe(1);
    if (!isRetriesExhaustedError(second.error)) return;
    expect(await second.error.response?.text()).toBe('down');
  });

  it('does not spend the budget on 429 retries (Retry-After paces those)', async () => {
    const { fetch, clock, server, url } = await setup(
      [
        { status: 429, headers: { 'retry-after': '1' } },
        { status: 429, headers: { 'retry-after': '1' } },
        { status: 200 },
      ],
      { retryBudget: { ratio: 0, minPerSecond: 0, burst: 1 } },
    );
    expect((await drive(clock, fetch(url))).value?.status).toBe(200);
    expect(server.received).toHaveLength(3);
  });

  it.each([
    [{ retryBudget: 'on' }, 'retryBudget'],
    [{ retryBudget: { ratio: -1 } }, 'retryBudget.ratio'],
    [{ retryBudget: { minPerSecond: Number.NaN } }, 'retryBudget.minPerSecond'],
    [{ retryBudget: { burst: 0 } }, 'retryBudget.burst'],
    [{ retryBudget: { percent: 20 } }, 'retryBudget.percent'],
  ])('rejects %j naming the option %s', (options, option) => {
    expect(rejectedOption(options)).toBe(option);
  });
});
