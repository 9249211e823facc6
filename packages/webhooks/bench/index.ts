// Benchmarks for @preflight/webhooks. Run: npm run bench -w @preflight/webhooks
// 1. verify() calls/s on a 1 KiB Standard Webhooks delivery, against the reference library
//    (`standardwebhooks`), interleaved batches in one process, medians and ratio.
// 2. Verified deliveries per second through webhookReceiver() against a loopback keep-alive
//    sender (32 in flight, every delivery unique and signed): bare express.raw() + 202 as the
//    baseline, the in-process queue, and the Redis queue + Redis dedupe on a real redis-server.
//    Every round is bounded in time and count and stops by itself.
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { redisServerAvailable, startRedisServer } from '@preflight/test-harness';
import express from 'express';
import { Webhook } from 'standardwebhooks';

const dist = new URL('../dist/index.js', import.meta.url);
const fromDist = existsSync(dist);
const lib: typeof import('../src/index.js') = await import(
  fromDist ? dist.href : new URL('../src/index.js', import.meta.url).href
);
const redisLib: typeof import('../src/redis.js') = await import(
  new URL(fromDist ? '../dist/redis.js' : '../src/redis.js', import.meta.url).href
);
const { createMemoryQueue, createWebhookVerifier, signStandardWebhook, webhookReceiver } = lib;

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MAX_DELIVERIES = 200_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

console.log(
  `@preflight/webhooks bench — node ${process.version}, ${availableParallelism()} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, measuring ${fromDist ? 'dist/' : 'src/'}`,
);

// 1. verify() against the reference library.
{
  const body = JSON.stringify({ type: 'payment.updated', data: { pad: 'x'.repeat(960) } });
  const ts = Math.floor(Date.now() / 1000);
  const headers = signStandardWebhook(SECRET, 'msg_bench', ts, body);
  const raw = Buffer.from(body);
  const ours = createWebhookVerifier({ scheme: 'standard', secrets: [SECRET] });
  const reference = new Webhook(SECRET);
  const batch = 20_000;
  const rate = (fn: () => void) => {
    const t0 = performance.now();
    for (let i = 0; i < batch; i += 1) fn();
    return batch / ((performance.now() - t0) / 1000);
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < 7; r += 1) {
    a.push(rate(() => ours.verify(headers, raw)));
    b.push(rate(() => reference.verify(body, headers)));
  }
  if (!ours.verify(headers, raw).ok) throw new Error('bench delivery does not verify');
  console.log('\n1. verify() calls/s, 1 KiB Standard Webhooks delivery (median of 7 × 20 000)');
  console.log(`  @preflight/webhooks  ${fmt(median(a))}/s`);
  console.log(`  standardwebhooks     ${fmt(median(b))}/s`);
  console.log(`  ratio                ${(median(a) / median(b)).toFixed(2)}×`);
}

// 2. Receiver throughput against a loopback sender.
interface Target {
  readonly name: string;
  handler: express.RequestHandler;
  processed(): Promise<number>;
  close(): Promise<void>;
}

let seq = 0;
function delivery(): { headers: Record<string, string>; body: string } {
  seq += 1;
  const id = `msg_${process.pid}_${seq}`;
  const body = JSON.stringify({
    type: 'payment.updated',
    data: { payment_id: `pay_${seq}`, status: 'SUCCESSFUL' },
  });
  return {
    headers: {
      'content-type': 'application/json',
      ...signStandardWebhook(SECRET, id, Date.now() / 1000, body),
    },
    body,
  };
}

async function drive(target: Target): Promise<{ perSecond: number; ok: number; other: number }> {
  const app = express();
  app.post('/wh', target.handler);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  let ok = 0;
  let other = 0;
  const deadline = performance.now() + ROUND_MS;
  const send = () =>
    new Promise<number>((resolve) => {
      const d = delivery();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/wh',
          method: 'POST',
          agent,
          headers: { ...d.headers, 'content-length': Buffer.byteLength(d.body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(d.body);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (performance.now() < deadline && ok + other < MAX_DELIVERIES) {
        const status = await send();
        if (status >= 200 && status < 300) ok += 1;
        else other += 1;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  await new Promise((r) => server.close(r));
  return { perSecond: ok / seconds, ok, other };
}

const verifier = createWebhookVerifier({ scheme: 'standard', secrets: [SECRET] });
const raw = express.raw({ type: () => true, limit: '1mb' });
const makeTargets = async (redisUrl: string | undefined): Promise<(() => Target)[]> => {
  const targets: (() => Target)[] = [
    () => ({
      name: 'bare express.raw() + 202 (no verification)',
      handler: (req, res, next) =>
        raw(req, res, (error?: unknown) => {
          if (error) next(error);
          else res.status(202).json({ received: true });
        }),
      processed: async () => 0,
      close: async () => undefined,
    }),
    () => {
      let done = 0;
      const queue = createMemoryQueue({
        handler: () => {
          done += 1;
        },
        concurrency: 4,
        maxBacklog: 1_000_000,
      });
      return {
        name: 'webhookReceiver + in-process queue',
        handler: webhookReceiver({ verifier, queue, source: 'bench' }),
        processed: async () => done,
        close: () => queue.close(),
      };
    },
  ];
  if (redisUrl !== undefined) {
    let round = 0;
    targets.push(() => {
      let done = 0;
      round += 1;
      const queue = redisLib.createRedisQueue({
        connection: redisUrl,
        name: `bench-${round}`,
        concurrency: 16,
        keepCompleted: 0,
        handler: () => {
          done += 1;
        },
      });
      const dedupe = redisLib.createRedisDedupeStore({
        connection: redisUrl,
        prefix: `bench-${round}:`,
      });
      return {
        name: 'webhookReceiver + Redis queue + Redis dedupe',
        handler: webhookReceiver({ verifier, queue, dedupe, source: 'bench' }),
        processed: async () => done,
        close: async () => {
          await queue.close();
          await dedupe.close?.();
        },
      };
    });
  }
  return targets;
};

const redis = redisServerAvailable() ? await startRedisServer() : undefined;
try {
  const targets = await makeTargets(redis?.url);
  const results = new Map<string, number[]>();
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const make of targets) {
      const target = make();
      const { perSecond, other } = await drive(target);
      if (other > 0) console.log(`  (${target.name}: ${other} non-2xx answers in round ${r + 1})`);
      await target.close();
      results.set(target.name, [...(results.get(target.name) ?? []), perSecond]);
    }
  }
  console.log(
    `\n2. verified deliveries acknowledged per second, loopback keep-alive sender, 32 in flight (median of ${ROUNDS} × ${ROUND_MS / 1000}s)`,
  );
  const base = median(results.values().next().value ?? [0]);
  for (const [name, xs] of results) {
    const m = median(xs);
    console.log(`  ${name.padEnd(48)} ${fmt(m).padStart(7)}/s  ${(m / base).toFixed(2)}× bare`);
  }
  if (redis === undefined) console.log('  (Redis variant skipped: redis-server not installed)');
} finally {
  await redis?.stop();
}
