import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealth } from '../src/index.js';
import { deferred, request, serve } from './helpers.js';
import { keepAliveLoad } from './keep-alive-load.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/shutdown-app.ts', import.meta.url));

interface Child {
  readonly proc: ChildProcess;
  readonly url: string;
  readonly events: Array<{ event: string; msg?: string }>;
  readonly exited: Promise<number | null>;
  waitFor(event: string): Promise<void>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const proc of children.splice(0)) if (proc.exitCode === null) proc.kill('SIGKILL');
});

async function startChild(env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(proc);
  const events: Child['events'] = [];
  const waiters: Array<{ event: string; resolve: () => void }> = [];
  const listening = deferred<number>();
  let buffer = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const parsed = JSON.parse(buffer.slice(0, nl)) as { event: string; port?: number };
      buffer = buffer.slice(nl + 1);
      events.push(parsed);
      if (parsed.event === 'listening' && parsed.port) listening.resolve(parsed.port);
      for (const w of waiters.filter((x) => x.event === parsed.event)) w.resolve();
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  exited.then(() => listening.reject(new Error('child exited before listening')));
  const port = await listening.promise;
  return {
    proc,
    url: `http://127.0.0.1:${port}`,
    events,
    exited,
    waitFor: (event) =>
      events.some((e) => e.event === event)
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ event, resolve })),
  };
}

/**
 * Polls until a fresh connection is refused; bounded so a regression fails instead of hanging.
 * A poll that connects as the server stops accepting can be reset instead: the kernel resets
 * connections still in the listen backlog when the listening socket closes, and the drain closes
 * a connection that sends no request within its grace (a stalled client). Neither is refusal,
 * so polling goes on until a connection is refused or fails some other way.
 */
async function waitUntilRefused(url: string): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    try {
      await request(`${url}/fast`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      if (code !== 'ECONNRESET') return code;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return 'still accepting';
}

describe('graceful shutdown (real process, real SIGTERM)', () => {
  it('fails readiness first, serves traffic while draining, refuses new connections, finishes in-flight work, runs hooks, exits 0', async () => {
    // The three requests after the signal must all land within the drain delay (3 s, enough for a
    // stalled test process), and the slow one must outlast it (4 s) to be finished while closing.
    const child = await startChild({ DRAIN_MS: '3000', TIMEOUT_MS: '5000' });
    expect((await request(`${child.url}/health/ready`)).status).toBe(200);
    const inFlight = request(`${child.url}/slow?ms=4000`);
    await child.waitFor('slow-start');

    child.proc.kill('SIGTERM');
    await child.waitFor('log'); // the signal has been handled
    const ready = await request(`${child.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.json()).toEqual({ status: 'fail' });
    expect((await request(`${child.url}/fast`)).status).toBe(200);
    expect((await request(`${child.url}/health/live`)).status).toBe(200);

    expect(await waitUntilRefused(child.url)).toBe('ECONNREFUSED');
    const slow = await inFlight;
    expect(slow.status).toBe(200);
    expect(slow.text).toBe('done');

    expect(await child.exited).toBe(0);
    const order = child.events.map((e) => e.event).filter((e) => e !== 'log');
    expect(order).toEqual(['listening', 'slow-start', 'slow-end', 'hook']);
  });

  it('force-closes connections and exits 1 when hooks exceed shutdownTimeoutMs', async () => {
    const child = await startChild({ DRAIN_MS: '0', TIMEOUT_MS: '300', HOOK: 'hang' });
    const t0 = performance.now();
    child.proc.kill('SIGTERM');
    expect(await child.exited).toBe(1);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(child.events.map((e) => e.event)).toContain('hook');
    expect(
      child.events.some((e) => e.msg === 'shutdown: timed out, forcing connections closed'),
    ).toBe(true);
  });

  it('force-closes a request that never finishes and exits 1 after shutdownTimeoutMs', async () => {
    const child = await startChild({ DRAIN_MS: '0', TIMEOUT_MS: '300' });
    const stuck = request(`${child.url}/never`).then(
      () => 'answered',
      (error: NodeJS.ErrnoException) => error.code,
    );
    await child.waitFor('never-start');
    child.proc.kill('SIGTERM');
    expect(await child.exited).toBe(1);
    expect(await stuck).toBe('ECONNRESET');
    expect(child.events.map((e) => e.event)).not.toContain('hook');
  });

  it('is not delayed by keep-alive connections, idle or finishing a request', async () => {
    // Exit 0 means the child's connections all ended before its 2.5 s shutdown timeout, set when
    // it stopped accepting: measured by the child's own timers, so a stall of this process
    // cannot fail it, while waiting for Node's 5 s keep-alive timeout exits 1.
    const child = await startChild({ DRAIN_MS: '0', TIMEOUT_MS: '2500' });
    const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 60_000, maxSockets: 2 });
    // Its own agent, so this connection stays idle (one shared agent reused it for /slow).
    const idle = new http.Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
    expect((await request(`${child.url}/fast`, { agent: idle })).status).toBe(200);
    const inFlight = request(`${child.url}/slow?ms=400`, { agent });
    await child.waitFor('slow-start');
    child.proc.kill('SIGTERM');
    const slow = await inFlight;
    expect(slow.status).toBe(200);
    expect(slow.headers.connection).toBe('close');
    expect(await child.exited).toBe(0);
    agent.destroy();
    idle.destroy();
  });

  it('exits 1 when an onShutdown hook throws', async () => {
    const child = await startChild({ HOOK: 'throw' });
    child.proc.kill('SIGTERM');
    expect(await child.exited).toBe(1);
  });

  it('forces exit 1 on a second signal during the drain delay', async () => {
    const child = await startChild({ DRAIN_MS: '10000' });
    child.proc.kill('SIGTERM');
    await child.waitFor('log');
    const t0 = performance.now();
    child.proc.kill('SIGINT');
    expect(await child.exited).toBe(1);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('graceful shutdown under keep-alive load (real process, real SIGTERM)', () => {
  // Each case: 50 clients, one persistent socket each, sending back-to-back through SIGTERM.
  // The drain delay is the time every client has to send one more request and be told to
  // leave; after it, an idle connection is closed. The short cases use 2 s, not less: a client
  // process stalled longer than the delay (a loaded CI machine) still holds an answer without
  // `Connection: close` and would send its next request on a closed socket. How long the drain
  // is does not matter here; that no request is dropped does.
  it.each([
    { drain: '2000', drainMs: 2000, intercept: '0' },
    { drain: 'default', drainMs: 5000, intercept: '0' },
    { drain: '2000', drainMs: 2000, intercept: '1' },
  ])(
    'drops no request on 50 busy keep-alive connections (drainDelayMs $drain, interceptProbes $intercept): clients leave on Connection: close, 0 resets, exit 0',
    async ({ drain, drainMs, intercept }) => {
      const child = await startChild({
        DRAIN_MS: drain,
        TIMEOUT_MS: '10000',
        INTERCEPT: intercept,
      });
      // Probes on the same persistent sockets, as a load balancer's health checks would be.
      const load = keepAliveLoad(child.url, {
        connections: 50,
        paths: ['/work', '/work', '/health/ready'],
      });
      await load.warmedUp;
      const t0 = performance.now();
      child.proc.kill('SIGTERM');
      load.markSent();
      const report = await load.done;
      const code = await child.exited;
      const exitMs = performance.now() - t0;

      expect(report.errors).toEqual({});
      // Every piece of work answered 200; readiness answered 200, or 503 once the signal landed.
      const expected = new Set(['/work 200', '/health/ready 200', '/health/ready 503']);
      expect(Object.keys(report.statuses).filter((k) => !expected.has(k))).toEqual([]);
      expect(report.leftOnClose).toBe(50);
      expect(report.answeredAfterMark).toBeGreaterThan(50);
      expect(code).toBe(0);
      // Readiness had its drain time, and nothing waited for the 10 s shutdown timeout.
      expect(exitMs).toBeGreaterThanOrEqual(drainMs - 50);
      expect(exitMs).toBeLessThan(drainMs + 8000);
    },
    30_000,
  );
});

describe('shutdown() in process', () => {
  it('runs the sequence once, passes the exit code to the exit option and detaches signal handlers', async () => {
    const codes: number[] = [];
    const before = process.listenerCount('SIGTERM');
    const health = createHealth({ drainDelayMs: 0, exit: (code) => codes.push(code) });
    const served = await serve((_req, res) => res.end('ok'));
    health.attach(served.server);
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    const [a, b] = await Promise.all([health.shutdown(), health.shutdown()]);
    expect([a, b]).toEqual([0, 0]);
    expect(codes).toEqual([0]);
    expect(health.isShuttingDown()).toBe(true);
    expect(served.server.listening).toBe(false);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('detach() removes the signal handlers', async () => {
    const before = process.listenerCount('SIGINT');
    const health = createHealth({ exit: () => {} });
    const served = await serve((_req, res) => res.end('ok'));
    const detach = health.attach(served.server);
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    detach();
    expect(process.listenerCount('SIGINT')).toBe(before);
    health.close();
    await served.close();
  });
});
