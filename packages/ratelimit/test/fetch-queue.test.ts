import { describe, expect, it } from 'vitest';
import {
  type Admission,
  createMemoryRateLimitStore,
  type GiveUpEvent,
  isQueueFullError,
  isRateLimitError,
  QueueFullError,
  type RateLimitStore,
} from '../src/index.js';
import { drive, until } from './fake-clock.js';
import { rejectedOption, T0, useWrappedServer } from './wrapped-server.js';

const setup = useWrappedServer();
const settle = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => error,
  );

describe('createRateLimitedFetch – bounded send queue', () => {
  it('fails at once with QueueFullError when the turn is further away than maxQueueWaitMs', async () => {
    const giveUps: GiveUpEvent[] = [];
    const { fetch, clock, server, url } = await setup([{ status: 200 }], {
      rate: { requests: 1, perMs: 1_000 },
      maxQueueWaitMs: 2_500,
      onGiveUp: (event) => {
        giveUps.push(event);
      },
    });
    const admitted = [1, 2, 3].map((n) => fetch(`${url}/${n}`));
    const refused = await settle(fetch(`${url}/4`));
    expect(isQueueFullError(refused)).toBe(true);
    expect(refused).toBeInstanceOf(QueueFullError);
    if (!isQueueFullError(refused)) return;
    expect([refused.reason, refused.retryAfterMs, refused.attempts]).toEqual(['wait', 3_000, 0]);
    expect(refused.code).toBe('ERR_RATELIMIT_QUEUE_FULL');
    expect(isRateLimitError(refused)).toBe(true);
    expect(giveUps.map((g) => g.reason)).toEqual(['queue_full']);
    // The refused call took no turn: the admitted ones keep theirs.
    expect(clock.pendingWaits().map((t) => t.at - T0)).toEqual([1_000, 2_000]);
    clock.advance(2_000);
    expect((await Promise.all(admitted)).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(server.received.map((r) => r.url)).toEqual(['/1', '/2', '/3']);
  });

  it('bounds the calls waiting at once by maxQueued', async () => {
    const { fetch, clock, url } = await setup([{ status: 200 }], {
      rate: { requests: 1, perMs: 1_000 },
      maxQueued: 2,
      maxQueueWaitMs: 60_000,
    });
    const admitted = [1, 2, 3].map((n) => fetch(`${url}/${n}`));
    const refused = await settle(fetch(`${url}/4`));
    expect(isQueueFullError(refused) && refused.reason).toBe('full');
    expect(isQueueFullError(refused) && refused.maxQueued).toBe(2);
    clock.advance(2_000);
    await Promise.all(admitted);
    // Once the queue drained, calls are admitted again.
    expect((await drive(clock, fetch(`${url}/5`))).value?.status).toBe(200);
  });

  it('bounds a flood by default: 1,200 calls at 600/min never queue for more than 30 s', async () => {
    const { fetch, clock, server, url } = await setup([{ status: 200 }], {
      rate: { requests: 600, perMs: 60_000 },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 1_200 }, (_, n) => {
        const call = settle(fetch(`${url}/${n}`));
        return n < 600 ? call : call.then((e) => (isQueueFullError(e) ? e.reason : e));
      }),
    );
    expect(outcomes.slice(0, 600).every((o) => o === 'ok')).toBe(true);
    expect(outcomes.slice(600)).toEqual(Array(600).fill('wait'));
    expect(server.received).toHaveLength(600);
    expect(clock.pendingWaits()).toEqual([]);
  });

  it('takes a queued call out of the queue at once when its signal aborts, giving its turn to the next call', async () => {
    const { fetch, clock, server, url } = await setup([{ status: 200 }], {
      rate: { requests: 1, perMs: 1_000 },
      maxQueued: 2,
    });
    const first = fetch(`${url}/1`);
    const controller = new AbortController();
    const abandoned = settle(fetch(`${url}/2`, { signal: controller.signal }));
    const third = fetch(`${url}/3`);
    await until(() => clock.pendingWaits().length === 2, 'two calls to queue');
    expect(clock.pendingWaits().map((t) => t.at - T0)).toEqual([1_000, 2_000]);
    const reason = new Error('client went away');
    controller.abort(reason);
    expect(await abandoned).toBe(reason);
    // Its place under maxQueued and its turn (T0 + 1 s) both go to the next caller.
    const fourth = fetch(`${url}/4`);
    await until(() => clock.pendingWaits().length === 2, 'the next caller to queue');
    expect(clock.pendingWaits().map((t) => t.at - T0)).toEqual([1_000, 2_000]);
    clock.advance(2_000);
    await Promise.all([first, third, fourth]);
    expect(server.received.map((r) => r.url).sort()).toEqual(['/1', '/3', '/4']);
  });

  it('sends nothing more after the caller aborts, against a partner that never answers', async () => {
    const { fetch, clock, server, url } = await setup([{ hang: true }], { maxAttempts: 3 });
    const controller = new AbortController();
    const pending = settle(fetch(url, { signal: controller.signal }));
    await until(() => server.received.length === 1, 'the first attempt');
    controller.abort(new Error('deadline'));
    expect(await pending).toMatchObject({ message: 'deadline' });
    clock.advance(10 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.received).toHaveLength(1);
    expect(clock.inFlight()).toBe(0);
  });

  it('sends nothing for a call whose signal is already aborted, and takes no turn', async () => {
    const { fetch, clock, server, url } = await setup([{ status: 200 }], {
      rate: { requests: 1, perMs: 1_000 },
    });
    const reason = new Error('gone');
    expect(await settle(fetch(url, { signal: AbortSignal.abort(reason) }))).toBe(reason);
    expect((await drive(clock, fetch(url))).value?.status).toBe(200);
    expect(clock.waits).toEqual([]);
    expect(server.received).toHaveLength(1);
  });

  it('refuses a turn an asynchronous store puts beyond maxQueueWaitMs, giving the place back', async () => {
    const memory = createMemoryRateLimitStore();
    const released: number[] = [];
    // A fleet store answers with a promise; this one admits 10 s out.
    const store: RateLimitStore = {
      ...memory,
      admit: async (): Promise<Admission> => ({ waitMs: 10_000, admitted: true }),
      release: (_upstream, _rate, at) => {
        released.push(at);
      },
    };
    const { fetch, clock, server, url } = await setup([{ status: 200 }], {
      store,
      rate: { requests: 1, perMs: 1_000 },
      maxQueueWaitMs: 5_000,
    });
    const refused = await settle(fetch(url));
    expect(isQueueFullError(refused) && [refused.reason, refused.retryAfterMs]).toEqual([
      'wait',
      10_000,
    ]);
    expect(released).toEqual([T0 + 10_000]);
    expect(server.received).toHaveLength(0);
    expect(clock.pendingWaits()).toEqual([]);
  });

  it('works with a store that cannot take a place back (no release): an abort just loses it', async () => {
    const memory = createMemoryRateLimitStore();
    const { release: _dropped, ...withoutRelease } = memory;
    const { fetch, clock, url } = await setup([{ status: 200 }], {
      store: withoutRelease,
      rate: { requests: 1, perMs: 1_000 },
    });
    await drive(clock, fetch(url));
    const controller = new AbortController();
    const abandoned = settle(fetch(url, { signal: controller.signal }));
    await until(() => clock.pendingWaits().length === 1, 'the call to queue');
    controller.abort(new Error('gone'));
    expect(await abandoned).toMatchObject({ message: 'gone' });
    // The lost turn (T0 + 1 s) is not reused: the next call waits for T0 + 2 s.
    const next = fetch(url);
    await until(() => clock.pendingWaits().length === 1, 'the next call to queue');
    expect(clock.pendingWaits().map((t) => t.at - T0)).toEqual([2_000]);
    clock.advance(2_000);
    expect((await next).status).toBe(200);
  });

  it.each([
    [{ maxQueued: -1 }, 'maxQueued'],
    [{ maxQueued: 1.5 }, 'maxQueued'],
    [{ maxQueueWaitMs: Number.NaN }, 'maxQueueWaitMs'],
    [{ maxQueueWaitMs: '5s' }, 'maxQueueWaitMs'],
  ])('rejects %j naming the option %s', (options, option) => {
    expect(rejectedOption(options)).toBe(option);
  });
});
