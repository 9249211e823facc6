import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the partner saw it. */
export interface Arrival {
  /** Epoch ms with sub-ms precision. */
  readonly at: number;
  readonly worker: string;
  readonly status: number;
}

/** Options of {@link startPartner}. */
export interface PartnerOptions {
  /** The partner's own limit: at most `requests` accepted in any `perMs` window. */
  readonly limit: { readonly requests: number; readonly perMs: number };
  /** Answer this (1-based) request 429 with `Retry-After` seconds, once. */
  readonly throttleRequest?: { readonly nth: number; readonly retryAfterSeconds: number };
}

const clock = () => performance.timeOrigin + performance.now();

/**
 * A partner API on 127.0.0.1 that enforces its limit itself: a request beyond `requests` in
 * the last `perMs` (accepted requests counted) is a violation and gets 429.
 */
export async function startPartner(options: PartnerOptions) {
  const arrivals: Arrival[] = [];
  const accepted: number[] = [];
  let violations = 0;
  let throttledAt: number | undefined;
  const { requests, perMs } = options.limit;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const at = clock();
    const worker = String(req.headers['x-worker'] ?? '?');
    let status = 200;
    const headers: Record<string, string> = {};
    while (accepted.length > 0 && (accepted[0] as number) <= at - perMs) accepted.shift();
    if (options.throttleRequest?.nth === arrivals.length + 1) {
      status = 429;
      headers['retry-after'] = String(options.throttleRequest.retryAfterSeconds);
      throttledAt = at;
    } else if (accepted.length >= requests) {
      status = 429;
      headers['retry-after'] = '1';
      violations += 1;
    } else {
      accepted.push(at);
    }
    arrivals.push({ at, worker, status });
    res.writeHead(status, headers).end();
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    violations: () => violations,
    throttledAt: () => throttledAt,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Partner = Awaited<ReturnType<typeof startPartner>>;
