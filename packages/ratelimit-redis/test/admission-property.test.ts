import { type RedisServer, redisServerAvailable, startRedisServer } from '@preflight/test-harness';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRateLimitStore } from '../src/index.js';
import { busiestWindow } from './support/fleet.js';

const available = redisServerAvailable();

describe.runIf(available)('admission – property against a real redis-server', () => {
  let redis: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedisServer();
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  it('never admits more than `requests` in any `perMs` window, whatever the arrivals and the callers’ clocks', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          requests: fc.integer({ min: 1, max: 6 }),
          perMs: fc.integer({ min: 20, max: 200 }),
        }),
        // Arrival pattern: after `gapMs`, `burst` callers ask at once.
        fc.array(
          fc.record({
            gapMs: fc.integer({ min: 0, max: 60 }),
            burst: fc.integer({ min: 1, max: 4 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        // Each caller's clock is off by its own skew (replicas' clocks disagree).
        fc.array(fc.integer({ min: -86_400_000, max: 86_400_000 }), { minLength: 4, maxLength: 4 }),
        async (rate, arrivals, skews) => {
          run += 1;
          const admittedAtUs: number[] = [];
          // The real client behind a recorder of the Redis time each admission was given at.
          const recording = {
            call: async (command: string, ...args: string[]) => {
              const reply = await client.call(command, ...args);
              if ((command === 'EVALSHA' || command === 'EVAL') && Array.isArray(reply)) {
                if (reply.length === 5 && Number(reply[0]) === 1)
                  // The turn taken: the answer's Redis time plus the wait until that turn.
                  admittedAtUs.push(Number(reply[4]) + Math.round(Number(reply[1]) * 1000));
              }
              return reply;
            },
          };
          const store = createRedisRateLimitStore({ client: recording, timeoutMs: 5_000 });
          const upstream = `property-${run}`;
          let admitted = 0;
          for (const { gapMs, burst } of arrivals) {
            if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
            const answers = await Promise.all(
              Array.from({ length: burst }, (_, i) =>
                store.admit(upstream, rate, Date.now() + (skews[i] ?? 0)),
              ),
            );
            for (const answer of answers) {
              expect(answer.waitMs).toBeGreaterThanOrEqual(0);
              expect(answer.waitMs).toBeLessThanOrEqual(rate.perMs / rate.requests + 1);
              if (answer.admitted) admitted += 1;
            }
          }
          expect(admittedAtUs).toHaveLength(admitted);
          expect(admitted).toBeGreaterThanOrEqual(1); // the first ask on a fresh key goes
          admittedAtUs.sort((a, b) => a - b);
          expect(busiestWindow(admittedAtUs, rate.perMs * 1000)).toBeLessThanOrEqual(rate.requests);
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);
});
