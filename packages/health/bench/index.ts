// /health/ready requests/s: @preflight/health vs @godaddy/terminus, same checks, same process,
// interleaved rounds on 127.0.0.1. Prints medians and the ratio (ours / terminus).
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTerminus } from '@godaddy/terminus';
import autocannon from 'autocannon';
import express from 'express';
import { createHealth } from '../src/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;

type Check = () => Promise<void>;
const scenarios: Array<{ label: string; checks: Check[] }> = [
  { label: 'instant checks', checks: [0, 1, 2].map(() => async () => {}) },
  { label: '2 ms dependency pings', checks: [0, 1, 2].map(() => () => sleep(2)) },
];

function baseApp(): express.Express {
  const app = express();
  app.use(express.json());
  app.get('/orders', (_req, res) => {
    res.json([]);
  });
  return app;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/health/ready`;
}

async function ours(checks: Check[], interceptProbes: boolean): Promise<Target> {
  const health = createHealth({
    checks: checks.map((check, i) => ({ name: `dep${i}`, check })),
    interceptProbes,
    signals: ['SIGUSR2'],
    exit: () => {},
  });
  const app = baseApp();
  if (!interceptProbes) app.use(health.router());
  const server = http.createServer(app);
  health.attach(server);
  const url = await listen(server);
  const close = (): void => {
    health.close();
    server.close();
    server.closeAllConnections();
  };
  return { url, close };
}

interface Target {
  readonly url: string;
  close(): void;
}

async function terminus(checks: Check[]): Promise<Target> {
  const server = http.createServer(baseApp());
  createTerminus(server, {
    signals: [],
    healthChecks: { '/health/ready': async () => Promise.all(checks.map((c) => c())) },
  });
  const url = await listen(server);
  const close = (): void => {
    server.close();
    server.closeAllConnections();
  };
  return { url, close };
}

async function rps(url: string): Promise<number> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

for (const { label, checks } of scenarios) {
  const targets = {
    router: await ours(checks, false),
    intercept: await ours(checks, true),
    terminus: await terminus(checks),
  };
  const names = Object.keys(targets) as Array<keyof typeof targets>;
  const results: Record<string, number[]> = { router: [], intercept: [], terminus: [] };
  for (const name of names) await rps(targets[name].url); // warm-up, not counted
  for (let round = 0; round < ROUNDS; round += 1) {
    // Rotate who goes first so drift on a shared machine hits every side.
    for (let k = 0; k < names.length; k += 1) {
      const name = names[(round + k) % names.length] as keyof typeof targets;
      results[name]?.push(await rps(targets[name].url));
    }
  }
  for (const t of Object.values(targets)) t.close();
  const m = (name: string): number => median(results[name] ?? []);
  console.log(
    `/health/ready with 3 ${label} (median req/s of ${ROUNDS} interleaved ${SECONDS}s rounds, ${CONNECTIONS} connections):`,
  );
  console.log(`  @godaddy/terminus                      ${Math.round(m('terminus'))} req/s`);
  console.log(
    `  @preflight/health router()             ${Math.round(m('router'))} req/s  ratio ${(m('router') / m('terminus')).toFixed(2)}x`,
  );
  console.log(
    `  @preflight/health interceptProbes      ${Math.round(m('intercept'))} req/s  ratio ${(m('intercept') / m('terminus')).toFixed(2)}x`,
  );
}
