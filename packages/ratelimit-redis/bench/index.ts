// Benchmarks for @preflight/ratelimit-redis. Run: npm run bench -w @preflight/ratelimit-redis
// 1. Per-request overhead of the Redis store over the in-process store: createRateLimitedFetch
//    against a loopback partner, one request at a time, batches interleaved in one process and
//    medians compared (machine noise hits every variant alike).
// 2. Admissions/s through one Redis from four processes (16 callers each).
// Needs redis-server (Debian's package); started on a free loopback port, stopped by PID.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createMemoryRateLimitStore, createRateLimitedFetch } from '@preflight/ratelimit';
import { redisServerAvailable, startRedisServer } from '@preflight/test-harness';
import { Redis } from 'ioredis';
import { createRedisRateLimitStore } from '../src/index.js';

if (!redisServerAvailable()) process.exit(0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const redis = await startRedisServer();
const partner = createServer((_req, res) => res.end('{}'));
partner.keepAliveTimeout = 30_000;
await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(partner.address() as AddressInfo).port}/`;

try {
  // 1. Overhead per request. The rate never throttles: what is measured is the store's cost.
  const rate = { requests: 1_000_000, perMs: 1_000 };
  const client = new Redis(redis.url);
  await client.ping();
  const variants = {
    fetch: globalThis.fetch,
    memory: createRateLimitedFetch({ upstream: 'p', rate, store: createMemoryRateLimitStore() }),
    redis: createRateLimitedFetch({
      upstream: 'p',
      rate,
      store: createRedisRateLimitStore({ client, timeoutMs: 1_000 }),
    }),
  };
  const perRequest: Record<string, number[]> = { fetch: [], memory: [], redis: [] };
  const BATCH = 100;
  for (let round = 0; round < 24; round += 1) {
    for (const [name, fetch] of Object.entries(variants)) {
      const started = performance.now();
      for (let i = 0; i < BATCH; i += 1) await (await fetch(url)).arrayBuffer();
      if (round > 1) perRequest[name]?.push(((performance.now() - started) * 1000) / BATCH);
    }
  }
  const [f, m, r] = [
    median(perRequest.fetch ?? []),
    median(perRequest.memory ?? []),
    median(perRequest.redis ?? []),
  ];
  console.log('1. per request against a loopback partner (median of 22 batches of 100):');
  console.log(`   plain fetch        ${f.toFixed(0)} µs`);
  console.log(`   in-process store   ${m.toFixed(0)} µs  (×${(m / f).toFixed(2)} of fetch)`);
  console.log(`   Redis store        ${r.toFixed(0)} µs  (×${(r / m).toFixed(2)} of in-process)`);
  console.log(
    `   Redis overhead     ${(r - m).toFixed(0)} µs per request (one EVALSHA round trip)`,
  );
  client.disconnect();

  // 2. Admissions/s through one Redis from four processes.
  const worker = fileURLToPath(new URL('./admit-worker.ts', import.meta.url));
  const RUN_MS = 3_000;
  const children = Array.from({ length: 4 }, () =>
    spawn(process.execPath, ['--import', 'tsx', worker, redis.url, String(RUN_MS), '16'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const outputs = children.map((child) => {
    let out = '';
    const ready = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += String(chunk);
        if (out.includes('ready')) resolve();
      });
    });
    const done = new Promise<string>((resolve) => child.once('exit', () => resolve(out)));
    return { ready, done };
  });
  // Start all four together, once every one is connected.
  await Promise.all(outputs.map((o) => o.ready));
  for (const child of children) child.stdin.write('go\n');
  const results = (await Promise.all(outputs.map((o) => o.done))).map(
    (o) => o.split('\n').find((line) => line.startsWith('{')) ?? '{}',
  );
  const counts = results.map((x) => JSON.parse(x) as { admitted: number; other: number });
  const total = counts.reduce((n, c) => n + c.admitted, 0);
  console.log('2. admissions through one Redis from four processes (16 callers each):');
  console.log(
    `   ${Math.round(total / (RUN_MS / 1000))} admissions/s (per process: ${counts
      .map((c) => Math.round(c.admitted / (RUN_MS / 1000)))
      .join(', ')})`,
  );
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (shared machine)`,
  );
} finally {
  partner.close();
  await redis.stop();
}
