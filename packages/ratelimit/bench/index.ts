// Benchmarks for @preflight/ratelimit. Run: npm run bench -w @preflight/ratelimit
// 1. parseRateLimit calls/s over a mix of dialects, against the hand-rolled parse teams write
//    (Number() on three X-RateLimit headers and Retry-After). Target: ≥ 1 M calls/s.
// 2. Per-request overhead of createRateLimitedFetch over plain fetch against a loopback
//    server. Target: < 5 %.
// Rounds are interleaved in one process and medians compared, so machine noise hits both.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { createRateLimitedFetch, createRateLimitTracker, parseRateLimit } from '../src/index.js';

const ROUNDS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const NOW = new Date(Date.UTC(2026, 0, 1));
const EPOCH_S = String(NOW.getTime() / 1000 + 600);

const common = { 'content-type': 'application/json', 'content-length': '512', server: 'nginx' };
const MIX: Array<Record<string, string>> = [
  {
    ...common,
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-used': '1',
    'x-ratelimit-reset': EPOCH_S,
    'x-ratelimit-resource': 'core',
  },
  { ...common, ratelimit: '"default";r=50;t=30', 'ratelimit-policy': '"default";q=100;w=60' },
  { ...common, 'ratelimit-limit': '100', 'ratelimit-remaining': '99', 'ratelimit-reset': '60' },
  {
    ...common,
    'x-rate-limit-limit': '900',
    'x-rate-limit-remaining': '899',
    'x-rate-limit-reset': EPOCH_S,
  },
  {
    ...common,
    'x-ratelimit-limit-requests': '60',
    'x-ratelimit-remaining-requests': '59',
    'x-ratelimit-reset-requests': '1s',
    'x-ratelimit-limit-tokens': '150000',
    'x-ratelimit-remaining-tokens': '149984',
    'x-ratelimit-reset-tokens': '6m0s',
  },
  { ...common, 'x-shopify-shop-api-call-limit': '32/40', 'retry-after': '2.0' },
  { ...common, 'retry-after': '30' },
  {
    ...common,
    'x-ratelimit-limit': '20',
    'x-ratelimit-remaining': '7',
    'x-ratelimit-reset': '2026-01-01T00:01:00Z',
  },
];

/** What a hand-rolled 429 handler typically does (and gets wrong: hex, NaN, no dialects). */
function handRolled(headers: Record<string, string>) {
  const num = (v: string | undefined) => (v === undefined ? null : Number(v));
  const retry = headers['retry-after'];
  return {
    limit: num(headers['x-ratelimit-limit']),
    remaining: num(headers['x-ratelimit-remaining']),
    reset: num(headers['x-ratelimit-reset']),
    retryAfter:
      retry === undefined ? null : Number(retry) || (Date.parse(retry) - NOW.getTime()) / 1000,
  };
}

function callsPerSecond(fn: (h: Record<string, string>) => unknown, iterations: number): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++)
    if (fn(MIX[i % MIX.length] as Record<string, string>)) sink++;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink < 0) console.log(sink);
  return iterations / seconds;
}

function benchParse(): number {
  const ours: number[] = [];
  const baseline: number[] = [];
  const parse = (h: Record<string, string>) => parseRateLimit(h, { now: NOW });
  callsPerSecond(parse, 200_000); // warm-up
  callsPerSecond(handRolled, 200_000);
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(callsPerSecond(parse, 400_000));
    baseline.push(callsPerSecond(handRolled, 400_000));
  }
  const o = median(ours);
  const b = median(baseline);
  console.log(
    `parseRateLimit (mix of ${MIX.length} dialect header sets): ${(o / 1e6).toFixed(2)} M calls/s (target ≥ 1 M/s: ${o >= 1e6 ? 'met' : 'MISSED'})`,
  );
  console.log(
    `hand-rolled Number() parse (3 X- headers + Retry-After): ${(b / 1e6).toFixed(2)} M calls/s; ours/hand-rolled = ${(o / b).toFixed(2)}x`,
  );
  const headers = MIX.map((m) => new Headers(m));
  let i = 0;
  const h = callsPerSecond(
    () => parseRateLimit(headers[i++ % headers.length], { now: NOW }),
    200_000,
  );
  console.log(`parseRateLimit on WHATWG Headers objects: ${(h / 1e6).toFixed(2)} M calls/s`);
  return o;
}

async function benchFetch(): Promise<number> {
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-ratelimit-limit': '1000000',
      'x-ratelimit-remaining': '999999',
      'x-ratelimit-reset': '60',
    });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/orders`;
  const wrapped = createRateLimitedFetch({
    upstream: 'bench',
    tracker: createRateLimitTracker(),
    rate: { requests: 1_000_000, perMs: 60_000 },
  });
  const plain = globalThis.fetch;
  // Plain fetch plus what any per-attempt timeout costs: an AbortController and a timer.
  const withTimeout: typeof plain = async (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    try {
      return await plain(input, { ...init, signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  };
  const perRequestUs = async (f: typeof plain, n: number) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await (await f(url)).text();
    return Number(process.hrtime.bigint() - start) / 1e3 / n;
  };
  await perRequestUs(plain, 300);
  await perRequestUs(wrapped, 300);
  const ours: number[] = [];
  const base: number[] = [];
  const timed: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so warm caches and GC favour none of them.
    const runs: Array<[typeof plain, number[]]> = [
      [plain, base],
      [wrapped, ours],
      [withTimeout, timed],
    ];
    for (let k = 0; k < runs.length; k++) {
      const [f, into] = runs[(k + round) % runs.length] as [typeof plain, number[]];
      into.push(await perRequestUs(f, 400));
    }
  }
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const o = median(ours);
  const b = median(base);
  const overhead = (o / b - 1) * 100;
  console.log(
    `plain fetch: ${b.toFixed(1)} µs/request; createRateLimitedFetch: ${o.toFixed(1)} µs/request (sequential, loopback, ${ROUNDS} interleaved rounds of 400)`,
  );
  console.log(
    `createRateLimitedFetch overhead: ${overhead.toFixed(1)} % (${(o - b).toFixed(1)} µs/request; target < 5 %: ${overhead < 5 ? 'met' : 'MISSED'})`,
  );
  return overhead;
}

// Shared machines: print the context the figures were taken in.
console.log(
  `node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
benchParse();
await benchFetch();
