import { afterEach, describe, expect, it } from 'vitest';
import { type Listening, listen } from '../src/listen.js';
import { createPartnerApp, type PartnerOptions } from '../src/partner/partner-app.js';

const KEY = 'pk_test_partner_demo';
let running: Listening | undefined;

async function start(options: Partial<PartnerOptions> = {}) {
  const partner = createPartnerApp({ apiKeys: [KEY], ...options });
  running = await listen(partner.app);
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${running?.url}${path}`, {
      ...init,
      headers: { 'x-api-key': KEY, ...(init.headers as object) },
    });
  return { partner, call, url: running.url };
}

afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('simulated partner API', () => {
  it('answers /health with pass, and 503 while health is down', async () => {
    const { partner, call } = await start();
    expect((await call('/health')).status).toBe(200);
    partner.faults.update({ healthDown: true });
    const res = await call('/health');
    expect(res.status).toBe(503);
    expect(res.headers.get('x-ratelimit-limit')).toBe('600');
  });

  it('rejects a missing or unknown API key with AUTH_INVALID_KEY and no_retry', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/v1/account`, { headers: { 'x-api-key': 'nope' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      code: 'AUTH_INVALID_KEY',
      retry_strategy: 'no_retry',
    });
    expect(res.headers.get('x-ratelimit-remaining')).not.toBeNull();
  });

  it('paginates transactions with per_page up to 100 and filters by from/to', async () => {
    const { call } = await start();
    const first = await call('/v1/transactions?per_page=100');
    const body = (await first.json()) as { data: unknown[]; total: number; has_more: boolean };
    expect(body.data).toHaveLength(100);
    expect(body.total).toBe(500);
    expect(body.has_more).toBe(true);
    const last = (await (await call('/v1/transactions?per_page=100&page=5')).json()) as {
      has_more: boolean;
    };
    expect(last.has_more).toBe(false);
    const today = new Date().toISOString().slice(0, 10);
    const filtered = (await (await call(`/v1/transactions?from=${today}&to=${today}`)).json()) as {
      total: number;
    };
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.total).toBeLessThanOrEqual(6);
  });

  it.each(['per_page=101', 'per_page=0', 'page=-1', 'from=2026-02-31', 'to=yesterday'])(
    'answers 400 INVALID_REQUEST with fix_request for %s',
    async (query) => {
      const { call } = await start();
      const res = await call(`/v1/transactions?${query}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        code: 'INVALID_REQUEST',
        retry_strategy: 'fix_request',
      });
    },
  );

  it('replays a purchase for a repeated Idempotency-Key and charges once', async () => {
    const { call } = await start({ balance: 1000 });
    const post = (key: string, points: number) =>
      call('/v1/purchases', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ member_id: 'mem_1', points }),
      });
    const a = await post('order-1', 100);
    const b = await post('order-1', 100);
    expect(a.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(await b.json()).toEqual(await a.json());
    expect(await (await call('/v1/account')).json()).toMatchObject({ balance: 900 });
    const reused = await post('order-1', 5);
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('refuses a purchase beyond the balance with INSUFFICIENT_BALANCE', async () => {
    const { call } = await start({ balance: 10 });
    const res = await call('/v1/purchases', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ member_id: 'mem_1', points: 11 }),
    });
    expect(res.status).toBe(402);
    expect(await res.json()).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  });

  it('answers malformed JSON with 400, never a crash', async () => {
    const { call } = await start();
    const res = await call('/v1/purchases', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"member_id":',
    });
    expect(res.status).toBe(400);
  });

  it('counts the budget in X-RateLimit-* headers and answers 429 when it is spent', async () => {
    const { call } = await start({ faults: { rateLimit: 2 } });
    const r1 = await call('/v1/account');
    expect(r1.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(Number(r1.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    await call('/v1/account');
    const r3 = await call('/v1/account');
    expect(r3.status).toBe(429);
    expect(Number(r3.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await r3.json()).toMatchObject({ code: 'RATE_LIMITED', retry_strategy: 'backoff' });
  });

  it('switches to the IETF RateLimit and RateLimit-Policy fields at runtime', async () => {
    const { url, call } = await start();
    await fetch(`${url}/admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dialect: 'ietf' }),
    });
    const res = await call('/v1/account');
    expect(res.headers.get('ratelimit-policy')).toBe('"default";q=600;w=60');
    expect(res.headers.get('ratelimit')).toMatch(/^"default";r=599;t=\d+$/);
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('injects a 429 burst with Retry-After, then recovers', async () => {
    const { partner, call } = await start();
    partner.faults.update({ rateLimitBurst: 2, retryAfterSeconds: 7 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await call('/v1/account')).status);
    expect(statuses).toEqual([429, 429, 200]);
    partner.faults.update({ rateLimitBurst: 1 });
    expect((await call('/v1/account')).headers.get('retry-after')).toBe('7');
  });

  it('injects errors, outages and latency through the admin endpoint', async () => {
    const { url, call } = await start();
    const admin = (body: unknown) =>
      fetch(`${url}/admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await admin({ errorRate: 1 });
    const err = await call('/v1/account');
    expect(err.status).toBe(500);
    expect(await err.json()).toMatchObject({ code: 'INTERNAL_ERROR', retry_strategy: 'backoff' });
    await admin({ errorRate: 0, outage: true });
    expect((await call('/v1/account')).status).toBe(503);
    expect((await call('/health')).status).toBe(503);
    await fetch(`${url}/admin/faults`, { method: 'DELETE' });
    await admin({ latencyMs: 150 });
    const t0 = performance.now();
    expect((await call('/v1/account')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('delays /health by the latency fault too, so readiness sees a slow partner (switchable)', async () => {
    const { call } = await start({ faults: { latencyMs: 200 } });
    let t0 = performance.now();
    expect((await call('/health')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    await fetch(`${running?.url}/admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyOnHealth: false, latencyMs: 5_000 }),
    });
    t0 = performance.now();
    expect((await call('/health')).status).toBe(200);
    // Far below the 5 s the API calls now take (a generous bound for a loaded machine).
    expect(performance.now() - t0).toBeLessThan(2_500);
  });

  it('rejects an invalid fault naming the field and the accepted values', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorRate: 2 }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'example: faults.errorRate must be a number from 0 to 1',
    });
  });
});
