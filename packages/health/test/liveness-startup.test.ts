import { afterEach, describe, expect, it } from 'vitest';
import { createHealth, type Health, type HealthOptions } from '../src/index.js';
import { createEndpoints } from '../src/probes/endpoints.js';
import { createEventLoopMonitor, type DelayHistogram } from '../src/probes/event-loop.js';
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
      count: 500, // a full window's worth at 20 ms resolution, so p99 is read as is
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

  /** Holds real samples (ms) and ranks percentiles like HdrHistogram. */
  function sampleHistogram(): DelayHistogram & { record: (...ms: number[]) => void } {
    let samples: number[] = [];
    return {
      get count() {
        return samples.length;
      },
      record: (...ms) => void samples.push(...ms),
      percentile: (p) => {
        const sorted = [...samples].sort((a, b) => a - b);
        const rank = Math.max(1, Math.trunc((p / 100) * sorted.length + 0.5));
        return (sorted[rank - 1] ?? 0) * 1e6;
      },
      reset: () => {
        samples = [];
      },
      enable: () => true,
      disable: () => true,
    };
  }

  function liveStatus(histogram: DelayHistogram, clock: ReturnType<typeof fakeClock>) {
    const endpoints = createEndpoints({
      state: {
        notReadyReason: undefined,
        brokenReason: undefined,
        shuttingDown: false,
        started: true,
      },
      readyRunners: [],
      startupRunners: [],
      maxBodyBytes: 32_768,
      monitor: createEventLoopMonitor(clock.now, histogram),
      maxEventLoopDelayMs: 1000,
      now: clock.now,
      onReady: () => {},
    });
    return () => endpoints.live(false).statusCode;
  }

  it('stays live when one huge pause lands in a fresh window with few samples', () => {
    const clock = fakeClock();
    const histogram = sampleHistogram();
    const live = liveStatus(histogram, clock);
    expect(live()).toBe(200); // first probe starts sampling
    histogram.record(20, 20, 3000, 20, 20); // startup JIT pause
    clock.advance(1000);
    expect(live()).toBe(200);
    histogram.record(...Array<number>(40).fill(20));
    clock.advance(1000);
    expect(live()).toBe(200);
    histogram.record(...Array<number>(450).fill(20));
    clock.advance(8000);
    expect(live()).toBe(200); // the full window has enough samples for p99 to discount it
  });

  it('answers 503 when the delay is sustained across a full window', () => {
    const clock = fakeClock();
    const histogram = sampleHistogram();
    const live = liveStatus(histogram, clock);
    expect(live()).toBe(200);
    for (let i = 0; i < 5; i += 1) {
      histogram.record(2000);
      clock.advance(2000);
    }
    expect(live()).toBe(503);
    expect(live()).toBe(503); // the full window stays judged while the next one fills
  });

  it('answers 503 before the window ends once two samples agree on the delay', () => {
    const clock = fakeClock();
    const histogram = sampleHistogram();
    const live = liveStatus(histogram, clock);
    expect(live()).toBe(200);
    histogram.record(20, 3000, 20);
    clock.advance(3000);
    expect(live()).toBe(200);
    histogram.record(3000, 20);
    clock.advance(3000);
    expect(live()).toBe(503);
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
    // A clock that stands still: "both" stays cached (default cacheMs) however slow the machine.
    const clock = fakeClock();
    const { url } = await start({
      now: clock.now,
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

  it('runs no ready-only check for startup, even when none is cached', async () => {
    // The test above cannot tell: "db" is cached from /ready there, so it would not run anyway.
    const ran: string[] = [];
    const track = (name: string) => async () => void ran.push(name);
    const { url } = await start({
      now: fakeClock().now,
      checks: [
        { name: 'boot', tags: ['startup'], check: track('boot') },
        { name: 'db', check: track('db') },
        { name: 'both', tags: ['startup', 'ready'], check: track('both') },
      ],
    });
    expect((await request(`${url}/health/startup`)).status).toBe(200);
    expect(ran.sort()).toEqual(['boot', 'both']);
  });
});
