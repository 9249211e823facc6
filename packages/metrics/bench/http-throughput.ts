import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const VARIANTS = ['bare', 'noop', 'ours', 'api', 'plain', 'bundle'] as const;
type Variant = (typeof VARIANTS)[number];
const LABEL: Record<Variant, string> = {
  bare: 'bare Express',
  noop: 'no-op middleware',
  ours: 'httpMetrics()',
  api: 'httpMetrics() OTel API',
  plain: 'minimal OTel mw',
  bundle: 'express-prom-bundle',
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface RunResult {
  readonly rps: number;
  /** Server CPU microseconds per request. */
  readonly cpuUs: number;
}

function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => {
      const { cpu } = m as { cpu: NodeJS.CpuUsage };
      resolve(cpu.user + cpu.system);
    });
    child.send('cpu');
  });
}

async function run(child: ChildProcess, port: number, seconds: number): Promise<RunResult> {
  let n = 0;
  const cpuBefore = await serverCpu(child);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 20,
    duration: seconds,
    // Distinct member ids, as a real API sees them.
    requests: [{ setupRequest: (req) => ({ ...req, path: `/v1/members/${(n++ % 5000) + 1}` }) }],
  });
  const cpuAfter = await serverCpu(child);
  return {
    rps: result.requests.average,
    cpuUs: (cpuAfter - cpuBefore) / Math.max(1, result.requests.total),
  };
}

/** Interleaved rounds of autocannon against the servers; prints req/s and ratios. */
export async function httpThroughput(rounds: number, seconds: number): Promise<void> {
  const child = fork(fileURLToPath(new URL('./http-servers.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ports = await new Promise<Record<Variant, number>>((resolve) =>
      child.once('message', (m) => resolve(m as Record<Variant, number>)),
    );
    for (const v of VARIANTS) await run(child, ports[v], 1); // warm-up (JIT, connection pools)
    const results: Record<Variant, RunResult[]> = {
      bare: [],
      noop: [],
      ours: [],
      api: [],
      plain: [],
      bundle: [],
    };
    for (let round = 0; round < rounds; round++) {
      // Rotate the order so no variant always runs first or last.
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length] as Variant);
      for (const v of order) results[v].push(await run(child, ports[v], seconds));
    }
    const rps = (v: Variant) => median(results[v].map((r) => r.rps));
    const cpu = (v: Variant) => median(results[v].map((r) => r.cpuUs));
    // Paired: bare and the variant ran minutes apart at most within one round, so slow swings
    // of the machine's load cancel out better than in the ratio of the two medians.
    const pairedCpu = (v: Variant) =>
      median(results[v].map((r, i) => (results.bare[i] as RunResult).cpuUs / r.cpuUs));
    console.log(
      `\nHTTP throughput: ${rounds} interleaved rounds x ${seconds}s, 20 connections, GET /v1/members/:id (medians)`,
    );
    console.log(
      '  req/s depends on what else runs on the machine; server CPU per request much less so.',
    );
    for (const v of VARIANTS) {
      console.log(
        `  ${LABEL[v].padEnd(22)} ${rps(v).toFixed(0).padStart(6)} req/s (${(rps(v) / rps('bare')).toFixed(3)}x bare)` +
          `  ${cpu(v).toFixed(1).padStart(6)} us CPU/req (${(cpu('bare') / cpu(v)).toFixed(3)}x bare, paired ${pairedCpu(v).toFixed(3)}x)` +
          `  rounds: ${results[v].map((r) => r.rps.toFixed(0)).join(', ')}`,
      );
    }
    console.log(
      `  httpMetrics() vs express-prom-bundle: ${(rps('ours') / rps('bundle')).toFixed(3)}x req/s, ${(cpu('bundle') / cpu('ours')).toFixed(3)}x CPU/req`,
    );
  } finally {
    child.kill();
  }
}
