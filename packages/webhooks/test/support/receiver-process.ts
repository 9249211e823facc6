// A receiver process for the multi-process tests: Redis dedupe + Redis queue, a handler that
// records each run in Redis (`runs` counts every invocation, `effects` applies the side effect
// once per id — the idempotent-consumer pattern a real handler uses). Prints `listening <port>`.
import express from 'express';
import { Redis } from 'ioredis';
import { createWebhookVerifier, webhookReceiver } from '../../src/index.js';
import { createRedisDedupeStore, createRedisQueue } from '../../src/redis.js';

const url = process.env.REDIS_URL as string;
const name = process.env.QUEUE_NAME as string;
const handlerDelayMs = Number(process.env.HANDLER_DELAY_MS ?? '0');
const record = new Redis(url);

const queue = createRedisQueue({
  connection: url,
  name,
  concurrency: 4,
  // BullMQ renews the lock every half of it, so a live worker loses a lock only to a stall of
  // over 3 s (with 2 s, a 1 s stall of a loaded machine made a job run twice without any
  // crash). A killed worker's jobs are taken over once its locks expire, within 6 s: each CI
  // run waits that long once per crash test, so keep it no longer than the stalls need.
  lockDurationMs: 6_000,
  stalledIntervalMs: 500,
  handler: async (event) => {
    await record.hincrby(`${name}:runs`, event.id, 1);
    if (handlerDelayMs > 0) await new Promise((r) => setTimeout(r, handlerDelayMs));
    await record.hsetnx(`${name}:effects`, event.id, String(process.pid));
  },
});
const app = express();
app.post(
  '/wh',
  webhookReceiver({
    verifier: createWebhookVerifier({
      scheme: 'standard',
      secrets: [process.env.SECRET as string],
    }),
    dedupe: createRedisDedupeStore({ connection: url, prefix: `${name}:dedupe:` }),
    queue,
    source: 'partner',
  }),
);
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`listening ${port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void queue.close().then(() => process.exit(0));
});
