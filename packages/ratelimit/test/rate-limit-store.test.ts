import { describe, expect, it } from 'vitest';
import {
  type Admission,
  createMemoryRateLimitStore,
  createRateLimitedFetch,
  createRateLimitTracker,
  isRateLimitConfigError,
  type RateLimitStore,
  type RateLimitStoreListener,
} from '../src/index.js';
import { createFakeClock, type FakeClock, until } from './fake-clock.js';
import { startServer } from './loopback-server.js';
import { T0, useWrappedServer } from './wrapped-server.js';

const setup = useWrappedServer();
const budgetHeaders = (remaining: number) => ({
  'ratelimit-limit': '100',
  'ratelimit-remaining': String(remaining),
  'ratelimit-reset': '30',
});

describe('createMemoryRateLimitStore – one budget for every wrapper on the store', () => {
  it('holds two wrappers with their own fetch to one rate together', async () => {
    const store = createMemoryRateLimitStore();
    const { fetch, clock, server, url } = await setup([{ status: 200 }], {
      rate: { requests: 2, perMs: 1_000 },
      store,
    });
    const other = onClock(clock, store, { requests: 2, perMs: 1_000 });
    const calls = [fetch(`${url}/a1`), other(`${url}/b1`), fetch(`${url}/a2`), other(`${url}/b2`)];
    await until(() => server.received.length === 2 && clock.pendingWaits().length === 2, 'window');
    expect(clock.pendingWaits().map((t) => t.at - T0)).toEqual([1_000, 1_000]);
    clock.advance(1_000);
    await Promise.all(calls);
    expect(server.received.map((r) => r.url)).toEqual(['/a1', '/b1', '/a2', '/b2']);
  });

  it('without a store, each wrapper keeps its own window (unchanged default)', async () => {
    const { fetch, clock, server, url } = await setup([{ status: 200 }], {
      rate: { requests: 1, perMs: 1_000 },
    });
    const other = createRateLimitedFetch({
      upstream: 'partner',
      rate: { requests: 1, perMs: 1_000 },
      now: clock.now,
      sleep: clock.sleep,
    });
    await Promise.all([fetch(`${url}/a`), other(`${url}/b`)]);
    expect(server.received).toHaveLength(2);
    expect(clock.pendingWaits()).toHaveLength(0);
  });

  it("shares one tracker's 429 pause with another tracker's requests", async () => {
    const store = createMemoryRateLimitStore();
    const clock = createFakeClock(T0);
    const server = await startServer([
      { status: 429, headers: { 'retry-after': '5' } },
      { status: 200 },
    ]);
    try {
      const common = { upstream: 'partner', store, now: clock.now, sleep: clock.sleep };
      const a = createRateLimitedFetch({ ...common, random: () => 0.5 });
      const b = createRateLimitedFetch({ ...common, random: () => 0.5 });
      const first = a(`${server.url}/a`);
      await until(() => clock.pendingWaits().length === 1, 'the 429 pause');
      const second = b(`${server.url}/b`);
      await until(() => clock.pendingWaits().length === 2, 'the other wrapper to hold');
      expect(clock.pendingWaits().map((t) => t.at)).toEqual([T0 + 5_000, T0 + 5_000]);
      expect(server.received).toHaveLength(1);
      clock.advance(5_000);
      expect((await Promise.all([first, second])).map((r) => r.status)).toEqual([200, 200]);
    } finally {
      await server.close();
    }
  });

  it('trackers on one store see the newest budget another observed, never an older one', () => {
    let now = T0;
    const store = createMemoryRateLimitStore();
    const a = createRateLimitTracker({ store, now: () => now });
    const b = createRateLimitTracker({ store, now: () => now });
    a.observe('partner', { status: 200, headers: budgetHeaders(40) });
    expect(b.state('partner')?.remaining).toBe(40);
    now += 1_000;
    b.observe('partner', { status: 200, headers: budgetHeaders(5) });
    expect(a.state('partner')?.remaining).toBe(5);
    expect(a.state('partner')?.buckets[0]?.low).toBe(true);
    // A late delivery of an older observation does not overwrite the newer one.
    store.recordBudget({
      upstream: 'partner',
      primary: 'default',
      observedAt: T0,
      buckets: [{ name: 'default', limit: 100, remaining: 90, resetAt: null, windowSeconds: null }],
    });
    expect(a.state('partner')?.remaining).toBe(5);
    b.pause('partner', T0 + 9_000, 'search');
    expect(a.pausedUntil('partner', 'search')).toBe(T0 + 9_000);
    expect(a.pausedUntil('partner', 'core')).toBe(0);
  });
});

/** A wrapper on `clock` whose own tracker (created by the wrapper) uses `store`. */
function onClock(clock: FakeClock, store: RateLimitStore, rate = { requests: 10, perMs: 1_000 }) {
  return createRateLimitedFetch({
    upstream: 'partner',
    rate,
    store,
    now: clock.now,
    sleep: clock.sleep,
  });
}

async function withStore(store: RateLimitStore) {
  const clock = createFakeClock(T0);
  const { server, url } = await setup([{ status: 200 }]);
  return { fetch: onClock(clock, store), clock, server, url };
}

describe('createRateLimitedFetch – a store that answers asynchronously', () => {
  it('asks again after `waitMs` when nothing was admitted, then sends', async () => {
    const asks: number[] = [];
    const answers: Admission[] = [
      { waitMs: 300, admitted: false },
      { waitMs: 200, admitted: false },
      { waitMs: 0, admitted: true },
    ];
    const listeners: RateLimitStoreListener[] = [];
    const store: RateLimitStore = {
      admit: async (_upstream, _rate, now) => {
        asks.push(now - T0);
        return answers.shift() ?? { waitMs: 0, admitted: true };
      },
      recordBudget: () => undefined,
      recordPause: () => undefined,
      subscribe: (listener) => {
        listeners.push(listener);
        return () => undefined;
      },
    };
    const { fetch, clock, server, url } = await withStore(store);
    const call = fetch(url);
    await until(() => clock.pendingWaits().length === 1, 'first answer');
    clock.advance(300);
    await until(() => asks.length === 2 && clock.pendingWaits().length === 1, 'second answer');
    expect(server.received).toHaveLength(0);
    clock.advance(200);
    expect((await call).status).toBe(200);
    expect(asks).toEqual([0, 300, 500]);
    // The tracker created for the wrapper subscribed to the store.
    expect(listeners).toHaveLength(1);
  });

  it('holds a send for a pause the store delivers with its admission', async () => {
    let listener: RateLimitStoreListener | undefined;
    const store: RateLimitStore = {
      admit: async () => {
        // Another replica's 429, learnt on the admission's round trip.
        listener?.pause('partner', T0 + 2_000, undefined);
        return { waitMs: 0, admitted: true };
      },
      recordBudget: () => undefined,
      recordPause: () => undefined,
      subscribe: (l) => {
        listener = l;
        return () => undefined;
      },
    };
    const { fetch, clock, server, url } = await withStore(store);
    const call = fetch(url);
    await until(() => clock.pendingWaits().length === 1, 'the shared pause');
    expect(clock.pendingWaits()[0]?.at).toBe(T0 + 2_000);
    expect(server.received).toHaveLength(0);
    clock.advance(2_000);
    expect((await call).status).toBe(200);
  });
});

describe('store option – bad configuration fails at creation', () => {
  it('rejects a store without the RateLimitStore methods, naming the option', () => {
    const bad = { admit: () => ({ waitMs: 0, admitted: true }) };
    for (const create of [
      () => createRateLimitedFetch({ upstream: 'p', store: bad as unknown as RateLimitStore }),
      () => createRateLimitTracker({ store: bad as unknown as RateLimitStore }),
    ]) {
      let error: unknown;
      try {
        create();
      } catch (e) {
        error = e;
      }
      expect(isRateLimitConfigError(error)).toBe(true);
      expect(String(error)).toMatch(/store.*missing recordBudget, recordPause, subscribe/);
    }
    expect(() => createMemoryRateLimitStore({ maxKeys: 0 })).toThrow(/maxKeys/);
  });
});

describe('createRateLimitedFetch – the client-side rate after a 429 pause', () => {
  it('queued calls go at the rate once the pause ends, not in one burst', async () => {
    const clock = createFakeClock(T0);
    const { server, url } = await setup([
      { status: 429, headers: { 'retry-after': '5' } },
      { status: 200 },
    ]);
    const sentAt: number[] = [];
    const fetch = createRateLimitedFetch({
      upstream: 'partner',
      rate: { requests: 2, perMs: 1_000 },
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      fetch: (input, init) => {
        sentAt.push(clock.now() - T0);
        return globalThis.fetch(input, init);
      },
    });
    const first = fetch(`${url}/a`);
    await until(() => clock.pendingWaits().length === 1, 'the 429 pause');
    const rest = ['/b', '/c', '/d'].map((path) => fetch(`${url}${path}`));
    const all = Promise.all([first, ...rest]);
    for (let step = 0; step < 20 && server.received.length < 5; step++) {
      await until(() => clock.pendingWaits().length > 0 || server.received.length === 5, 'a wait');
      const next = clock.pendingWaits()[0];
      if (next !== undefined) clock.advance(next.at - clock.now());
    }
    await all;
    expect(sentAt[0]).toBe(0);
    expect(Math.min(...sentAt.slice(1))).toBeGreaterThanOrEqual(5_000);
    // At most `requests` sends in any `perMs` window, the pause's end included.
    for (const start of sentAt) {
      expect(sentAt.filter((t) => t >= start && t < start + 1_000).length).toBeLessThanOrEqual(2);
    }
  });
});
