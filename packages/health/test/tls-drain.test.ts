import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHealth } from '../src/index.js';

// The drain tracks the TLS sockets requests arrive on (secureConnection), not the raw TCP ones.

const run = promisify(execFile);
let dir = '';
let tls: { key: Buffer; cert: Buffer } | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-health-tls-'));
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    tls = {
      key: await readFile(join(dir, 'key.pem')),
      cert: await readFile(join(dir, 'cert.pem')),
    };
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    console.warn('openssl not found (apt-get install openssl): skipping the TLS drain test');
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function get(url: string, agent: https.Agent): Promise<{ status: number; connection?: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { agent, rejectUnauthorized: false }, (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }),
        );
      })
      .on('error', reject);
  });
}

describe('graceful shutdown over TLS', () => {
  it('tells keep-alive TLS clients to close during the drain and closes idle TLS connections when it stops accepting', async (ctx) => {
    if (tls === undefined) ctx.skip();
    const codes: number[] = [];
    // Exit 0 means every connection ended before a 2.5 s shutdown timeout set when the server
    // stopped accepting fired: timer order, not wall clock, so Node's 5 s keep-alive timeout
    // cannot be what closed the idle one, however loaded the machine.
    const health = createHealth({
      drainDelayMs: 300,
      shutdownTimeoutMs: 2500,
      exit: (code) => codes.push(code),
    });
    const server = https.createServer(tls ?? {}, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    health.attach(server);
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const busy = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const idle = new https.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await get(url, busy)).connection).not.toBe('close');
      expect((await get(url, idle)).connection).not.toBe('close');
      const exited = health.shutdown();
      expect(await get(url, busy)).toEqual({ status: 200, connection: 'close' });
      // The idle one was closed when the server stopped accepting, not by the keep-alive timeout.
      expect(await exited).toBe(0);
      expect(codes).toEqual([0]);
    } finally {
      busy.destroy();
      idle.destroy();
      health.close();
      server.closeAllConnections();
      server.close();
    }
  });
});
