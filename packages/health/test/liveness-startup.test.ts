import { afterEach, describe, expect, it } from 'vitest';
import { createEventLoopMonitor, type DelayHistogram } from '../src/event-loop.js';
import { createHealth, type Health, type HealthOptions } from '../src/index.js';
import { fakeClock, request, type Served, serveRouter } from './helpers.js';

const open: Array<{ served: Served; health: Health }> = [];
async function start(options: HealthOptions): Promise<{ url: string; health: Health }> {
  const health = createHealth(options);
  const served = await serveRouter(health.router());
  open.push({ served, health });
  return { url: served.url, health };
}
afterEach(async () => {
  for (const { served, health } of open.splice(0)) {
    health.close();
    await served.close();
  }
});

const down = (): Promise<never> => Promise.reject(new Error('partner down'));

describe('GET /health/live', () => {
  it('stays 200 while a dependency is down and readiness is 503', async () => {
    let runs = 0;
    const { url } = await start({
      checks: [
        {
          name: 'partner',
          check: () => {
            runs += 1;
            return down();
          },
        },
      ],
    });
    expect((await request(`${url}/health/ready`)).status).toBe(503);
    const live = await request(`${url}/health/live`);
    expect(live.status).toBe(200);
    expect(live.json()).toEqual({
      status: 'pass',
      checks: { 'eventLoop:delay': [{ status: 'pass' }] },
    });
    expect(runs).toBe(1);
  });

  it('answers 503 once the app calls markBroken, with the reason only in details', async () => {
    const { url, health } = await start({ showDetails: 'always' });
    health.markBroken('worker pool deadlocked');
    const live = await request(`${url}/health/live`);
    expect(live.status).toBe(503);
    expect(live.json()).toMatchObject({ status: 'fail', output: 'worker pool deadlocked' });
  });

  it('stays 200 during shutdown so the orchestrator does not kill a draining pod', async () => {
    const { url, health } = await start({ drainDelayMs: 300, exit: () => {} });
    void health.shutdown();
    expect((await request(`${url}/health/ready`)).status).toBe(503);
    expect((await request(`${url}/health/live`)).status).toBe(200);
  });
});

describe('event loop monitor', () => {
  function fakeHistogram(p99Ms: number[]): DelayHistogram & { resets: number } {
    const h = {
      resets: 0,
      percentile: () => (p99Ms.shift() ?? 0) * 1e6,
      reset: () => {
        h.resets += 1;
      },
      enable: () => true,
      disable: () => true,
    };
    return h;
  }

  it('reports the worse of the last full window and the current one', () => {
    const clock = fakeClock();
    const monitor = createEventLoopMonitor(clock.now, fakeHistogram([1500, 1500, 3, 4]));
    expect(monitor.delayMs()).toBe(0); // first probe starts sampling
    expect(monitor.delayMs()).toBe(1500);
    clock.advance(10_000);
    expect(monitor.delayMs()).toBe(1500); // window rolled: 1500 kept as previous
    clock.advance(10_000);
    expect(monitor.delayMs()).toBe(3); // a healthy window replaces it
    expect(monitor.delayMs()).toBe(4);
  });

  it('fails liveness when the event loop is blocked beyond maxEventLoopDelayMs', async () => {
    const { url } = await start({ maxEventLoopDelayMs: 30 });
    expect((await request(`${url}/health/live`)).status).toBe(200);
    // Block the loop in bounded 80 ms slices so the sampler sees sustained delay.
    for (let i = 0; i < 8; i += 1) {
      const until = performance.now() + 80;
      while (performance.now() < until) {
        // busy
      }
      await new Promise((r) => setImmediate(r));
    }
    expect((await request(`${url}/health/live`)).status).toBe(503);
  });
});

describe('GET /health/startup', () => {
  it('is 503 until every startup-tagged check has passed once, then latches 200', async () => {
    let ok = false;
    let runs = 0;
    const { url } = await start({
      checks: [
        {
          name: 'scopes',
          tags: ['startup'],
          cacheMs: 0,
          check: async () => {
            runs += 1;
            if (!ok) throw new Error('scope check failed');
          },
        },
      ],
    });
    expect((await request(`${url}/health/startup`)).status).toBe(503);
    ok = true;
    expect((await request(`${url}/health/startup`)).status).toBe(200);
    ok = false;
    expect((await request(`${url}/health/startup`)).status).toBe(200);
    expect(runs).toBe(2);
  });

  it('becomes 200 on markReady even while startup checks fail', async () => {
    const { url, health } = await start({
      checks: [{ name: 'scopes', tags: ['startup'], check: down }],
    });
    expect((await request(`${url}/health/startup`)).status).toBe(503);
    health.markReady();
    expect((await request(`${url}/health/startup`)).status).toBe(200);
  });

  it('passes at once when no check is tagged startup', async () => {
    const { url } = await start({ checks: [{ name: 'partner', check: down }] });
    expect((await request(`${url}/health/startup`)).status).toBe(200);
  });

  it('keeps startup-only checks out of readiness and ready-only checks out of startup', async () => {
    const ran: string[] = [];
    const track = (name: string) => async () => void ran.push(name);
    const { url } = await start({
      checks: [
        { name: 'boot', tags: ['startup'], check: track('boot') },
        { name: 'db', check: track('db') },
        { name: 'both', tags: ['startup', 'ready'], check: track('both') },
      ],
    });
    await request(`${url}/health/ready`);
    expect(ran.sort()).toEqual(['both', 'db']);
    ran.length = 0;
    await request(`${url}/health/startup`);
    expect(ran).toEqual(['boot']); // "both" is still cached from /ready
  });
});
