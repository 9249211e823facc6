import {
  type RedisServer,
  redisServerAvailable,
  startRedisServer,
  until,
} from '@preflight/test-harness';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createWebhookMetrics,
  createWebhookVerifier,
  signStandardWebhook,
  type WebhookEvent,
  type WebhookQueue,
  webhookReceiver,
} from '../src/index.js';
import { createRedisDedupeStore, createRedisQueue } from '../src/redis.js';
import { sample, testMeter } from './support/metrics.js';
import { serve } from './support/serve.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const event = (id: string, receivedAt = Date.now()): WebhookEvent => ({
  id,
  source: 'partner',
  receivedAt,
  timestamp: receivedAt,
  payload: { id },
});

describe.runIf(redisServerAvailable())('Redis dedupe store and queue (real redis-server)', () => {
  let redis: RedisServer;
  let closers: (() => Promise<unknown>)[] = [];
  let n = 0;
  // One BullMQ queue per test.
  const fresh = () => {
    n += 1;
    return `q${process.pid}-${n}`;
  };
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    for (const c of closers.reverse()) await c();
    closers = [];
  });
  afterAll(() => redis?.stop());

  it('dedupe: SET NX PX claims once across two store instances (two replicas)', async () => {
    const prefix = `${fresh()}:`;
    // a's claims outlive any scheduling stall between a's claim and b's (b connects first);
    // the expiry of a claim is checked with c's short one.
    const a = createRedisDedupeStore({ connection: redis.url, prefix, pendingMs: 60_000 });
    const b = createRedisDedupeStore({ connection: redis.url, prefix });
    const c = createRedisDedupeStore({ connection: redis.url, prefix, pendingMs: 200 });
    closers.push(
      () => a.close?.() as Promise<void>,
      () => b.close?.() as Promise<void>,
      () => c.close?.() as Promise<void>,
    );
    expect(await a.claim('evt_1')).toBe('claimed');
    expect(await b.claim('evt_1')).toBe('in_flight');
    await a.commit('evt_1');
    expect(await b.claim('evt_1')).toBe('duplicate');
    await b.release('evt_1'); // a committed id is never released
    expect(await a.claim('evt_1')).toBe('duplicate');
    expect(await a.claim('evt_2')).toBe('claimed');
    expect(await c.claim('evt_3')).toBe('claimed');
    await until(async () => (await b.claim('evt_3')) === 'claimed', 'the claim expired', {
      timeoutMs: 5000,
    });
  });

  it('queue: processes an event once even when it is enqueued twice', async () => {
    const seen: string[] = [];
    const queue = createRedisQueue({
      connection: redis.url,
      name: fresh(),
      handler: (e) => void seen.push(e.id),
    });
    closers.push(() => queue.close());
    await queue.enqueue(event('evt_1'));
    await queue.enqueue(event('evt_1'));
    await until(
      async () => seen.length === 1 && (await queue.stats()).backlog === 0,
      'the event handled and the backlog empty',
    );
    expect(seen).toEqual(['evt_1']);
  });

  it('queue: a handler that always throws ends in the dead-letter queue after the configured attempts', async () => {
    const attempts: number[] = [];
    const m = testMeter();
    const queue = createRedisQueue({
      connection: redis.url,
      name: fresh(),
      attempts: 3,
      backoffMs: 10,
      metrics: createWebhookMetrics({ meter: m.meter }),
      handler: (_e, a) => {
        attempts.push(a.attempt);
        throw new Error('handler always fails');
      },
    });
    closers.push(
      () => queue.close(),
      () => m.shutdown(),
    );
    await queue.enqueue(event('evt_dead'));
    await until(async () => (await queue.stats()).deadLetter === 1, 'a dead letter', {
      timeoutMs: 15_000,
    });
    expect(attempts).toEqual([1, 2, 3]);
    const [dead] = await queue.deadLetters();
    expect(dead).toMatchObject({
      event: { id: 'evt_dead' },
      attempts: 3,
      error: 'handler always fails',
    });
    expect(await queue.stats()).toMatchObject({ backlog: 0, deadLetter: 1 });
    const text = await m.scrape();
    expect(sample(text, 'preflight_webhook_dead_lettered_total', { source: 'partner' })).toBe(1);
    expect(sample(text, 'preflight_webhook_failed_total', { reason: 'processing' })).toBe(3);
  });

  it('queue: reports the backlog and its oldest event while processing is stalled', async () => {
    const producer = createRedisQueue({ connection: redis.url, name: fresh() }); // no handler
    closers.push(() => producer.close());
    await producer.enqueue(event('a', 1000));
    await producer.enqueue(event('b', 2000));
    expect(await producer.stats()).toEqual({ backlog: 2, oldestPendingAt: 1000, deadLetter: 0 });
  });

  it('queue: close() waits for a running handler to finish', async () => {
    let finished = false;
    let started = false;
    const queue = createRedisQueue({
      connection: redis.url,
      name: fresh(),
      handler: async () => {
        started = true;
        await new Promise((r) => setTimeout(r, 300));
        finished = true;
      },
    });
    await queue.enqueue(event('slow'));
    await until(() => started, 'the slow handler started');
    await queue.close();
    expect(finished).toBe(true);
    await expect(queue.enqueue(event('late'))).rejects.toMatchObject({
      code: 'ERR_WEBHOOK_QUEUE_CLOSED',
    });
  });

  it('Redis paused (accepts connections, never answers): 503 within storeTimeoutMs, nothing acknowledged', async () => {
    const own = await startRedisServer();
    closers.push(() => own.stop());
    const queue = createRedisQueue({ connection: own.url, name: fresh(), closeTimeoutMs: 500 });
    const dedupe = createRedisDedupeStore({ connection: own.url });
    closers.push(
      () => queue.close(),
      () => dedupe.close?.() as Promise<void>,
      async () => own.resume(),
    );
    const verifier = createWebhookVerifier({ scheme: 'standard', secrets: [SECRET] });
    const app = express();
    app.post(
      '/wh',
      webhookReceiver({ verifier, queue, dedupe, source: 'partner', storeTimeoutMs: 500 }),
    );
    const server = await serve(app);
    closers.push(() => server.close());
    const body = JSON.stringify({ id: 'msg_paused' });
    const deliver = () =>
      fetch(`${server.url}/wh`, {
        method: 'POST',
        headers: signStandardWebhook(SECRET, 'msg_paused', Date.now() / 1000, body),
        body,
      });
    expect((await deliver()).status).toBe(202); // connected and answering
    own.pause();
    const started = Date.now();
    const res = await deliver();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('Redis stopped: the receiver answers 503 with Retry-After instead of acknowledging', async () => {
    const own = await startRedisServer();
    closers.push(() => own.stop());
    const queue: WebhookQueue = createRedisQueue({
      connection: own.url,
      name: fresh(),
      handler: () => undefined,
      // Redis is gone when the test closes the queue: give up on it after 1 s, not the
      // default 10 s (how long close() waits is not what this test is about).
      closeTimeoutMs: 1000,
    });
    const dedupe = createRedisDedupeStore({ connection: own.url });
    closers.push(
      () => queue.close(),
      () => dedupe.close?.() as Promise<void>,
    );
    const verifier = createWebhookVerifier({ scheme: 'standard', secrets: [SECRET] });
    const app = express();
    app.post(
      '/wh',
      webhookReceiver({ verifier, queue, dedupe, source: 'partner', storeTimeoutMs: 1000 }),
    );
    const server = await serve(app);
    closers.push(() => server.close());
    const deliver = (id: string) => {
      const body = JSON.stringify({ id });
      return fetch(`${server.url}/wh`, {
        method: 'POST',
        headers: signStandardWebhook(SECRET, id, Date.now() / 1000, body),
        body,
      });
    };
    expect((await deliver('msg_up')).status).toBe(202);
    await own.stop();
    const down = await deliver('msg_down');
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(await down.json()).toEqual({ error: 'store_unavailable' });
  });
});
