import type { IncomingMessage, ServerResponse } from 'node:http';

// requestLogger() and httpMetrics() both time a request and read the same facts when it ends.
// They share one 'close' listener per response and, when they use the same clock, one start
// stamp and one end reading, so a log line's `duration_ms` is the duration the histogram got.

/** Monotonic milliseconds; the default clock of every Preflight middleware. */
export type Clock = () => number;

/** The default {@link Clock}: `performance.now()`. One function, so middlewares share stamps. */
export const monotonicNow: Clock = () => performance.now();

/** What a finished (or aborted) request reports to each {@link onRequestEnd} listener. */
export interface RequestEnd {
  /** Milliseconds from the first `onRequestEnd` with this clock to the response's 'close'. */
  readonly durationMs: number;
  /** The response did not finish: the client went away or the socket broke. */
  readonly aborted: boolean;
  /** The status sent, or `undefined` when no headers went out. */
  readonly status: number | undefined;
  /** Request `Content-Length`, when it is a valid byte count. */
  readonly requestBytes: number | undefined;
  /** Response `Content-Length`, when it is a valid byte count. */
  readonly responseBytes: number | undefined;
}

interface Watch {
  readonly now: Clock;
  readonly start: number;
  readonly listener: (end: RequestEnd) => void;
}

// The listeners of one response live on the response itself, under this module's own symbol:
// only this file reads it. A WeakMap keyed by every response cost 1-3 µs per request (V8's
// ephemeron bookkeeping for a stream of short-lived keys), several times the rest of it.
const WATCHES = Symbol('@preflight/express-route request end');
type Watched = { [WATCHES]?: Watch[] };

/**
 * Stamps the start of `req` with `now()` (or reuses the stamp an earlier middleware took with
 * the same clock) and calls `listener` once when `res` closes, after 'finish' or on abort. All
 * listeners of one response hang off one 'close' listener and see the same status and sizes;
 * those with the same clock get the same duration. A throwing listener never reaches the
 * response or the other listeners: each must report its own failures.
 */
export function onRequestEnd(
  req: IncomingMessage,
  res: ServerResponse,
  now: Clock,
  listener: (end: RequestEnd) => void,
): void {
  const watched = res as ServerResponse & Watched;
  let list = watched[WATCHES];
  if (list === undefined) {
    const created: Watch[] = [];
    list = created;
    watched[WATCHES] = created;
    // 'close' fires exactly once, after 'finish' or on abort; on() avoids once()'s wrapper.
    res.on('close', () => ended(req, res, created));
  }
  let start: number | undefined;
  for (const watch of list) if (watch.now === now) start = watch.start;
  list.push({ now, start: start ?? now(), listener });
}

function ended(req: IncomingMessage, res: ServerResponse, list: readonly Watch[]): void {
  const aborted = !res.writableFinished;
  const status = res.headersSent ? res.statusCode : undefined;
  const requestBytes = contentLength(req.headers['content-length']);
  const responseBytes = contentLength(res.getHeader('content-length'));
  const ends: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const watch = list[i] as Watch;
    try {
      // One end reading per clock: a clock an earlier listener used gives the same end.
      let end: number | undefined;
      for (let j = 0; j < i && end === undefined; j++) {
        if ((list[j] as Watch).now === watch.now) end = ends[j];
      }
      end ??= watch.now();
      ends[i] = end;
      watch.listener({
        durationMs: end - watch.start,
        aborted,
        status,
        requestBytes,
        responseBytes,
      });
    } catch {
      // The listener's package reports its own failures; the others still get their call.
    }
  }
}

/**
 * A `Content-Length` value as a byte count: a safe integer >= 0, or a string of decimal digits
 * only (RFC 9110 `1*DIGIT`, so no `0x10`, `1e3`, sign or blank), else `undefined`.
 */
export function contentLength(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || !/^[0-9]{1,16}$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}
