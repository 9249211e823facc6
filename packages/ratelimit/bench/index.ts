// Benchmarks for @preflight/ratelimit. Run: npm run bench -w @preflight/ratelimit
// 1. parseRateLimit calls/s over a mix of dialects, against the hand-rolled parse teams write
//    (Number() on three X-RateLimit headers and Retry-After). Target: ≥ 1 M calls/s.
// 2. Per-request overhead of createRateLimitedFetch over plain fetch against a loopback
//    server. Target: < 5 %. Also shown against the baselines any caller with a timeout pays.
// Batches are interleaved in one process and medians compared, so machine noise hits every
// variant alike; CPU time (process.cpuUsage) is reported next to wall-clock because the
// machine is shared. The built package (dist/, what users run) is measured when present:
// running src/ through tsx adds helper calls to every closure.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const distUrl = new URL('../dist/index.js', import.meta.url);
const fromDist = existsSync(distUrl);
const lib: typeof import('../src/index.js') = await import(
  fromDist ? distUrl.href : new URL('../src/index.js', import.meta.url).href
);
const { createRateLimitedFetch, createRateLimitTracker, parseRateLimit } = lib;

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
  // What a checklist-compliant caller without this package pays for its 30 s timeout: the
  // cheapest form (a signal that cannot be disarmed, so it also bounds reading the body) ...
  const withSignalTimeout: typeof plain = (input, init) =>
    plain(input, { ...init, signal: AbortSignal.timeout(30_000) });
  // ... and the usual form: an AbortController and a timer cleared once the headers arrive.
  const withTimer: typeof plain = async (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    try {
      return await plain(input, { ...init, signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  };
  const variants = [
    { name: 'plain fetch', f: plain, costs: [] as Cost[] },
    { name: 'fetch + AbortSignal.timeout(30 s)', f: withSignalTimeout, costs: [] as Cost[] },
    { name: 'fetch + AbortController + timer', f: withTimer, costs: [] as Cost[] },
    { name: 'createRateLimitedFetch', f: wrapped as typeof plain, costs: [] as Cost[] },
  ] as const;
  const batch = (f: typeof plain, n: number) =>
    measureAsync(async () => {
      for (let i = 0; i < n; i++) await (await f(url)).text();
    }, n);
  for (const { f } of variants) await batch(f, 400);
  // Fine-grained interleaving (small batches, order rotated every round) so load swings on a
  // shared machine hit every variant alike.
  const BATCHES = 120;
  const BATCH = 25;
  for (let b = 0; b < BATCHES; b++) {
    for (let k = 0; k < variants.length; k++) {
      const { f, costs } = variants[(k + b) % variants.length] as (typeof variants)[number];
      costs.push(await batch(f, BATCH));
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
  const [base, signalTimeout, timer, ours] = variants.map((v) => v.costs) as [
    Cost[],
    Cost[],
    Cost[],
    Cost[],
  ];
  console.log(
    `per request (sequential, loopback, ${BATCHES} interleaved batches of ${BATCH} per variant, server in-process; medians):`,
  );
  for (const { name, costs } of variants) {
    console.log(
      `  ${name}: ${us(mid(costs, 'wallNs'))} wall / ${us(mid(costs, 'cpuNs'))} CPU (means ${us(mean(costs, 'wallNs'))} / ${us(mean(costs, 'cpuNs'))})`,
    );
  }
  const cpuOverhead = over(mid, ours, base, 'cpuNs');
  console.log(
    `createRateLimitedFetch overhead over plain fetch: ${pct(cpuOverhead)} CPU, ${pct(over(mid, ours, base, 'wallNs'))} wall-clock (medians); ${pct(over(mean, ours, base, 'cpuNs'))} CPU, ${pct(over(mean, ours, base, 'wallNs'))} wall-clock (means); target < 5 %: ${cpuOverhead < 5 ? 'met' : 'MISSED'}`,
  );
  console.log(
    `  over fetch + AbortSignal.timeout(30 s): ${pct(over(mid, ours, signalTimeout, 'cpuNs'))} CPU (medians), ${pct(over(mean, ours, signalTimeout, 'cpuNs'))} CPU (means); that baseline over plain fetch: ${pct(over(mid, signalTimeout, base, 'cpuNs'))} CPU (medians)`,
  );
  console.log(
    `  over fetch + AbortController + timer: ${pct(over(mid, ours, timer, 'cpuNs'))} CPU (medians), ${pct(over(mean, ours, timer, 'cpuNs'))} CPU (means); that baseline over plain fetch: ${pct(over(mid, timer, base, 'cpuNs'))} CPU (medians)`,
  );
}

// Each part runs in a fresh child process: the parse mix would otherwise leave the parser's
// call sites polymorphic for the fetch part, which in a service only ever sees the headers of
// real responses.
const part = process.argv[2];
if (part === 'parse') benchParse();
else if (part === 'fetch') await benchFetch();
else {
  // Shared machines: print the context the figures were taken in.
  console.log(
    `node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(
        ' ',
      )}; measuring ${fromDist ? 'dist/ (built)' : 'src/ through tsx (run a build first)'}`,
  );
  const self = fileURLToPath(import.meta.url);
  for (const name of ['parse', 'fetch']) {
    execFileSync(process.execPath, [...process.execArgv, self, name], { stdio: 'inherit' });
  }
}
if (sink < 0) console.log(sink);
