import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('../fixtures/fleet-worker.ts', import.meta.url));

/** What one worker reports at the end of its run. */
export interface WorkerSummary {
  readonly worker: string;
  readonly statuses: Readonly<Record<string, number>>;
  readonly errors: number;
  /** Fallback warnings the worker's store logged. */
  readonly fallbacks?: readonly string[];
  /** The 429 pauses the worker recorded in its store: pause end, and when (epoch ms). */
  readonly pauses?: ReadonlyArray<{ readonly untilMs: number; readonly at: number }>;
}

/** Options of {@link runFleet}. */
export interface FleetOptions {
  readonly store: 'redis' | 'memory';
  readonly redisUrl: string;
  readonly partnerUrl: string;
  readonly workers: number;
  readonly concurrency: number;
  readonly durationMs: number;
  readonly rate: { readonly requests: number; readonly perMs: number };
  /** The Redis store's `timeoutMs`. @default 50 */
  readonly timeoutMs?: number;
}

/**
 * Starts the workers (child processes), waits until every one is ready, starts them together
 * and resolves with their summaries and the epoch ms of the start. Workers are killed by PID
 * if the run fails.
 */
export async function runFleet(options: FleetOptions) {
  const children: ChildProcess[] = [];
  try {
    const ready: Promise<void>[] = [];
    const summaries: Promise<WorkerSummary>[] = [];
    for (let i = 0; i < options.workers; i += 1) {
      const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
        env: {
          ...process.env,
          WORKER: `w${i + 1}`,
          STORE: options.store,
          REDIS_URL: options.redisUrl,
          PARTNER_URL: options.partnerUrl,
          DURATION_MS: String(options.durationMs),
          CONCURRENCY: String(options.concurrency),
          REQUESTS: String(options.rate.requests),
          PER_MS: String(options.rate.perMs),
          TIMEOUT_MS: String(options.timeoutMs ?? 50),
        },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      children.push(child);
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      let markReady: () => void = () => undefined;
      ready.push(new Promise<void>((resolve) => (markReady = resolve)));
      summaries.push(
        new Promise<WorkerSummary>((resolve, reject) => {
          lines.on('line', (line) => {
            if (line === 'ready') markReady();
            else if (line.startsWith('{')) resolve(JSON.parse(line) as WorkerSummary);
          });
          child.once('exit', (code) => reject(new Error(`worker ${i + 1} exited with ${code}`)));
        }),
      );
    }
    await Promise.race([
      Promise.all(ready),
      Promise.all(summaries), // a worker that dies before it is ready fails the run
    ]);
    const startedAt = Date.now();
    for (const child of children) child.stdin?.write('go\n');
    const results = await Promise.all(summaries);
    await Promise.all(children.map((c) => (c.exitCode === null ? once(c, 'exit') : undefined)));
    return { startedAt, results };
  } finally {
    for (const child of children) {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }
  }
}

/** Most of the ascending `times` (accepted arrivals or turns) in any window of `perMs`. */
export function busiestWindow(times: readonly number[], perMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while ((times[end] as number) - (times[start] as number) >= perMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
