import { type RedisServer, redisServerAvailable, startRedisServer } from '@preflight/redis-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busiestWindow, runFleet } from './support/fleet.js';
import { type Partner, startPartner } from './support/partner.js';

const available = redisServerAvailable();
// The partner's own limit (20/s, the "40 per 2 s" rate, over a longer window), and the
// fleet rate every worker is configured with: 4 % below it, as headroom for the jitter between
// admission and arrival. A process stalled after its admission sends late, closer to the next
// send; on a loaded 2-core machine processes stall for 100 ms and more. 96 per 5 s keeps
// admissions 52.1 ms apart, so 101 sends in 5 s need a 208 ms squeeze.
const LIMIT = { requests: 100, perMs: 5_000 };
const FLEET_RATE = { requests: 96, perMs: 5_000 };
const RUN_MS = 10_000;
// Sends admitted before a 429 was answered and written to Redis can land this long after it.
const GRACE_MS = 300;
// The workers' Date.now and the partner's performance clock may differ by a few ms.
const CLOCK_SLACK_MS = 20;
const WORKERS = 4;
// The pause runs' rate: 100/s per window of 100 ms, so no worker's own budget runs out for long.
const PAUSE_RUN_RATE = { requests: 10, perMs: 100 };

describe.runIf(available)('a fleet of four worker processes against one partner', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  async function run(
    store: 'redis' | 'memory',
    partner: Partner,
    durationMs = RUN_MS,
    rate = FLEET_RATE,
  ) {
    const fleet = await runFleet({
      store,
      redisUrl: redis.url,
      partnerUrl: partner.url,
      workers: WORKERS,
      concurrency: 4,
      durationMs,
      rate,
      // Above the default 50 ms: this test is about sharing, and on a loaded 2-core CI machine
      // whole processes stall for hundreds of ms (faults.test.ts covers the fallback).
      timeoutMs: 1_000,
    });
    const accepted = partner.arrivals.filter((a) => a.status === 200).map((a) => a.at);
    // Steady state, while every worker pushes: from 1 s after the first send (workers read
    // `go` at slightly different moments) to 1 s before the run ends.
    const first = accepted[0] ?? Number.NaN;
    const steadyMs = durationMs - 2_000;
    const inSteady = accepted.filter((t) => t >= first + 1_000 && t < first + 1_000 + steadyMs);
    const figures = {
      store,
      arrivals: partner.arrivals.length,
      accepted: accepted.length,
      violations: partner.violations(),
      busiestWindow: busiestWindow(accepted, LIMIT.perMs),
      utilization: inSteady.length / ((steadyMs / LIMIT.perMs) * LIMIT.requests),
      perWorker: fleet.results.map((r) => r.statuses),
      fallbacks: fleet.results.flatMap((r) => r.fallbacks ?? []),
      violationsAt: partner.arrivals
        .filter((a) => a.status === 429)
        .map((a) => Math.round(a.at - fleet.startedAt)),
    };
    console.log(`fleet ${JSON.stringify(figures)}`);
    return { ...figures, startedAt: fleet.startedAt };
  }

  it('Redis store: 0 rate-limit violations at the partner and ≥ 90 % of its limit used', async () => {
    const partner = await startPartner({ limit: LIMIT });
    try {
      const figures = await run('redis', partner);
      expect(figures.violations).toBe(0);
      expect(figures.busiestWindow).toBeLessThanOrEqual(LIMIT.requests);
      expect(figures.utilization).toBeGreaterThanOrEqual(0.9);
      // Every worker got its share: the budget is shared, not won by one.
      for (const statuses of figures.perWorker) expect(statuses['200'] ?? 0).toBeGreaterThan(20);
    } finally {
      await partner.close();
    }
  }, 60_000);

  it('in-process store, same run: each worker spends the whole limit and the partner sees violations', async () => {
    const partner = await startPartner({ limit: LIMIT });
    try {
      const figures = await run('memory', partner);
      expect(figures.violations).toBeGreaterThan(0);
    } finally {
      await partner.close();
    }
  }, 60_000);

  /** One 429 (`Retry-After: 2`, to the 30th request) and what the fleet sent around it. */
  async function pauseRun(store: 'redis' | 'memory') {
    const partner = await startPartner({
      limit: { requests: 1_000_000, perMs: 1_000 }, // no limit of its own this time
      throttleRequest: { nth: 30, retryAfterSeconds: 2 },
    });
    try {
      // A short window: with FLEET_RATE an in-process worker may burst its whole 5 s budget
      // before the 30th request, and then sit out the pause for its own reason (seen on Node
      // 26), which would make the in-process control prove nothing.
      await run(store, partner, 6_000, PAUSE_RUN_RATE);
      const t429 = partner.throttledAt() ?? Number.NaN;
      const since = partner.arrivals.map((a) => ({ worker: a.worker, t: a.at - t429 }));
      const figures = {
        // Sends admitted before the 429 was answered and written may still land just after it.
        inFlight: since.filter((a) => a.t > 0 && a.t < GRACE_MS).length,
        duringPause: since.filter((a) => a.t >= GRACE_MS && a.t < 2_000 - CLOCK_SLACK_MS).length,
        resumed: [...new Set(since.filter((a) => a.t >= 2_000).map((a) => a.worker))].sort(),
      };
      console.log(`fleet pause ${store} ${JSON.stringify(figures)}`);
      return figures;
    } finally {
      await partner.close();
    }
  }

  it("fleet pause: one worker's 429 with Retry-After: 2 holds every worker for 2 s, then all resume", async () => {
    const figures = await pauseRun('redis');
    expect(figures.duringPause).toBe(0);
    expect(figures.inFlight).toBeLessThanOrEqual(WORKERS * 4);
    expect(figures.resumed).toEqual(['w1', 'w2', 'w3', 'w4']);
  }, 60_000);

  it('in-process store, same run: the other workers keep sending through the pause', async () => {
    const figures = await pauseRun('memory');
    expect(figures.duringPause).toBeGreaterThan(0);
  }, 60_000);
});
