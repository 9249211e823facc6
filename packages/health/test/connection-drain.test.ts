import net from 'node:net';
import { until } from '@preflight/test-harness';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealth, type Health } from '../src/index.js';
import { deferred, type Served, serve } from './helpers.js';

// In-process edge cases of the drain, on raw sockets so every byte the server sends is visible.

interface Exchange {
  /** Everything the server sent before it closed the connection. */
  readonly received: Promise<Buffer>;
  write(data: string): void;
  readonly socket: net.Socket;
}

function connect(url: string, { paused = false } = {}): Promise<Exchange> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    const received = new Promise<Buffer>((done) => {
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('close', () => done(Buffer.concat(chunks)));
    });
    socket.on('error', () => {}); // a reset shows as missing bytes in `received`
    if (paused) socket.pause();
    socket.once('connect', () =>
      resolve({ received, socket, write: (data) => socket.write(data) }),
    );
    socket.once('error', reject);
  });
}

/** Splits a byte stream of HTTP/1.1 responses with Content-Length bodies. */
function responses(raw: Buffer): Array<{ headers: string; body: string }> {
  const out: Array<{ headers: string; body: string }> = [];
  let rest = raw;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const headers = rest.subarray(0, end).toString('latin1').toLowerCase();
    const length = Number(/content-length: (\d+)/.exec(headers)?.[1] ?? 0);
    const body = rest.subarray(end + 4, end + 4 + length);
    if (body.length < length) break;
    out.push({ headers, body: body.toString('latin1') });
    rest = rest.subarray(end + 4 + length);
  }
  return out;
}

const get = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;

const open: Array<{ health: Health; served: Served }> = [];
afterEach(async () => {
  for (const { health, served } of open.splice(0)) {
    health.close();
    await served.close();
  }
});

async function start(
  handler: Parameters<typeof serve>[0],
  options: { drainDelayMs: number; interceptProbes?: boolean; shutdownTimeoutMs?: number },
): Promise<{ url: string; health: Health; exitCodes: number[] }> {
  const exitCodes: number[] = [];
  const health = createHealth({
    shutdownTimeoutMs: 10_000,
    ...options,
    exit: (code) => exitCodes.push(code),
  });
  const served = await serve(handler);
  health.attach(served.server);
  open.push({ health, served });
  return { url: served.url, health, exitCodes };
}

describe('graceful shutdown: connection drain', () => {
  it('answers pipelined requests during the drain and ends the connection only with the last response', async () => {
    const { url, health } = await start(
      (req, res) => setTimeout(() => res.end(`answer ${req.url}`), 30),
      { drainDelayMs: 2000 },
    );
    const client = await connect(url);
    void health.shutdown();
    client.write(get('/a') + get('/b') + get('/c'));
    const answers = responses(await client.received);
    expect(answers.map((a) => a.body)).toEqual(['answer /a', 'answer /b', 'answer /c']);
    expect(answers.map((a) => a.headers.includes('connection: close'))).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('delivers a response still being written when the server stops accepting, whole', async () => {
    const size = 64 * 1024 * 1024; // far more than the loopback socket buffers hold
    const ended = deferred();
    const { url, health, exitCodes } = await start(
      (_req, res) => {
        res.writeHead(200, { 'content-length': size });
        res.end(Buffer.alloc(size, 0x61));
        ended.resolve();
      },
      { drainDelayMs: 0 },
    );
    const client = await connect(url, { paused: true });
    client.write(get('/big'));
    await ended.promise;
    const exited = health.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 100));
    client.socket.resume();
    const [answer] = responses(await client.received);
    expect(answer?.body.length).toBe(size);
    expect(await exited).toBe(0);
    expect(exitCodes).toEqual([0]);
  });

  it('answers the first request of a connection accepted just before the server stopped accepting', async () => {
    const { url, health, exitCodes } = await start((_req, res) => res.end('late but answered'), {
      drainDelayMs: 0,
    });
    const client = await connect(url);
    const exited = health.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 100));
    client.write(get('/late'));
    const answers = responses(await client.received);
    expect(answers.map((a) => a.body)).toEqual(['late but answered']);
    expect(answers[0]?.headers).toContain('connection: close');
    expect(await exited).toBe(0);
    expect(exitCodes).toEqual([0]);
  });

  it('answers a first request that reached the kernel while the process stalled past the grace', async () => {
    const { url, health, exitCodes } = await start((_req, res) => res.end('arrived in time'), {
      drainDelayMs: 0,
    });
    const client = await connect(url);
    const exited = health.shutdown();
    // The idle sweep (scheduled by shutdown) has run: the connection's grace period has begun.
    await new Promise((resolve) => setImmediate(resolve));
    client.write(get('/late'));
    // A stall longer than the grace: when the process runs again its timer is due, and timers run
    // before the poll phase reads the request that has been waiting in the socket all along.
    const stallEnd = performance.now() + 1500;
    while (performance.now() < stallEnd) {
      // stalled
    }
    const answers = responses(await client.received);
    expect(answers.map((a) => a.body)).toEqual(['arrived in time']);
    expect(answers[0]?.headers).toContain('connection: close');
    expect(await exited).toBe(0);
    expect(exitCodes).toEqual([0]);
  });

  it('does not close a used connection while its next request is half received', async () => {
    const { url, health, exitCodes } = await start((req, res) => res.end(`answer ${req.url}`), {
      drainDelayMs: 0,
    });
    const client = await connect(url);
    client.write(get('/first'));
    await new Promise<void>((resolve) => client.socket.once('data', () => resolve()));
    const second = get('/second');
    client.write(second.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const exited = health.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.write(second.slice(10));
    const answers = responses(await client.received);
    expect(answers.map((a) => a.body)).toEqual(['answer /first', 'answer /second']);
    expect(answers[1]?.headers).toContain('connection: close');
    expect(await exited).toBe(0);
    expect(exitCodes).toEqual([0]);
  });

  it('closes a connection whose unread request body was drained after the answer, without waiting for the keep-alive timeout', async () => {
    let drained = false;
    // Exit 0 means every connection ended before a 2.5 s timer set at close: in timer order,
    // so Node's 5 s keep-alive timeout cannot be what closed it, however loaded the machine.
    const { url, health } = await start(
      (req, res) => {
        req.once('end', () => {
          drained = true;
        });
        res.end('not reading that');
      },
      { drainDelayMs: 0, shutdownTimeoutMs: 2500 },
    );
    const client = await connect(url);
    const body = 'x'.repeat(200_000);
    client.write(
      `POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    await new Promise<void>((resolve) => client.socket.once('data', () => resolve()));
    await until(() => drained, 'the unread body drained', { everyMs: 5 });
    expect(await health.shutdown()).toBe(0);
    expect(responses(await client.received).map((a) => a.body)).toEqual(['not reading that']);
  });

  it('closes a connection that never sends a request after a short grace, without waiting for the shutdown timeout', async () => {
    // Exit 0: closed before a 5 s shutdown timeout set at close fired (in timer order).
    const { url, health } = await start((_req, res) => res.end('unused'), {
      drainDelayMs: 0,
      shutdownTimeoutMs: 5000,
    });
    const client = await connect(url);
    expect(await health.shutdown()).toBe(0);
    expect((await client.received).length).toBe(0);
  });

  it('closes an idle keep-alive connection once the server stops accepting', async () => {
    // Exit 0: closed before a 2.5 s shutdown timeout fired, so not by the 5 s keep-alive timeout.
    const { url, health } = await start((_req, res) => res.end('once'), {
      drainDelayMs: 0,
      shutdownTimeoutMs: 2500,
    });
    const client = await connect(url);
    client.write(get('/once'));
    await new Promise<void>((resolve) => client.socket.once('data', () => resolve()));
    expect(await health.shutdown()).toBe(0);
    expect(responses(await client.received).map((a) => a.body)).toEqual(['once']);
  });

  it('with interceptProbes, probe answers during the drain end their keep-alive connection too', async () => {
    const { url, health } = await start((_req, res) => res.end('app'), {
      drainDelayMs: 2000,
      interceptProbes: true,
    });
    const client = await connect(url);
    void health.shutdown();
    client.write(get('/health/ready'));
    const [answer] = responses(await client.received);
    expect(answer?.headers).toMatch(/^http\/1\.1 503/);
    expect(answer?.headers).toContain('connection: close');
  });
});
