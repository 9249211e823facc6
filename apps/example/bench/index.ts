// `npm run bench -w example`: autocannon on 127.0.0.1 against one endpoint, interleaved rounds
// in one run, (a) bare Express vs (b) the Preflight stack vs (c) the peer stack; then RSS of (b)
// after 100 k and 1 M requests. Quick run: BENCH_ROUNDS=2 BENCH_SECONDS=3 BENCH_MEMORY_REQUESTS=200000
// Breakdown: BENCH_VARIANTS=a,l,m,p (l requestLogger only, m httpMetrics only, p pino-http only).
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const MEMORY_REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 1_000_000);
const CONNECTIONS = 50;
const PATH = '/api/members/mem_0042';
const NAMES = {
  a: 'bare Express',
  b: 'Preflight stack',
  c: 'pino-http + prom-bundle + terminus',
  l: 'requestLogger only',
  m: 'httpMetrics only',
  p: 'pino-http only',
};
type Variant = keyof typeof NAMES;

interface Target {
  readonly child: ChildProcess;
  readonly url: string;
}

async function start(variant: Variant): Promise<Target> {
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [variant], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const [msg] = (await once(child, 'message')) as [{ port: number }];
  return { child, url: `http://127.0.0.1:${msg.port}${PATH}` };
}

async function load(url: string, options: { duration?: number; amount?: number }) {
  const result = await autocannon({ url, connections: CONNECTIONS, ...options });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return result;
}

async function memory(target: Target): Promise<{ rss: number; heap: number }> {
  target.child.send('memory');
  const [msg] = (await once(target.child, 'message')) as [{ rss: number; heap: number }];
  return msg;
}

const variants = (process.env.BENCH_VARIANTS?.split(',') ?? ['a', 'b', 'c']) as Variant[];
const targets = Object.fromEntries(
  await Promise.all(variants.map(async (v) => [v, await start(v)] as const)),
) as Record<Variant, Target>;
const samples = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<
  Variant,
  number[]
>;

for (const v of variants) await load(targets[v].url, { duration: 1 }); // warm up JIT
for (let round = 1; round <= ROUNDS; round += 1) {
  // Rotate the order each round so no variant always runs first or last.
  const order = variants.map((_, i) => variants[(i + round) % variants.length] as Variant);
  for (const v of order) {
    const r = await load(targets[v].url, { duration: SECONDS });
    samples[v].push(r.requests.average);
  }
  console.log(
    `round ${round}: ${variants.map((v) => `${v}=${Math.round(samples[v].at(-1) ?? 0)}`).join(' ')} req/s`,
  );
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const m = Object.fromEntries(variants.map((v) => [v, median(samples[v])])) as Record<
  Variant,
  number
>;
console.log(
  `\nthroughput (median of ${ROUNDS} rounds × ${SECONDS}s, ${CONNECTIONS} connections, GET ${PATH})`,
);
for (const v of variants) {
  const ratio = v !== 'a' && m.a ? `  ${(m[v] / m.a).toFixed(2)}× (a)` : '';
  console.log(
    `  (${v}) ${NAMES[v].padEnd(36)} ${String(Math.round(m[v])).padStart(6)} req/s${ratio}`,
  );
}
if (m.a && m.b && m.c) {
  // Also the median of per-round ratios: neighbours in time share the machine's load, so it
  // resists noise from other processes better than a ratio of medians.
  const perRound = (x: Variant, y: Variant) =>
    median(samples[x].map((v, i) => v / (samples[y][i] ?? Number.NaN)));
  const line = (x: Variant, y: Variant, target: string, met: boolean) =>
    console.log(
      `  (${x})/(${y}) = ${(m[x] / m[y]).toFixed(2)}× (per-round median ${perRound(x, y).toFixed(2)}×)   target ${target}  ${met ? 'met' : 'MISSED'}`,
    );
  line('b', 'a', '≥ 0.80×', m.b / m.a >= 0.8);
  line('b', 'c', '> 1.00×', m.b > m.c);
}

for (const v of variants) if (v !== 'b') targets[v].child.kill();
if (targets.b !== undefined && MEMORY_REQUESTS > 0) {
  // Ten equal steps, RSS and heap after a GC at each: a leak grows step after step, allocator
  // and buffer warm-up flattens out.
  const step = Math.round(MEMORY_REQUESTS / 10);
  const points: { n: number; rss: number; heap: number }[] = [];
  for (let n = step; n <= MEMORY_REQUESTS; n += step) {
    await load(targets.b.url, { amount: step });
    points.push({ n, ...(await memory(targets.b)) });
  }
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)}`;
  const first = points[0] as (typeof points)[number];
  const last = points.at(-1) as (typeof points)[number];
  console.log(`\nmemory of (b) after a GC, every ${step} requests (MB):`);
  console.log(`  RSS  ${points.map((p) => mb(p.rss)).join(' ')}`);
  console.log(`  heap ${points.map((p) => mb(p.heap)).join(' ')}`);
  const growth = last.rss / first.rss - 1;
  console.log(
    `  RSS after ${first.n} requests ${mb(first.rss)} MB, after ${last.n} ${mb(last.rss)} MB: growth ${(growth * 100).toFixed(1)}%   target within 10%  ${Math.abs(growth) <= 0.1 ? 'met' : 'MISSED'}`,
  );
  targets.b.child.kill();
}
