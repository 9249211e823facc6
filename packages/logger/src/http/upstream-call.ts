import { validRequestId } from './request-id.js';

/** Response headers as fetch's `Headers` or Node's `IncomingHttpHeaders`-like record. */
export type HeadersLike =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | number | undefined>>;

/** Headers partners use for their request id, checked in order. */
export const UPSTREAM_REQUEST_ID_HEADERS: readonly string[] = [
  'x-request-id',
  'request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-correlation-id',
  'x-trace-id',
  'cf-ray',
];

/** Minimal logger shape: pino's `logger.info(obj, msg)` (any pino logger fits). */
export interface UpstreamCallLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** One outbound call to a partner API. */
export interface UpstreamCall {
  /** Partner name, e.g. `payments`. */
  readonly upstream: string;
  /** HTTP method. */
  readonly method: string;
  /** Called URL; logged as origin + path, never with its query string. */
  readonly url?: string | URL;
  /** Response status, when a response arrived. */
  readonly status?: number;
  /** Call duration in milliseconds. */
  readonly durationMs?: number;
  /** Response headers, read for the upstream's request id. */
  readonly headers?: HeadersLike;
  /** The error, when the call failed. */
  readonly error?: unknown;
}

/** The partner's request id from `headers` (first valid one of `names`), else `undefined`. */
export function upstreamRequestId(
  headers: HeadersLike | undefined,
  names: readonly string[] = UPSTREAM_REQUEST_ID_HEADERS,
): string | undefined {
  if (headers === undefined || headers === null) return undefined;
  for (const name of names) {
    let value: unknown;
    try {
      value =
        typeof (headers as { get?: unknown }).get === 'function'
          ? (headers as { get(n: string): string | null }).get(name)
          : (headers as Record<string, unknown>)[name];
    } catch {
      continue;
    }
    const id = validRequestId(typeof value === 'number' ? String(value) : value, 256);
    if (id !== undefined) return id;
  }
  return undefined;
}

function pathOnly(url: string | URL | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(String(url));
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    const s = String(url);
    const q = s.search(/[?#]/);
    return q < 0 ? s : s.slice(0, q);
  }
}

/**
 * Logs one outbound call with the partner's request id next to it (`upstream_request_id`), so
 * a support ticket can quote both ids. Level: error for failures and 5xx, warn for 4xx.
 * Use the request-scoped logger (`getLogger(base)`) so the line also carries `request_id`.
 */
export function logUpstreamCall(logger: UpstreamCallLogger, call: UpstreamCall): void {
  const status = call.status;
  const line = {
    upstream: call.upstream,
    method: call.method,
    url: pathOnly(call.url),
    status,
    duration_ms:
      call.durationMs === undefined ? undefined : Math.round(call.durationMs * 100) / 100,
    upstream_request_id: upstreamRequestId(call.headers),
    err: call.error,
  };
  if (call.error !== undefined || (status !== undefined && status >= 500)) {
    logger.error(line, 'upstream call failed');
  } else if (status !== undefined && status >= 400) {
    logger.warn(line, 'upstream call rejected');
  } else {
    logger.info(line, 'upstream call');
  }
}
