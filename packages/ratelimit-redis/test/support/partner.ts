import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMITTED_AT_HEADER, TURN_AT_HEADER } from './admission-stamps.js';

/** One request as the partner saw it. */
export interface Arrival {
  /** Epoch ms with sub-ms precision. */
  readonly at: number;
  readonly worker: string;
  readonly status: number;
  /** The send's admission stamps (epoch ms), when it carried them (see admission-stamps.ts). */
  readonly admittedAt: number | undefined;
  readonly turnAt: number | undefined;
}

/** Options of {@link startPartner}. */
export interface PartnerOptions {
  /** The partner's own limit: at most `requests` accepted in any `perMs` window. */
  readonly limit: { readonly requests: number; readonly perMs: number };
  /** Answer this (1-based) request 429 with `Retry-After` seconds, once. */
  readonly throttleRequest?: { readonly nth: number; readonly retryAfterSeconds: number };
  /**
   * `'turn'`: the limit holds on each send's admission turn (its `x-turn-at`, else its arrival)
   * instead of its arrival: what the store spaced, without the delay a stalled process adds
   * between admission and arrival (two sends a turn apart can arrive at once). Sends that
   * arrive before their turn still count as violations. @default 'arrival'
   */
  readonly judgeBy?: 'arrival' | 'turn';
}

const stamp = (value: string | string[] | undefined): number | undefined => {
  const n = Number(value);
  return typeof value === 'string' && Number.isFinite(n) ? n : undefined;
};

/** Inserts `t` into the ascending `times`. */
function insert(times: number[], t: number): void {
  let i = times.length;
  while (i > 0 && (times[i - 1] as number) > t) i -= 1;
  times.splice(i, 0, t);
}

/** Most of the ascending `times` in one `perMs` window that also holds `t` (not counted). */
function busiestAround(times: readonly number[], t: number, perMs: number): number {
  let most = 0;
  let end = 0;
  for (let start = 0; start < times.length; start += 1) {
    const from = times[start] as number;
    if (from <= t - perMs) continue;
    if (from > t) break;
    // Windows starting at `from` (or at `t`, when `from` is later) hold t.
    while (end < times.length && (times[end] as number) < from + perMs) end += 1;
    most = Math.max(most, end - start);
  }
  // The window starting at t itself.
  let inside = 0;
  for (const x of times) if (x >= t && x < t + perMs) inside += 1;
  return Math.max(most, inside);
}

const clock = () => performance.timeOrigin + performance.now();
// Redis's clock, the workers' Date.now and this performance clock may differ by a few ms.
export const CLOCK_SKEW_MS = 20;

/**
 * A partner API on 127.0.0.1 that enforces its limit itself: a request that would make any
 * `perMs` window hold more than `requests` accepted ones (by arrival, or by turn: `judgeBy`)
 * is a violation and gets 429.
 */
export async function startPartner(options: PartnerOptions) {
  const arrivals: Arrival[] = [];
  const accepted: number[] = [];
  let violations = 0;
  let throttledAt: number | undefined;
  const { requests, perMs } = options.limit;
  const byTurn = options.judgeBy === 'turn';

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const at = clock();
    const worker = String(req.headers['x-worker'] ?? '?');
    const admittedAt = stamp(req.headers[ADMITTED_AT_HEADER]);
    const turnAt = stamp(req.headers[TURN_AT_HEADER]);
    // Judged by turn, a send before its turn (beyond clock skew) spent budget it was not given.
    const early = byTurn && turnAt !== undefined && at < turnAt - CLOCK_SKEW_MS;
    const t = byTurn && turnAt !== undefined ? turnAt : at;
    let status = 200;
    const headers: Record<string, string> = {};
    // Turns may arrive slightly out of order: keep two windows behind the latest.
    const keepFrom = Math.max(t, accepted[accepted.length - 1] ?? t) - 2 * perMs;
    while (accepted.length > 0 && (accepted[0] as number) <= keepFrom) accepted.shift();
    if (options.throttleRequest?.nth === arrivals.length + 1) {
      status = 429;
      headers['retry-after'] = String(options.throttleRequest.retryAfterSeconds);
      throttledAt = at;
    } else if (early || busiestAround(accepted, t, perMs) >= requests) {
      status = 429;
      headers['retry-after'] = '1';
      violations += 1;
    } else {
      insert(accepted, t);
    }
    arrivals.push({ at, worker, status, admittedAt, turnAt });
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
