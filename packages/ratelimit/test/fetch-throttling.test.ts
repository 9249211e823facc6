import { afterEach, describe, expect, it } from 'vitest';
import {
  createRateLimitedFetch,
  createRateLimitTracker,
  isRateLimitConfigError,
  isRetryAfterTooLongError,
  type RateLimitedFetchOptions,
} from '../src/index.js';
import { createFakeClock, drive, until } from './fake-clock.js';
import { type LoopbackServer, type Scripted, startServer } from './loopback-server.js';

const T0 = Date.UTC(2026, 0, 1);
let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(script: Scripted[], options: Partial<RateLimitedFetchOptions> = {}) {
  server = await startServer(script);
  const clock = createFakeClock(T0);
  const fetch = createRateLimitedFetch({
    upstream: 'partner',
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    ...options,
  });
  return { fetch, clock, server, url: server.url };
}

describe('createRateLimitedFetch – shared pause after a 429', () => {
  it('holds every queued request until the one pause ends, then all go together', async () => {
    const { fetch, clock, server, url } = await setup([
      { status: 429, headers: { 'retry-after': '10' } },
      { status: 200 },
    ]);
    const first = fetch(`${url}/a`);
    await until(() => clock.pendingWaits().length === 1, 'the 429 pause');
    const second = fetch(`${url}/b`);
    const third = fetch(`${url}/c`);
    await until(() => clock.pendingWaits().length === 3, 'queued requests to join the pause');
    // One pause, shared: every waiter wakes at the same instant, T0 + 10 s.
    expect(new Set(clock.pendingWaits().map((t) => t.at))).toEqual(new Set([T0 + 10_000]));
    clock.advance(9_999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.received).toHaveLength(1);
    clock.advance(1);
    const responses = await Promise.all([first, second, third]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(server.received.map((r) => r.url).sort()).toEqual(['/a', '/a', '/b', '/c']);
  });

  it('shares the pause between wrappers that share a tracker, each with its own fetch', async () => {
    server = await startServer([{ status: 429, headers: { 'retry-after': '4' } }, { status: 200 }]);
    const clock = createFakeClock(T0);
    const tracker = createRateLimitTracker({ now: clock.now });
    const seen: string[] = [];
    const instrumented =
      (name: string): typeof globalThis.fetch =>
      (input, init) => {
        seen.push(name);
        return globalThis.fetch(input, init);
      };
    const common = { upstream: 'partner', tracker, sleep: clock.sleep, random: () => 0.5 };
    const orders = createRateLimitedFetch({ ...common, fetch: instrumented('orders') });
    const points = createRateLimitedFetch({ ...common, fetch: instrumented('points') });
    const a = orders(`${server.url}/orders`);
    await until(() => clock.pendingWaits().length === 1, 'pause');
    const b = points(`${server.url}/points`);
    await until(() => clock.pendingWaits().length === 2, 'second wrapper to wait');
    expect(server.received).toHaveLength(1);
    clock.advance(4_000);
    expect((await Promise.all([a, b])).map((r) => r.status)).toEqual([200, 200]);
    expect(seen.sort()).toEqual(['orders', 'orders', 'points']);
    expect(tracker.state('partner')).toBeDefined();
  });
});

describe('createRateLimitedFetch – per-bucket pauses', () => {
  const searchLimited: Scripted = {
    status: 429,
    headers: { 'retry-after': '7', 'x-ratelimit-remaining': '0', 'x-ratelimit-resource': 'search' },
  };
  const byPath = ({ url }: { url: string }) =>
    new URL(url).pathname.startsWith('/search') ? 'search' : 'core';

  it('pauses only the bucket a 429 names when requests are mapped to buckets', async () => {
    const { fetch, clock, server, url } = await setup([searchLimited, { status: 200 }], {
      bucket: byPath,
    });
    const search = fetch(`${url}/search/issues`);
    await until(() => clock.pendingWaits().length === 1, 'search pause');
    const core = await fetch(`${url}/repos/x`);
    expect(core.status).toBe(200);
    const laterSearch = fetch(`${url}/search/code`);
    await until(() => clock.pendingWaits().length === 2, 'second search request to wait');
    expect(server.received.map((r) => r.url)).toEqual(['/search/issues', '/repos/x']);
    clock.advance(7_000);
    expect((await Promise.all([search, laterSearch])).map((r) => r.status)).toEqual([200, 200]);
  });

  it('pauses every request of the upstream when no bucket mapping is configured', async () => {
    const { fetch, clock, server, url } = await setup([searchLimited, { status: 200 }]);
    const search = fetch(`${url}/search/issues`);
    await until(() => clock.pendingWaits().length === 1, 'search pause');
    const core = fetch(`${url}/repos/x`);
    await until(() => clock.pendingWaits().length === 2, 'core request to wait');
    expect(server.received).toHaveLength(1);
    clock.advance(7_000);
    await Promise.all([search, core]);
    expect(server.received).toHaveLength(3);
  });

  it('treats a throwing bucket mapping as "every bucket"', async () => {
    const { fetch, clock, server, url } = await setup([searchLimited, { status: 200 }], {
      bucket: () => {
        throw new Error('bad mapping');
      },
    });
    const first = fetch(`${url}/search/issues`);
    await until(() => clock.pendingWaits().length === 1, 'pause');
    const second = fetch(`${url}/repos/x`);
    await until(() => clock.pendingWaits().length === 2, 'second request to wait');
    clock.advance(7_000);
    await Promise.all([first, second]);
    expect(server.received).toHaveLength(3);
  });
});

describe('createRateLimitedFetch – client-side rate', () => {
  it('sends at most `requests` per `perMs` window, later calls queued in order', async () => {
    const { fetch, clock, server, url } = await setup([{ status: 200 }], {
      rate: { requests: 2, perMs: 1_000 },
    });
    const calls = [1, 2, 3, 4, 5].map((n) => fetch(`${url}/${n}`));
    await until(
      () => server.received.length === 2 && clock.pendingWaits().length === 3,
      'first window',
    );
    expect(clock.pendingWaits().map((t) => t.at - T0)).toEqual([1_000, 1_000, 2_000]);
    clock.advance(1_000);
    await until(() => server.received.length === 4, 'second window');
    clock.advance(1_000);
    await Promise.all(calls);
    expect(server.received.map((r) => r.url)).toEqual(['/1', '/2', '/3', '/4', '/5']);
  });
});

describe('createRateLimitedFetch – pacing from observed budgets', () => {
  it('waits for the reset before sending when the budget is exhausted', async () => {
    const { fetch, clock, server, url } = await setup([
      {
        status: 200,
        headers: { 'ratelimit-limit': '100', 'ratelimit-remaining': '0', 'ratelimit-reset': '20' },
      },
      { status: 200 },
    ]);
    await drive(clock, fetch(url));
    const { value } = await drive(clock, fetch(url));
    expect(value?.status).toBe(200);
    expect(clock.waits).toEqual([20_000]);
    expect(server.received).toHaveLength(2);
  });

  it('paces the same with a tracker of another implementation (only the public methods)', async () => {
    server = await startServer([
      { status: 200, headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': '20' } },
      { status: 200 },
    ]);
    const clock = createFakeClock(T0);
    const real = createRateLimitTracker({ now: clock.now });
    const tracker = { ...real }; // a spread copy keeps only the documented methods
    const fetch = createRateLimitedFetch({ upstream: 'partner', tracker, sleep: clock.sleep });
    await drive(clock, fetch(server.url));
    await drive(clock, fetch(server.url));
    expect(clock.waits).toEqual([20_000]);
  });

  it('fails fast, before sending, when the reset is further away than maxWaitMs', async () => {
    const { fetch, clock, server, url } = await setup([
      {
        status: 200,
        headers: {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': '3600',
        },
      },
    ]);
    await drive(clock, fetch(url));
    const { error } = await drive(clock, fetch(url));
    expect(isRetryAfterTooLongError(error)).toBe(true);
    expect((error as { attempts: number }).attempts).toBe(0);
    expect(server.received).toHaveLength(1);
  });

  it('spreads a low budget over the time left in its window', async () => {
    // 4 left of 100 (below 10 %) with 8 s to go: one request every 2 s.
    const { fetch, clock, url } = await setup([
      {
        status: 200,
        headers: { 'ratelimit-limit': '100', 'ratelimit-remaining': '4', 'ratelimit-reset': '8' },
      },
    ]);
    await drive(clock, fetch(url));
    const second = drive(clock, fetch(url));
    await second;
    expect(clock.waits).toEqual([]);
    await drive(clock, fetch(url));
    expect(clock.waits).toEqual([2_000]);
  });

  it('does not pace a healthy budget', async () => {
    const { fetch, clock, url } = await setup([
      {
        status: 200,
        headers: { 'ratelimit-limit': '100', 'ratelimit-remaining': '50', 'ratelimit-reset': '60' },
      },
    ]);
    for (let i = 0; i < 3; i++) await drive(clock, fetch(url));
    expect(clock.waits).toEqual([]);
  });

  it('can be switched off with pace: false', async () => {
    const { fetch, clock, server, url } = await setup(
      [{ status: 200, headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': '20' } }],
      { pace: false },
    );
    await drive(clock, fetch(url));
    await drive(clock, fetch(url));
    expect(clock.waits).toEqual([]);
    expect(server.received).toHaveLength(2);
  });
});

describe('createRateLimitedFetch – options', () => {
  it.each([
    [{}, 'upstream'],
    [{ upstream: '' }, 'upstream'],
    [{ upstream: 'p', fetch: 'fetch' }, 'fetch'],
    [{ upstream: 'p', rate: { requests: 0, perMs: 1000 } }, 'rate.requests'],
    [{ upstream: 'p', rate: { requests: 100, perMs: -1 } }, 'rate.perMs'],
    [{ upstream: 'p', rate: 100 }, 'rate'],
    [{ upstream: 'p', maxAttempts: 0 }, 'maxAttempts'],
    [{ upstream: 'p', maxAttempts: 2.5 }, 'maxAttempts'],
    [{ upstream: 'p', backoffBaseMs: Number.NaN }, 'backoffBaseMs'],
    [{ upstream: 'p', backoffBaseMs: 5000, backoffMaxMs: 1000 }, 'backoffMaxMs'],
    [{ upstream: 'p', attemptTimeoutMs: 0 }, 'attemptTimeoutMs'],
    [{ upstream: 'p', maxWaitMs: -5 }, 'maxWaitMs'],
    [{ upstream: 'p', idempotencyKey: 'yes' }, 'idempotencyKey'],
    [{ upstream: 'p', idempotencyKeyHeader: 'bad header' }, 'idempotencyKeyHeader'],
    [{ upstream: 'p', maxErrorBodyBytes: -1 }, 'maxErrorBodyBytes'],
    [{ upstream: 'p', onGiveUp: 'dlq' }, 'onGiveUp'],
    [{ upstream: 'p', tracker: {} }, 'tracker'],
    [{ upstream: 'p', pace: 'yes' }, 'pace'],
    [{ upstream: 'p', sleep: 10 }, 'sleep'],
    [{ upstream: 'p', bucket: 'search' }, 'bucket'],
    [{ upstream: 'p', tracker: createRateLimitTracker(), meter: {} }, 'meter'],
    [{ upstream: 'p', retries: 3 }, 'options.retries'],
  ])('rejects %j naming the option %s', (options, option) => {
    let caught: unknown;
    try {
      createRateLimitedFetch(options as never);
    } catch (error) {
      caught = error;
    }
    expect(isRateLimitConfigError(caught)).toBe(true);
    expect((caught as { option: string }).option).toBe(option);
    expect((caught as Error).message).toMatch(/^@preflight\/ratelimit: option `/);
  });

  it('rejects a missing options object', () => {
    expect(() => createRateLimitedFetch(undefined as never)).toThrow(/option `options`/);
  });
});
