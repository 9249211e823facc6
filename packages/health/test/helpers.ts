import http, { type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';

/** A server on 127.0.0.1 with a random port. */
export interface Served {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function serve(handler: http.RequestListener): Promise<Served> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An Express app with only the health router, served on 127.0.0.1. */
export function serveRouter(router: Router): Promise<Served> {
  const app = express();
  app.use(router);
  return serve(app);
}

export interface Fetched {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly json: () => Record<string, unknown>;
}

/** One request on a fresh connection (no keep-alive pool), so tests see the server's real state. */
export function request(
  url: string,
  {
    method = 'GET',
    headers = {},
    agent = false,
  }: { method?: string; headers?: Record<string, string>; agent?: http.Agent | false } = {},
): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          json: () => JSON.parse(text),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A promise and the functions that settle it. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A manual clock for cache expiry. */
export function fakeClock(start = Date.UTC(2026, 0, 1)): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/**
 * Whether the server had answered the probe `ms` after now, in event-loop order rather than by
 * wall clock: Node fires due timers in deadline order, and the probe is answered in the same
 * turn as the check timeout that decides it. So an answer that follows a shorter timeout set
 * earlier is always in before this runs, however long a loaded machine stalls; an answer that
 * waits for anything longer is not.
 */
export function answeredWithin(
  ms: number,
  probe: () => ServerResponse | undefined,
): Promise<boolean> {
  return new Promise((resolve) => setTimeout(() => resolve(probe()?.writableEnded === true), ms));
}

/** The response of the (one) probe the server received; the app's listener has run by then. */
export function lastResponse(served: Served): () => ServerResponse | undefined {
  let last: ServerResponse | undefined;
  served.server.on('request', (_req, res: ServerResponse) => {
    last = res;
  });
  return () => last;
}
