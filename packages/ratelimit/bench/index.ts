// Benchmarks for @preflight/ratelimit. Run: npm run bench -w @preflight/ratelimit
// 1. parseRateLimit calls/s over a mix of dialects, against the hand-rolled parse teams write
//    (Number() on three X-RateLimit headers and Retry-After). Target: ≥ 1 M calls/s.
// 2. Per-request overhead of createRateLimitedFetch over plain fetch against a loopback
//    server. Target: < 5 %.
// Batches are interleaved in one process and medians compared, so machine noise hits both;
// CPU time (process.cpuUsage) is reported next to wall-clock because the machine is shared.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { createRateLimitedFetch, createRateLimitTracker, parseRateLimit } from '../src/index.js';

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
function handRolled(headers: Record<string, string>): unknown {
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

/** Wall-clock and CPU time (process.cpuUsage: not inflated by other processes) per call. */
interface Cost {
  readonly wallNs: number;
  readonly cpuNs: number;
}

function measure(run: () => void, calls: number): Cost {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  run();
  const wallNs = Number(process.hrtime.bigint() - start) / calls;
  const used = process.cpuUsage(cpu);
  return { wallNs, cpuNs: ((used.user + used.system) * 1000) / calls };
}

async function measureAsync(run: () => Promise<void>, calls: number): Promise<Cost> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await run();
  const wallNs = Number(process.hrtime.bigint() - start) / calls;
  const used = process.cpuUsage(cpu);
  return { wallNs, cpuNs: ((used.user + used.system) * 1000) / calls };
}

let sink = 0;
function parseBatch(fn: (h: Record<string, string>) => unknown, calls: number): Cost {
  return measure(() => {
    for (let i = 0; i < calls; i++) if (fn(MIX[i % MIX.length] as Record<string, string>)) sink++;
  }, calls);
}

const perSecond = (ns: number) => `${(1e9 / ns / 1e6).toFixed(2)} M calls/s`;
const wall = (cs: Cost[]) => median(cs.map((c) => c.wallNs));
const cpu = (cs: Cost[]) => median(cs.map((c) => c.cpuNs));

function benchParse(): void {
  const parse = (h: Record<string, string>): unknown => parseRateLimit(h, { now: NOW });
  parseBatch(parse, 200_000); // warm-up
  parseBatch(handRolled, 200_000);
  const ours: Cost[] = [];
  const baseline: Cost[] = [];
  for (let batch = 0; batch < 40; batch++) {
    const order: Array<[typeof parse, Cost[]]> = [
      [parse, ours],
      [handRolled, baseline],
    ];
    if (batch % 2 === 1) order.reverse();
    for (const [fn, into] of order) into.push(parseBatch(fn, 50_000));
  }
  const best = Math.min(...ours.map((c) => c.wallNs));
  console.log(
    `parseRateLimit, mix of ${MIX.length} dialect header sets: ${perSecond(wall(ours))} wall-clock (best batch ${perSecond(best)}), ${perSecond(cpu(ours))} per CPU-second; target ≥ 1 M/s: ${1e9 / cpu(ours) >= 1e6 ? 'met' : 'MISSED'} (CPU), ${1e9 / wall(ours) >= 1e6 ? 'met' : 'MISSED'} (wall-clock)`,
  );
  console.log(
    `hand-rolled Number() parse (3 X- headers + Retry-After): ${perSecond(wall(baseline))} wall-clock, ${perSecond(cpu(baseline))} per CPU-second; CPU cost per call, ours/hand-rolled = ${(cpu(ours) / cpu(baseline)).toFixed(1)}x`,
  );
  const headers = MIX.map((m) => new Headers(m));
  const onHeaders = measure(() => {
    for (let i = 0; i < 200_000; i++) {
      if (parseRateLimit(headers[i % headers.length], { now: NOW }).limit) sink++;
    }
  }, 200_000);
  console.log(
    `parseRateLimit on WHATWG Headers objects: ${perSecond(onHeaders.wallNs)} wall-clock, ${perSecond(onHeaders.cpuNs)} per CPU-second`,
  );
}

async function benchFetch(): Promise<void> {
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
  const batch = (f: typeof plain, n: number) =>
    measureAsync(async () => {
      for (let i = 0; i < n; i++) await (await f(url)).text();
    }, n);
  await batch(plain, 300);
  await batch(wrapped, 300);
  await batch(withTimeout, 300);
  // Fine-grained interleaving (batches of 50 requests, order rotated) so load swings on a
  // shared machine hit all three alike.
  const BATCHES = 80;
  const BATCH = 40;
  const ours: Cost[] = [];
  const base: Cost[] = [];
  const timed: Cost[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const runs: Array<[typeof plain, Cost[]]> = [
      [plain, base],
      [wrapped, ours],
      [withTimeout, timed],
    ];
    for (let k = 0; k < runs.length; k++) {
      const [f, into] = runs[(k + b) % runs.length] as [typeof plain, Cost[]];
      into.push(await batch(f, BATCH));
    }
  }
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  // Medians of batch costs resist GC pauses and preemption; means are printed beside them.
  const mean = (cs: Cost[], key: keyof Cost) => cs.reduce((sum, c) => sum + c[key], 0) / cs.length;
  const mid = (cs: Cost[], key: keyof Cost) => median(cs.map((c) => c[key]));
  const over = (
    f: (cs: Cost[], key: keyof Cost) => number,
    xs: Cost[],
    ys: Cost[],
    key: keyof Cost,
  ) => (f(xs, key) / f(ys, key) - 1) * 100;
  const pct = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)} %`;
  const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;
  console.log(
    `per request (sequential, loopback, ${BATCHES} interleaved batches of ${BATCH}, server in-process; medians): plain fetch ${us(mid(base, 'wallNs'))} wall / ${us(mid(base, 'cpuNs'))} CPU; createRateLimitedFetch ${us(mid(ours, 'wallNs'))} wall / ${us(mid(ours, 'cpuNs'))} CPU`,
  );
  const cpuOverhead = over(mid, ours, base, 'cpuNs');
  console.log(
    `createRateLimitedFetch overhead over plain fetch: ${pct(cpuOverhead)} CPU, ${pct(over(mid, ours, base, 'wallNs'))} wall-clock (medians); ${pct(over(mean, ours, base, 'cpuNs'))} CPU, ${pct(over(mean, ours, base, 'wallNs'))} wall-clock (means); target < 5 %: ${cpuOverhead < 5 ? 'met' : 'MISSED'}`,
  );
  console.log(
    `  any per-attempt timeout alone (plain fetch + AbortController + timer): ${pct(over(mid, timed, base, 'cpuNs'))} CPU; ours over that: ${pct(over(mid, ours, timed, 'cpuNs'))} CPU (medians)`,
  );
}

// Shared machines: print the context the figures were taken in.
console.log(
  `node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
benchParse();
await benchFetch();
if (sink < 0) console.log(sink);
