import {
  type RedisServer,
  redisServerAvailable,
  startRedisServer,
  until,
} from '@preflight/test-harness';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signStandardWebhook } from '../src/index.js';
import { createRedisQueue } from '../src/redis.js';
import { type ReceiverProcess, spawnReceiver } from './support/spawn-receiver.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** One signed delivery, redelivered (as a partner does) while the answer is 503. */
async function deliver(url: string, id: string): Promise<number> {
  const body = JSON.stringify({ type: 'payment.succeeded', data: { id } });
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const res = await fetch(`${url}/wh`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signStandardWebhook(SECRET, id, Date.now() / 1000, body),
      },
      body,
    });
    await res.arrayBuffer();
    if (res.status !== 503) return res.status;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${id}: still 503 after 50 deliveries`);
}

describe.runIf(redisServerAvailable())('receivers in separate processes on one Redis', () => {
  let redis: RedisServer;
  let client: Redis;
  let children: ReceiverProcess[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    client = new Redis(redis.url);
  });
  afterEach(async () => {
    for (const c of children) await c.kill('SIGKILL');
    children = [];
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });
  const start = async (name: string, extra: Record<string, string> = {}) => {
    const r = await spawnReceiver({ REDIS_URL: redis.url, QUEUE_NAME: name, SECRET, ...extra });
    children.push(r);
    return r;
  };

  it('the same event delivered to both of two receivers is processed once', {
    timeout: 90_000,
  }, async () => {
    const name = 'two-replicas';
    const [a, b] = await Promise.all([start(name), start(name)]);
    const ids = Array.from({ length: 20 }, (_, i) => `msg_both_${i}`);
    const statuses = await Promise.all(
      ids.flatMap((id) => [deliver(a.url, id), deliver(b.url, id)]),
    );
    // Each id: one 202 (stored) and one 200 (duplicate); never two 202s.
    expect(statuses.filter((s) => s === 202)).toHaveLength(20);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    const observer = createRedisQueue({ connection: redis.url, name });
    await until(
      async () =>
        (await client.hlen(`${name}:effects`)) === 20 && (await observer.stats()).backlog === 0,
      'all 20 effects recorded and the backlog empty',
      { timeoutMs: 30_000 },
    );
    await observer.close();
    const runs = await client.hgetall(`${name}:runs`);
    expect(Object.keys(runs).sort()).toEqual([...ids].sort());
    expect(Object.values(runs).every((n) => n === '1')).toBe(true);
  });

  it('SIGKILL right after acknowledging 100 deliveries, then a restart: all 100 processed exactly once or dead-lettered, none lost', {
    timeout: 120_000,
  }, async () => {
    const name = 'crash';
    // A slow handler, so most acknowledged events are still queued or running at the kill.
    const first = await start(name, { HANDLER_DELAY_MS: '40' });
    const ids = Array.from({ length: 100 }, (_, i) => `msg_crash_${i}`);
    let next = 0;
    let acknowledged = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < ids.length) {
          const id = ids[next++] as string;
          const status = await deliver(first.url, id);
          if (status === 202) acknowledged += 1;
        }
      }),
    );
    await first.kill('SIGKILL');
    expect(acknowledged).toBe(100);
    const doneAtKill = await client.hlen(`${name}:effects`);
    const runsAtKill = Object.values(await client.hgetall(`${name}:runs`)).reduce(
      (a, v) => a + Number(v),
      0,
    );
    // The jobs the killed worker still held (BullMQ's active list keeps them until the stalled
    // check hands them on): running ones, and ones whose effect is written but whose completion
    // never reached Redis. Only these may run again; `runs - effects` misses the second kind.
    const heldAtKill = await client.lrange(`preflight:${name}:active`, 0, -1);

    const restarted = await start(name);
    const observer = createRedisQueue({ connection: redis.url, name });
    const startedAt = Date.now();
    await until(
      async () => {
        const s = await observer.stats();
        return s.backlog === 0 && (await client.hlen(`${name}:effects`)) + s.deadLetter === 100;
      },
      'every event an effect or a dead letter, the backlog empty',
      { timeoutMs: 60_000 },
    );
    const recoveryMs = Date.now() - startedAt;
    const effects = await client.hgetall(`${name}:effects`);
    const dead = (await observer.deadLetters(200)).map((d) => d.event.id);
    await observer.close();
    await restarted.kill('SIGTERM');
    const runsById = await client.hgetall(`${name}:runs`);
    const repeated = Object.keys(runsById).filter((id) => Number(runsById[id]) > 1);
    const handledTwice = repeated.length;
    console.info(
      `crash test: 100 acknowledged; at SIGKILL ${doneAtKill} done, ${runsAtKill - doneAtKill} running, ` +
        `${100 - runsAtKill} queued, ${heldAtKill.length} held by the worker; after restart all ${Object.keys(effects).length} processed + ${dead.length} dead-lettered ` +
        `in ${recoveryMs} ms; ${handledTwice} handler runs repeated (in flight at the kill), 0 lost`,
    );
    // Every acknowledged event: its effect applied exactly once, or in the dead-letter queue.
    for (const id of ids) expect(id in effects || dead.includes(id), id).toBe(true);
    expect(Object.keys(effects).length + dead.length).toBe(100);
    // Only events the killed worker held may have run twice (at-least-once delivery), and it
    // held at most its concurrency (4).
    expect(heldAtKill.length).toBeLessThanOrEqual(4);
    const heldIds = await Promise.all(
      heldAtKill.map(
        async (jobId) => (await client.hget(`preflight:${name}:${jobId}`, 'data')) ?? '',
      ),
    );
    for (const id of repeated)
      expect(
        heldIds.some((data) => data.includes(`"${id}"`)),
        id,
      ).toBe(true);
  });
});
