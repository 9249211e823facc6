import { until } from '@preflight/test-harness';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealth, type Health, type HealthOptions } from '../src/index.js';
import {
  answeredWithin,
  deferred,
  fakeClock,
  lastResponse,
  request,
  type Served,
  serveRouter,
} from './helpers.js';

const open: Array<{ served: Served; health: Health }> = [];

async function start(
  options: HealthOptions,
): Promise<{ url: string; health: Health; served: Served }> {
  const health = createHealth(options);
  const served = await serveRouter(health.router());
  open.push({ served, health });
  return { url: served.url, health, served };
}

afterEach(async () => {
  for (const { served, health } of open.splice(0)) {
    health.close();
    await served.close();
  }
});

describe('GET /health/ready', () => {
  it('answers 503 fail within the timeout when a check hangs, and aborts the check', async () => {
    let aborted: unknown;
    let answered: Promise<boolean> | undefined;
    const { url, served } = await start({
      checks: [
        {
          name: 'partner',
          timeoutMs: 150,
          check: (signal) => {
            // Started with the check, after its 150 ms timer.
            answered = answeredWithin(1000, probe);
            return new Promise(() => {
              signal.addEventListener('abort', () => {
                aborted = signal.reason;
              });
            });
          },
        },
      ],
    });
    const probe = lastResponse(served);
    const t0 = performance.now();
    const res = await request(`${url}/health/ready`);
    const elapsed = performance.now() - t0;
    expect(res.status).toBe(503);
    expect(res.json().status).toBe('fail');
    expect(elapsed).toBeGreaterThanOrEqual(140);
    // Answered less than 1000 ms after the check started, counted in timer order (see answeredWithin).
    expect(await answered).toBe(true);
    expect(aborted).toMatchObject({ name: 'CheckTimeoutError', code: 'ERR_HEALTH_CHECK_TIMEOUT' });
  });

  it('is bounded by the slowest timeout when several checks hang, because they run in parallel', async () => {
    const events: string[] = [];
    let answered: Promise<boolean> | undefined;
    const hang =
      (name: string) =>
      (signal: AbortSignal): Promise<never> => {
        events.push(`start ${name}`);
        // Three 200 ms timeouts one after another would take 600 ms.
        answered ??= answeredWithin(550, probe);
        signal.addEventListener('abort', () => events.push(`timeout ${name}`));
        return new Promise(() => {});
      };
    const { url, served } = await start({
      checks: [
        { name: 'a', timeoutMs: 200, check: hang('a') },
        { name: 'b', timeoutMs: 200, check: hang('b') },
        { name: 'c', timeoutMs: 200, check: hang('c') },
      ],
    });
    const probe = lastResponse(served);
    const res = await request(`${url}/health/ready`);
    expect(res.status).toBe(503);
    // In parallel: every check started before the first timeout fired, however loaded the machine.
    expect(events.slice(0, 3).sort()).toEqual(['start a', 'start b', 'start c']);
    expect(events.slice(3).sort()).toEqual(['timeout a', 'timeout b', 'timeout c']);
    expect(await answered).toBe(true);
  });

  it('runs a check once for 50 concurrent probes and gives them all the same answer', async () => {
    let runs = 0;
    const gate = deferred();
    const { url, served } = await start({
      checks: [
        {
          name: 'db',
          check: async () => {
            runs += 1;
            await gate.promise;
          },
        },
      ],
    });
    // Counted after the app's listener, which asks for the check synchronously.
    let arrived = 0;
    served.server.on('request', () => {
      arrived += 1;
    });
    const probes = Array.from({ length: 50 }, () => request(`${url}/health/ready`));
    // All 50 wait on the run in flight: none can be answered from a cached result instead.
    await until(() => arrived === 50, 'all 50 probes at the server', { everyMs: 5 });
    gate.resolve();
    const answers = await Promise.all(probes);
    expect(runs).toBe(1);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
  });

  it('reuses a result for cacheMs and runs the check again after it expires', async () => {
    const clock = fakeClock();
    let runs = 0;
    const { url } = await start({
      now: clock.now,
      checks: [
        {
          name: 'db',
          cacheMs: 5000,
          check: async () => {
            runs += 1;
          },
        },
      ],
    });
    await request(`${url}/health/ready`);
    clock.advance(4999);
    await request(`${url}/health/ready`);
    expect(runs).toBe(1);
    clock.advance(1);
    await request(`${url}/health/ready`);
    expect(runs).toBe(2);
  });

  it('caches failures too, so a failing dependency is not hammered', async () => {
    const clock = fakeClock();
    let runs = 0;
    const { url } = await start({
      now: clock.now,
      checks: [
        {
          name: 'db',
          cacheMs: 1000,
          check: async () => {
            runs += 1;
            throw new Error('down');
          },
        },
      ],
    });
    for (let i = 0; i < 5; i += 1) expect((await request(`${url}/health/ready`)).status).toBe(503);
    expect(runs).toBe(1);
  });

  it('with cacheMs 0 runs the check on every sequential probe', async () => {
    let runs = 0;
    const { url } = await start({
      checks: [
        {
          name: 'db',
          cacheMs: 0,
          check: async () => {
            runs += 1;
          },
        },
      ],
    });
    await request(`${url}/health/ready`);
    await request(`${url}/health/ready`);
    expect(runs).toBe(2);
  });

  it('answers 200 warn when only a non-critical check fails', async () => {
    const { url } = await start({
      showDetails: 'always',
      checks: [
        { name: 'db', check: async () => {} },
        {
          name: 'search',
          critical: false,
          check: async () => {
            throw new Error('search cluster unreachable');
          },
        },
      ],
    });
    const res = await request(`${url}/health/ready`);
    expect(res.status).toBe(200);
    const body = res.json() as {
      status: string;
      checks: Record<string, Array<{ status: string; output?: string }>>;
    };
    expect(body.status).toBe('warn');
    expect(body.checks['db:responseTime']?.[0]).toMatchObject({ status: 'pass' });
    expect(body.checks['db:responseTime']?.[0]).not.toHaveProperty('output');
    expect(body.checks['search:responseTime']?.[0]).toMatchObject({
      status: 'fail',
      output: 'search cluster unreachable',
    });
  });

  it('answers 503 fail when a critical check rejects', async () => {
    const { url } = await start({
      checks: [{ name: 'db', check: () => Promise.reject(new Error('refused')) }],
    });
    const res = await request(`${url}/health/ready`);
    expect(res.status).toBe(503);
    expect(res.json()).toEqual({
      status: 'fail',
      checks: { 'db:responseTime': [{ status: 'fail' }] },
    });
  });

  it('fails (rather than crashing the request) when a check throws synchronously', async () => {
    const { url } = await start({
      showDetails: 'always',
      checks: [
        {
          name: 'sync',
          check: () => {
            throw new TypeError('cannot read properties of undefined');
          },
        },
      ],
    });
    const res = await request(`${url}/health/ready`);
    expect(res.status).toBe(503);
    expect(
      (res.json().checks as Record<string, unknown[]>)['sync:responseTime']?.[0],
    ).toMatchObject({
      status: 'fail',
      output: 'cannot read properties of undefined',
    });
  });

  it('answers 200 warn when a check resolves { status: "warn" }', async () => {
    const { url } = await start({
      checks: [{ name: 'pool', check: async () => ({ status: 'warn', output: '90% used' }) }],
    });
    const res = await request(`${url}/health/ready`);
    expect(res.status).toBe(200);
    expect(res.json().status).toBe('warn');
  });

  it('answers 503 while markNotReady is in force without running checks, and 200 after markReady', async () => {
    let runs = 0;
    const { url, health } = await start({
      checks: [
        {
          name: 'db',
          cacheMs: 0,
          check: async () => {
            runs += 1;
          },
        },
      ],
    });
    health.markNotReady('warming cache');
    const notReady = await request(`${url}/health/ready`);
    expect(notReady.status).toBe(503);
    expect(notReady.json()).toEqual({ status: 'fail' });
    expect(runs).toBe(0);
    health.markReady();
    expect((await request(`${url}/health/ready`)).status).toBe(200);
  });

  it('shows the markNotReady reason only when details are allowed', async () => {
    const { url, health } = await start({ showDetails: 'always' });
    health.markNotReady('warming cache');
    expect((await request(`${url}/health/ready`)).json()).toEqual({
      status: 'fail',
      output: 'warming cache',
    });
  });

  it('sanitizes the markNotReady reason like check output', async () => {
    const { url, health } = await start({ showDetails: 'always' });
    health.markNotReady('db error: postgres://app:pw123secret@db/orders');
    const body = (await request(`${url}/health/ready`)).text;
    expect(body).not.toContain('pw123secret');
    expect(body).toContain('db/orders');
  });

  it('markNotReady and markBroken never throw, whatever the reason (an Error, a throwing toString)', async () => {
    const { url, health } = await start({ showDetails: 'always' });
    const hostile = {
      toString() {
        throw new Error('toString');
      },
    };
    expect(() => health.markNotReady(hostile as never)).not.toThrow();
    expect(() => health.markBroken(hostile as never)).not.toThrow();
    const ready = await request(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'fail', output: 'marked not ready' });
    expect((await request(`${url}/health/live`)).status).toBe(503);
    health.markNotReady(new Error('cache warm-up: redis://:s3cretpw@cache:6379') as never);
    const text = (await request(`${url}/health/ready`)).text;
    expect(text).toContain('cache warm-up');
    expect(text).not.toContain('s3cretpw');
  });

  it('answers 200 pass with no checks', async () => {
    const { url } = await start({});
    const res = await request(`${url}/health/ready`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: 'pass', checks: {} });
  });
});

describe('response format', () => {
  it('is application/health+json, never cached, and tolerates query strings', async () => {
    const { url } = await start({ checks: [{ name: 'db', check: async () => {} }] });
    const res = await request(`${url}/health/ready?probe=kubelet&x=1`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/health+json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
    expect(res.json()).toEqual({
      status: 'pass',
      checks: { 'db:responseTime': [{ status: 'pass' }] },
    });
  });

  it('answers HEAD with the status code and no body', async () => {
    const { url } = await start({
      checks: [{ name: 'db', check: () => Promise.reject(new Error('x')) }],
    });
    const res = await request(`${url}/health/ready`, { method: 'HEAD' });
    expect(res.status).toBe(503);
    expect(res.text).toBe('');
  });

  it('with details shows observed duration, unit, ISO time and custom measurements', async () => {
    const clock = fakeClock(Date.UTC(2026, 10, 24, 12, 0, 0));
    const { url } = await start({
      now: clock.now,
      showDetails: 'always',
      checks: [
        {
          name: 'pool',
          check: async () => {
            clock.advance(12);
            return { observedValue: 7, observedUnit: 'connections', measurementName: 'free' };
          },
        },
      ],
    });
    const body = (await request(`${url}/health/ready`)).json();
    expect(body).toEqual({
      status: 'pass',
      checks: {
        'pool:responseTime': [
          {
            componentId: 'pool',
            status: 'pass',
            observedValue: 12,
            observedUnit: 'ms',
            time: '2026-11-24T12:00:00.012Z',
          },
        ],
        'pool:free': [
          {
            componentId: 'pool',
            status: 'pass',
            observedValue: 7,
            observedUnit: 'connections',
            time: '2026-11-24T12:00:00.012Z',
          },
        ],
      },
    });
  });

  it('decides details per request with a showDetails function, and hides them if it throws', async () => {
    const { url } = await start({
      showDetails: (req) => {
        if (req.headers['x-boom']) throw new Error('policy bug');
        return req.headers['x-internal'] === 'yes';
      },
      checks: [{ name: 'db', check: () => Promise.reject(new Error('refused')) }],
    });
    const hidden = { status: 'fail', checks: { 'db:responseTime': [{ status: 'fail' }] } };
    expect((await request(`${url}/health/ready`)).json()).toEqual(hidden);
    const internal = await request(`${url}/health/ready`, { headers: { 'x-internal': 'yes' } });
    expect(internal.json().checks).toMatchObject({
      'db:responseTime': [{ status: 'fail', output: 'refused' }],
    });
    const broken = await request(`${url}/health/ready`, {
      headers: { 'x-internal': 'yes', 'x-boom': '1' },
    });
    expect(broken.status).toBe(503);
    expect(broken.json()).toEqual(hidden);
  });
});
