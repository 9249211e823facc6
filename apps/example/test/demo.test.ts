import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePorts, holdPort, until } from '@preflight/test-harness';
import { describe, expect, it } from 'vitest';
import { describeFaults, formatStatus } from '../src/demo/status-line.js';
import { HEALTHY_PARTNER } from '../src/partner/partner-faults.js';
import { collectOutput } from './helpers/child-output.js';

const DEMO = fileURLToPath(new URL('../dist/demo.js', import.meta.url));
const ENV_FILE = fileURLToPath(new URL('../demo.env', import.meta.url));

function startDemo(port: number, partnerPort: number) {
  const child = spawn(process.execPath, [`--env-file=${ENV_FILE}`, DEMO], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      PARTNER_URL: `http://127.0.0.1:${partnerPort}`,
      DEMO_LOGS: 'stdout',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, output: collectOutput(child), exited: once(child, 'exit') };
}

describe('npm start (the demo)', () => {
  it('prints the URLs and curl commands, serves traffic, and stops cleanly on Ctrl-C', {
    timeout: 60_000,
  }, async () => {
    const [port, partnerPort] = (await freePorts(2)) as [number, number];
    const { child, output, exited } = startDemo(port, partnerPort);
    await until(
      () => output().includes('"purchase requested"'),
      () => `a purchase\n${output()}`,
      {
        timeoutMs: 30_000,
        everyMs: 100,
      },
    );
    const out = output();
    expect(out).toContain(`http://127.0.0.1:${port}/metrics`);
    expect(out).toContain(`curl -s -X POST http://127.0.0.1:${partnerPort}/admin/faults`);
    expect(out).toMatch(/"customer":\{"name":"\[REDACTED\]"/);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(200);
    child.kill('SIGINT');
    const [code] = await exited;
    expect(output()).toContain('stopped cleanly');
    expect(code).toBe(0);
  });

  it.each([
    ['service', 'PORT'],
    ['partner', 'PARTNER_URL'],
  ] as const)('exits 1 when the %s port is taken, naming it and %s', async (which, variable) => {
    const holder = await holdPort();
    try {
      const [other] = (await freePorts(1)) as [number];
      const { output, exited } =
        which === 'service' ? startDemo(holder.port, other) : startDemo(other, holder.port);
      const [code] = await exited;
      expect(output()).toContain(
        `cannot listen on http://127.0.0.1:${holder.port}: EADDRINUSE (set ${variable} to another port)`,
      );
      expect(output()).not.toContain('Ctrl-C stops everything');
      expect(code).toBe(1);
    } finally {
      holder.server.close();
    }
  });
});

describe('status line', () => {
  it('shows the request rate, status mix, readiness, budget and active faults', () => {
    const line = formatStatus({
      now: new Date('2026-11-24T12:00:05Z'),
      traffic: { started: 20, byStatus: { 200: 15, 503: 5 }, failed: 0 },
      previous: { started: 10, byStatus: { 200: 10 }, failed: 0 },
      seconds: 2,
      probes: { ready: 503, live: 200, readyHistory: [] },
      budget: { remaining: 12, limit: 600 },
      faults: { ...HEALTHY_PARTNER, healthDown: true },
      backlog: 0,
    });
    expect(line).toBe(
      '12:00:05  │   5.0 req/s  │ 2xx  50%  4xx   0%  5xx  50%  │ ready 503  │ partner budget 12/600  │ webhook backlog 0  │ faults: healthDown=true',
    );
  });

  it('says none when the partner is healthy', () => {
    expect(describeFaults(HEALTHY_PARTNER)).toBe('none');
  });
});
