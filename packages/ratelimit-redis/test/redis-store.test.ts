import { createHash } from 'node:crypto';
import type { RateLimitStoreListener, SharedBudget } from '@preflight/ratelimit';
import {
  type RedisServer,
  redisServerAvailable,
  startRedisServer,
  until,
} from '@preflight/test-harness';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRateLimitStore, isRedisStoreConfigError } from '../src/index.js';
import { ADMIT_SCRIPT } from '../src/scripts.js';

// The SHA every admission's EVALSHA names.
const ADMIT_SHA = createHash('sha1').update(ADMIT_SCRIPT).digest('hex');

const available = redisServerAvailable();
const RATE = { requests: 5, perMs: 1_000 };
// These tests are about shared behaviour: on a loaded CI machine a 50 ms bound would turn some
// of them into fallback tests (faults.test.ts covers the bound itself).
const SHARED_TIMEOUT_MS = 1_000;

function recorder() {
  const budgets: SharedBudget[] = [];
  const pauses: Array<{ upstream: string; untilMs: number; bucket: string | undefined }> = [];
  const listener: RateLimitStoreListener = {
    budget: (b) => budgets.push(b),
    pause: (upstream, untilMs, bucket) => pauses.push({ upstream, untilMs, bucket }),
  };
  return { budgets, pauses, listener };
}

/**
 * Resolves once Redis has run every command `client` was given so far: one connection's
 * commands run in order, so its PING reply comes after their effects. The store's writes are
 * fire-and-forget on its client; a fixed sleep before reading them was a race on a loaded
 * machine (a client still connecting holds them in its offline queue for as long as that takes).
 */
const written = async (client: Redis) => {
  await client.ping();
};

describe.runIf(available)('createRedisRateLimitStore – against a real redis-server', () => {
  let redis: RedisServer;
  const clients: Redis[] = [];
  const client = () => {
    const c = new Redis(redis.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await clients[0]?.flushall();
  });
  afterAll(async () => {
    for (const c of clients.splice(0)) c.disconnect();
    await redis?.stop();
  });

  it('admits one send per emission interval: the next turn is taken, a later one asked for again', async () => {
    const store = createRedisRateLimitStore({ timeoutMs: SHARED_TIMEOUT_MS, client: client() });
    const started = performance.now();
    const first = await store.admit('partner', RATE, Date.now());
    const second = await store.admit('partner', RATE, Date.now());
    const third = await store.admit('partner', RATE, Date.now());
    const elapsed = performance.now() - started;
    expect(first).toEqual({ waitMs: 0, admitted: true });
    // 1000 ms / 5 = 200 ms between turns: the second takes the next one...
    expect(second.admitted).toBe(true);
    expect(second.waitMs).toBeGreaterThanOrEqual(200 - elapsed);
    expect(second.waitMs).toBeLessThanOrEqual(200);
    // ...the third would be two turns away: nothing is taken, ask again when the second's turn
    // has come (a round trip early, to reach Redis as its own turn becomes the next one).
    expect(third.admitted).toBe(false);
    expect(third.waitMs).toBeGreaterThanOrEqual(200 - 2 * elapsed);
    expect(third.waitMs).toBeLessThanOrEqual(200);
  });

  it('shares admission between two clients (two replicas) of one Redis', async () => {
    const a = createRedisRateLimitStore({ timeoutMs: SHARED_TIMEOUT_MS, client: client() });
    const b = createRedisRateLimitStore({ timeoutMs: SHARED_TIMEOUT_MS, client: client() });
    expect(await a.admit('partner', RATE, Date.now())).toEqual({ waitMs: 0, admitted: true });
    // b gets the turn after a's, not one of its own.
    expect((await b.admit('partner', RATE, Date.now())).waitMs).toBeGreaterThan(100);
    expect((await a.admit('partner', RATE, Date.now())).admitted).toBe(false);
    // Another upstream has its own budget.
    expect((await b.admit('other', RATE, Date.now())).admitted).toBe(true);
  });

  it('hash-tags every key per upstream and gives every key an expiry', async () => {
    const c = client();
    const store = createRedisRateLimitStore({
      timeoutMs: SHARED_TIMEOUT_MS,
      client: c,
      prefix: 'app:',
    });
    await store.admit('part{ner}', RATE, Date.now());
    const now = Date.now();
    store.recordPause('part{ner}', now + 5_000, undefined);
    store.recordBudget({
      upstream: 'part{ner}',
      primary: 'core',
      observedAt: now,
      buckets: [
        { name: 'core', limit: 100, remaining: 7, resetAt: now + 30_000, windowSeconds: 60 },
      ],
    });
    await until(async () => (await c.keys('app:*')).length === 3, 'three keys', {
      timeoutMs: 5_000,
    });
    const keys = (await c.keys('app:*')).sort();
    expect(keys).toEqual([
      'app:{part%7Bner%7D}:admit:5/1000',
      'app:{part%7Bner%7D}:budgets',
      'app:{part%7Bner%7D}:pauses',
    ]);
    for (const key of keys) expect(await c.pttl(key)).toBeGreaterThan(0);
    expect(await c.pttl('app:{part%7Bner%7D}:budgets')).toBeLessThanOrEqual(31_000);
  });

  it('reloads its scripts when Redis lost them (NOSCRIPT after SCRIPT FLUSH)', async () => {
    const c = client();
    const store = createRedisRateLimitStore({
      timeoutMs: SHARED_TIMEOUT_MS,
      client: c,
      logger: { warn: () => undefined },
    });
    await store.admit('partner', RATE, Date.now());
    await c.script('FLUSH');
    await new Promise((r) => setTimeout(r, 250));
    expect(await store.admit('partner', RATE, Date.now())).toEqual({ waitMs: 0, admitted: true });
    const [loaded] = (await c.script('EXISTS', ADMIT_SHA)) as number[];
    expect(loaded).toBe(1);
  });

  it("delivers another replica's 429 pause and newest budget with the next admission", async () => {
    const aClient = client();
    const a = createRedisRateLimitStore({ timeoutMs: SHARED_TIMEOUT_MS, client: aClient });
    const b = createRedisRateLimitStore({ timeoutMs: SHARED_TIMEOUT_MS, client: client() });
    const seen = recorder();
    b.subscribe(seen.listener);
    const now = Date.now();
    a.recordPause('partner', now + 2_000, undefined);
    a.recordPause('partner', now + 1_000, 'search'); // a shorter one for one bucket
    a.recordBudget({
      upstream: 'partner',
      primary: 'core',
      observedAt: now,
      buckets: [
        { name: 'core', limit: 100, remaining: 3, resetAt: now + 9_000, windowSeconds: null },
      ],
    });
    // An older observation written later never replaces the newer one.
    a.recordBudget({
      upstream: 'partner',
      primary: 'core',
      observedAt: now - 500,
      buckets: [
        { name: 'core', limit: 100, remaining: 90, resetAt: now + 9_000, windowSeconds: null },
      ],
    });
    await written(aClient);
    await b.admit('partner', RATE, Date.now());
    expect(seen.pauses.sort((x, y) => x.untilMs - y.untilMs)).toEqual([
      { upstream: 'partner', untilMs: now + 1_000, bucket: 'search' },
      { upstream: 'partner', untilMs: now + 2_000, bucket: undefined },
    ]);
    expect(seen.budgets).toEqual([
      {
        upstream: 'partner',
        primary: 'core',
        observedAt: now,
        buckets: [
          { name: 'core', limit: 100, remaining: 3, resetAt: now + 9_000, windowSeconds: null },
        ],
      },
    ]);
    // Pauses only extend: a shorter one for the same scope does not shorten it.
    a.recordPause('partner', now + 1_500, undefined);
    await written(aClient);
    seen.pauses.length = 0;
    await b.admit('partner', RATE, Date.now());
    expect(seen.pauses).toEqual([]);
  });

  it('works the same through a node-redis client', async () => {
    const nodeRedis = createClient({ url: redis.url });
    await nodeRedis.connect();
    try {
      const store = createRedisRateLimitStore({ timeoutMs: SHARED_TIMEOUT_MS, client: nodeRedis });
      const otherClient = client();
      const other = createRedisRateLimitStore({
        timeoutMs: SHARED_TIMEOUT_MS,
        client: otherClient,
      });
      expect(await store.admit('partner', RATE, Date.now())).toEqual({ waitMs: 0, admitted: true });
      expect((await other.admit('partner', RATE, Date.now())).waitMs).toBeGreaterThan(100);
      const seen = recorder();
      store.subscribe(seen.listener);
      other.recordPause('partner', Date.now() + 3_000, undefined);
      await written(otherClient);
      await store.admit('partner', RATE, Date.now());
      expect(seen.pauses).toHaveLength(1);
    } finally {
      await nodeRedis.quit();
    }
  });
});

describe('createRedisRateLimitStore – bad configuration fails at creation', () => {
  const fakeClient = { call: async () => 'OK' };
  it.each([
    [{ client: {} }, 'client'],
    [{ client: fakeClient, timeoutMs: 0 }, 'timeoutMs'],
    [{ client: fakeClient, fallback: { replicas: 0 } }, 'fallback.replicas'],
    [
      { client: fakeClient, fallback: { rate: { requests: 0, perMs: 10 } } },
      'fallback.rate.requests',
    ],
    [{ client: fakeClient, prefix: 'a{b' }, 'prefix'],
    [{ client: fakeClient, logger: {} }, 'logger'],
    [{ client: fakeClient, timeout: 5 }, 'timeout'],
  ])('rejects %j naming `%s`', (options, option) => {
    let error: unknown;
    try {
      createRedisRateLimitStore(options as never);
    } catch (e) {
      error = e;
    }
    expect(isRedisStoreConfigError(error)).toBe(true);
    expect((error as { option: string }).option).toBe(option);
  });
});
