import { request } from 'node:http';
import type { Socket } from 'node:net';
import { createLogger } from '@preflight/logger';
import { until } from '@preflight/test-harness';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { type Listening, listen } from '../src/listen.js';
import { createPartnerApp, type Partner, type PartnerOptions } from '../src/partner/partner-app.js';
import { createService } from '../src/service/service-app.js';

const KEY = 'pk_test_failures_1a2b3c';
const running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.close()));
});

/** The partner and the service in this process, on loopback, with the service's log lines. */
async function start(
  partnerOptions: Partial<PartnerOptions> = {},
  env: Record<string, string> = {},
  partnerDeadlineMs?: number,
) {
  const partner: Partner = createPartnerApp({ apiKeys: [KEY], ...partnerOptions });
  const partnerServer = await listen(partner.app);
  running.push(partnerServer);
  let arrivals = 0;
  const busy = new Set<Socket>();
  // Before Express sees it: a mounted router rewrites req.url while the request is in flight.
  // `busy` holds the sockets that carried a /v1 request and are still open.
  partnerServer.server.prependListener('request', (req: { url?: string; socket: Socket }) => {
    if (!req.url?.startsWith('/v1/')) return;
    arrivals += 1;
    if (busy.has(req.socket)) return;
    busy.add(req.socket);
    req.socket.once('close', () => busy.delete(req.socket));
  });
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    { name: 'failures-test' },
    {
      write(line: string) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  const config = loadConfig({
    PARTNER_API_KEY: KEY,
    WEBHOOK_SECRET: 'whsec_ZmFpbHVyZXMtdGVzdC0wMTIzNDU2Nzg5YWJjZGVm', // Standard Webhooks: whsec_ + base64
    PARTNER_URL: partnerServer.url,
    ...env,
  });
  const service = createService(config, {
    logger,
    metricsHandler: (_req, res) => {
      res.end();
    },
    exit: () => undefined,
    ...(partnerDeadlineMs === undefined ? {} : { partnerDeadlineMs }),
  });
  const serviceServer = await listen(service.app);
  running.push(serviceServer);
  return {
    partner,
    url: serviceServer.url,
    lines,
    arrivals: () => arrivals,
    busySockets: () => busy.size,
    failures: () => lines.filter((l) => l.msg === 'partner call failed'),
  };
}

async function balance(url: string) {
  const res = await fetch(`${url}/api/balance`);
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
}

describe('example – partner failures are answered honestly', () => {
  it('answers a spent budget whose reset is 120 s away with 503 + Retry-After, no library code', async () => {
    const stack = await start({ windowSeconds: 120, faults: { rateLimit: 1 } });
    expect((await balance(stack.url)).status).toBe(200);
    const spent = await balance(stack.url);
    expect(spent.status).toBe(503);
    expect(Number(spent.retryAfter)).toBeGreaterThanOrEqual(60);
    expect(Number(spent.retryAfter)).toBeLessThanOrEqual(121);
    expect(JSON.parse(spent.body)).toEqual({ code: 'PARTNER_RATE_LIMITED' });
    expect(spent.body).not.toMatch(/ERR_RATELIMIT/);
    expect(stack.arrivals()).toBe(1);
  });

  it('stops calling a partner that asked for Retry-After: 3600, answering 503 + the remaining wait', async () => {
    const stack = await start({ faults: { rateLimitBurst: 1, retryAfterSeconds: 3600 } });
    const first = await balance(stack.url);
    expect([first.status, first.retryAfter]).toEqual([503, '3600']);
    for (let i = 0; i < 20; i++) {
      const next = await balance(stack.url);
      expect(next.status).toBe(503);
      expect(Number(next.retryAfter)).toBeGreaterThan(3500);
    }
    expect(stack.arrivals()).toBe(1);
  });

  it('answers a hung partner with 504 at the deadline and sends it nothing more', async () => {
    const stack = await start({ faults: { latencyMs: 30_000 } }, {}, 1_000);
    const res = await balance(stack.url);
    expect(res.status).toBe(504);
    expect(JSON.parse(res.body)).toEqual({ code: 'PARTNER_TIMEOUT' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stack.arrivals()).toBe(1);
  });

  it('abandons the partner call when our client disconnects: no further attempt, no new socket', async () => {
    const stack = await start({ faults: { latencyMs: 30_000 } });
    const req = request(`${stack.url}/api/balance`);
    req.on('error', () => undefined);
    req.end();
    await until(() => stack.arrivals() === 1 && stack.busySockets() === 1, 'the partner call');
    req.destroy();
    await until(() => stack.failures().length === 1, 'the failure line');
    expect(stack.failures()[0]).toMatchObject({ kind: 'client_gone' });
    // The partner's socket for the abandoned call is closed, and no attempt follows.
    await until(() => stack.busySockets() === 0, 'the abandoned socket to close');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stack.arrivals()).toBe(1);
  });

  it('answers 503 + Retry-After when our own queue to the partner is full, without calling it', async () => {
    const stack = await start({}, { PARTNER_RPM: '1' });
    expect((await balance(stack.url)).status).toBe(200);
    const busy = await balance(stack.url);
    expect(busy.status).toBe(503);
    expect(JSON.parse(busy.body)).toEqual({ code: 'PARTNER_BUSY' });
    expect(Number(busy.retryAfter)).toBeGreaterThan(5);
    expect(stack.arrivals()).toBe(1);
  });

  it('logs partner calls and failures with the id of the request that made them (scopedLogger)', async () => {
    const ok = await start();
    const concurrent = await Promise.all(
      ['scoped-a', 'scoped-b', 'scoped-c'].map(async (id) => {
        const res = await fetch(`${ok.url}/api/balance`, { headers: { 'x-request-id': id } });
        await res.text();
        return res.status;
      }),
    );
    expect(concurrent).toEqual([200, 200, 200]);
    const calls = ok.lines.filter((l) => l.msg === 'upstream call');
    expect(calls.map((l) => l.request_id).sort()).toEqual(['scoped-a', 'scoped-b', 'scoped-c']);
    const failing = await start({ faults: { errorRate: 1 } }, { PARTNER_BACKOFF_BASE_MS: '1' });
    const res = await fetch(`${failing.url}/api/balance`, {
      headers: { 'x-request-id': 'scoped-f' },
    });
    expect(res.status).toBe(502);
    expect(failing.failures().map((l) => l.request_id)).toEqual(['scoped-f']);
  });

  it('answers 502 when the partner keeps failing, logging the failure once in one line', async () => {
    const stack = await start({ faults: { errorRate: 1 } }, { PARTNER_BACKOFF_BASE_MS: '1' });
    const res = await balance(stack.url);
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body)).toEqual({ code: 'PARTNER_ERROR' });
    const warnings = stack.lines.filter((l) => l.level === 'warn' || l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      msg: 'partner call failed',
      kind: 'upstream',
      partner_status: 500,
      attempts: 3,
    });
    expect(typeof warnings[0]?.upstream_request_id).toBe('string');
  });
});
