import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '@preflight/redis-harness';
import { describe, expect, it } from 'vitest';
import { describeFaults, formatStatus } from '../src/demo/status-line.js';
import { HEALTHY_PARTNER } from '../src/partner/partner-faults.js';

const DEMO = fileURLToPath(new URL('../dist/demo.js', import.meta.url));
const ENV_FILE = fileURLToPath(new URL('../demo.env', import.meta.url));

describe('npm start (the demo)', () => {
  it('prints the URLs and curl commands, serves traffic, and stops cleanly on Ctrl-C', async () => {
    const [port, partnerPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, [`--env-file=${ENV_FILE}`, DEMO], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        PARTNER_URL: `http://127.0.0.1:${partnerPort}`,
        DEMO_LOGS: 'stdout',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = once(child, 'exit');
    for (let i = 0; i < 100 && !out.includes('"purchase requested"'); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(out).toContain(`http://127.0.0.1:${port}/metrics`);
    expect(out).toContain(`curl -s -X POST http://127.0.0.1:${partnerPort}/admin/faults`);
    expect(out).toMatch(/"customer":\{"name":"\[REDACTED\]"/);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(200);
    child.kill('SIGINT');
    const [code] = await exited;
    expect(out).toContain('stopped cleanly');
    expect(code).toBe(0);
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
