import { createRateLimitedFetch, type FetchFunction } from '@preflight/ratelimit';
import {
  type RedisServer,
  redisServerAvailable,
  startRedisServer,
  until,
} from '@preflight/test-harness';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisRateLimitStore, RATELIMIT_REDIS_METRICS } from '../src/index.js';
import { createAdmissionStamps } from './support/admission-stamps.js';
import { createTestMeter } from './support/metrics.js';
import { type Partner, startPartner } from './support/partner.js';
import { startStallMeter } from './support/stall-meter.js';

const available = redisServerAvailable();
// Fleet rate 20/s; four replicas stated, so the fallback admits 5/s (one per 200 ms).
const RATE = { requests: 20, perMs: 1_000 };
const FALLBACK_INTERVAL_MS = 200;
const TIMEOUT_MS = 50;

describe.runIf(available)('createRedisRateLimitStore – when Redis goes away', () => {
  let redis: RedisServer;
  let partner: Partner;
  let client: Redis;
  let warnings: string[];
  let infos: string[];
  let telemetry: ReturnType<typeof createTestMeter>;
  let fetch: FetchFunction;
  let stamps: ReturnType<typeof createAdmissionStamps>;

  beforeEach(async () => {
    redis = await startRedisServer();
    partner = await startPartner({ limit: { requests: 1_000_000, perMs: 1_000 } });
    // A client as apps configure one, reconnecting by itself; its offline queue is on.
    client = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    client.on('error', () => undefined); // reconnect errors while Redis is stopped
    warnings = [];
    infos = [];
    telemetry = createTestMeter();
    const store = createRedisRateLimitStore({
      client,
      timeoutMs: TIMEOUT_MS,
      retryMs: 200,
      fallback: { replicas: 4 },
      meter: telemetry.meter,
      logger: {
        warn: (_o, msg) => warnings.push(msg),
        info: (_o, msg) => infos.push(msg),
      },
    });
    // Each send carries the turn the store gave it: the fallback rate is judged on those.
    stamps = createAdmissionStamps();
    fetch = createRateLimitedFetch({
      upstream: 'partner',
      store: stamps.store(store),
      rate: RATE,
      fetch: stamps.fetch(),
    });
  });
  afterEach(async () => {
    client.disconnect();
    await partner.close();
    await redis.stop();
  });

  /** Pushes with `loops` concurrent callers until `stop()`; counts outcomes. */
  function push(loops: number) {
    let running = true;
    const outcome = { ok: 0, failed: 0 };
    const done = Promise.all(
      Array.from({ length: loops }, async () => {
        while (running) {
          try {
            const res = await stamps.run(() => fetch(partner.url));
            await res.arrayBuffer();
            outcome.ok += 1;
          } catch {
            outcome.failed += 1;
          }
        }
      }),
    );
    return {
      outcome,
      stop: async () => {
        running = false;
        await done;
      },
    };
  }

  const sentBetween = (from: number, to: number) =>
    partner.arrivals.filter((a) => a.at >= from && a.at < to).length;
  /**
   * Sends whose admitted turn lies in [from, to): the fallback spaces turns, while arrivals of
   * turns 200 ms apart come together when this process stalls in between.
   */
  const turnsBetween = (from: number, to: number) =>
    partner.arrivals.filter((a) => a.turnAt !== undefined && a.turnAt >= from && a.turnAt < to)
      .length;

  it('stopped mid-run: no failure, the fallback rate, one warning; restarted: shared again', async () => {
    const load = push(4);
    await until(() => partner.arrivals.length >= 10, 'shared admissions');
    await redis.stop();
    await until(() => warnings.length > 0, 'the fallback warning');
    // Measure a settled stretch of the outage: 2 s at one send per 200 ms, over the window that
    // actually elapsed (a timer on a loaded machine fires late), on the turns the store gave.
    await new Promise((r) => setTimeout(r, 300));
    const from = Date.now();
    await new Promise((r) => setTimeout(r, 2_000));
    const to = Date.now();
    const during = turnsBetween(from, to);
    console.log(
      `fallback: ${during} turns, ${sentBetween(from, to)} arrivals in ${Math.round(to - from)} ms`,
    );
    expect(during).toBeGreaterThanOrEqual(5);
    expect(during).toBeLessThanOrEqual(Math.floor((to - from) / FALLBACK_INTERVAL_MS) + 1);
    // Nothing piles up in the client while Redis is gone: only the probes are sent.
    const queued = (client as unknown as { offlineQueue?: { length: number } }).offlineQueue;
    expect(queued?.length ?? 0).toBeLessThanOrEqual(5);
    expect(warnings).toEqual([
      'rate-limit store: Redis unavailable, admitting with the local fallback limiter',
    ]);

    const resumedBefore = infos.length;
    await redis.restart();
    await until(() => infos.length > resumedBefore, 'shared admission to resume');
    await until(async () => (await client.keys('*admit*')).length > 0, 'admissions in Redis');
    const resumedAt = Date.now();
    await new Promise((r) => setTimeout(r, 1_000));
    await load.stop();
    // Shared again: 20/s, well above the fallback's 5/s.
    expect(sentBetween(resumedAt, resumedAt + 1_000)).toBeGreaterThan(10);
    expect(load.outcome.failed).toBe(0);
    expect(warnings).toHaveLength(1);
    // Every switch counts (Redis may answer once more while it shuts down: two switches).
    expect(await telemetry.sum(RATELIMIT_REDIS_METRICS.fallbacks)).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('paused (accepts connections, never answers): requests go within timeoutMs plus the fallback wait', async () => {
    expect((await fetch(partner.url)).status).toBe(200);
    redis.pause();
    // Everything a request waits for here runs in this process (the store, its timers, the
    // partner): time in which this process did not run at all is the machine's, not the store's.
    const stalls = startStallMeter();
    try {
      const latencies: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        const started = performance.now();
        const res = await fetch(partner.url);
        await res.arrayBuffer();
        const ended = performance.now();
        latencies.push(ended - started - stalls.stalledBetween(started, ended));
        expect(res.status).toBe(200);
      }
      console.log(`paused Redis: request latencies without stalls ${latencies.map(Math.round)}`);
      // The first waits out one timeout (then the fallback's primed interval); the rest only
      // the fallback's spacing. Slack for a loaded machine: 250 ms per request.
      for (const ms of latencies)
        expect(ms).toBeLessThan(TIMEOUT_MS + FALLBACK_INTERVAL_MS * 2 + 250);
      expect(warnings).toHaveLength(1);
    } finally {
      stalls.stop();
      redis.resume();
    }
    await until(() => infos.length > 0, 'shared admission to resume');
    const durations = await telemetry.points(RATELIMIT_REDIS_METRICS.storeDuration);
    const outcomes = durations.map(
      (point) => (point as { attributes: { outcome?: unknown } }).attributes.outcome,
    );
    expect(outcomes).toContain('timeout');
    expect(outcomes).toContain('ok');
  }, 60_000);
});
