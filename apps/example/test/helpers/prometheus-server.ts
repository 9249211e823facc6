import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@preflight/test-harness';
import { collectOutput } from './child-output.js';

/** Where Debian's `prometheus` package installs the server. */
export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

/** True when a Prometheus server binary is available. */
export function prometheusAvailable(): boolean {
  if (existsSync(PROMETHEUS_BIN)) return true;
  try {
    execFileSync('prometheus', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** One alert as `/api/v1/alerts` returns it. */
export interface PromAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly state: 'pending' | 'firing' | 'inactive';
  readonly value: string;
}

/** A running Prometheus and its HTTP API. */
export interface PrometheusServer {
  readonly url: string;
  readonly pid: number;
  alerts(): Promise<readonly PromAlert[]>;
  query(
    expr: string,
  ): Promise<readonly { metric: Record<string, string>; value: [number, string] }[]>;
  /** Last scrape health of every target (`up`/`down`/`unknown`). */
  targets(): Promise<readonly string[]>;
  /** Stops the server by PID and deletes its data directory. */
  stop(): Promise<void>;
  /** Server output, for failure messages. */
  output(): string;
}

/** Options of {@link startPrometheus}. */
export interface StartPrometheusOptions {
  /** `host:port` targets scraped at `/metrics` every second. */
  readonly targets: readonly string[];
  /** Rule file contents (YAML). */
  readonly rules: string;
  /** Scrape job name (the `job` label alerts select on). @default 'example' */
  readonly job?: string;
}

const PORT_ATTEMPTS = 5;

/**
 * Starts `prometheus` on a free 127.0.0.1 port with scrape and evaluation intervals of 1 s and
 * its TSDB in a temp directory; resolves once `/-/ready` answers.
 */
export async function startPrometheus(options: StartPrometheusOptions): Promise<PrometheusServer> {
  // The port is picked here and bound later by Prometheus: another process may take it in
  // between, and Prometheus then exits at once ("address already in use"): retry with another.
  let failure = '';
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt += 1) {
    const started = await launch(options, await freePort());
    if ('server' in started) return started.server;
    failure = started.output;
    if (!/address already in use/.test(failure)) break;
  }
  throw new Error(`prometheus did not become ready:\n${failure}`);
}

async function launch(
  options: StartPrometheusOptions,
  port: number,
): Promise<{ server: PrometheusServer } | { output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'preflight-prom-'));
  await writeFile(join(dir, 'rules.yml'), options.rules);
  await writeFile(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      `  - ${join(dir, 'rules.yml')}`,
      'scrape_configs:',
      `  - job_name: ${options.job ?? 'example'}`,
      '    scrape_interval: 1s',
      '    static_configs:',
      `      - targets: [${options.targets.map((t) => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = collectOutput(child);
  const exited = once(child, 'exit');
  const closed = once(child, 'close'); // after 'exit': its output is complete
  const url = `http://127.0.0.1:${port}`;
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(5000) });
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error}`);
    return body.data;
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  // A deadline, not an attempt count: on a loaded machine one readiness probe can take seconds.
  const deadline = Date.now() + 30_000;
  while (child.exitCode === null && Date.now() < deadline) {
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.ok,
      () => false,
    );
    // Ours, not another process that holds the port (ours then exits with "address in use").
    const ours =
      ready &&
      (await api<Record<string, string>>('/api/v1/status/flags').then(
        (flags) => flags['storage.tsdb.path'] === join(dir, 'data'),
        () => false,
      ));
    if (ours) {
      return {
        server: {
          url,
          pid: child.pid as number,
          alerts: async () => (await api<{ alerts: PromAlert[] }>('/api/v1/alerts')).alerts,
          query: async (expr) =>
            (
              await api<{
                result: { metric: Record<string, string>; value: [number, string] }[];
              }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)
            ).result,
          targets: async () =>
            (
              await api<{ activeTargets: { health: string }[] }>('/api/v1/targets')
            ).activeTargets.map((t) => t.health),
          stop,
          output,
        },
      };
    }
    await sleep(100);
  }
  await stop();
  await closed;
  return { output: output() };
}
