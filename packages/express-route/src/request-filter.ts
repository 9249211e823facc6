import type { IncomingMessage } from 'node:http';

/**
 * Requests to leave out of logs and metrics (health probes, `/metrics` scrapes): exact paths,
 * matched against `originalUrl ?? url` without the query string, or a predicate.
 */
export type RequestIgnore = readonly string[] | ((req: IncomingMessage) => boolean);

/** What an invalid `ignore` value must be, for the caller's own option error. */
export const REQUEST_IGNORE_ACCEPTED =
  "a function (req) => boolean or an array of paths starting with '/'";

/** The outcome of {@link createRequestFilter}: a matcher, or why the value was refused. */
export type RequestFilterResult =
  | {
      readonly ok: true;
      /** True for requests to leave out; `undefined` when nothing is ever left out. */
      readonly ignores: ((req: IncomingMessage) => boolean) | undefined;
    }
  | { readonly ok: false; readonly accepted: string };

/**
 * Validates an `ignore` option once, at creation. It does not throw: each package turns a
 * refusal into its own option error (`MetricsOptionError`, `LoggerOptionError`) naming the
 * option. A predicate is returned as is, so the caller decides what a throwing one means.
 */
export function createRequestFilter(ignore: unknown): RequestFilterResult {
  if (ignore === undefined) return { ok: true, ignores: undefined };
  if (typeof ignore === 'function') {
    return { ok: true, ignores: ignore as (req: IncomingMessage) => boolean };
  }
  if (!Array.isArray(ignore) || !ignore.every((p) => typeof p === 'string' && p.startsWith('/'))) {
    return { ok: false, accepted: REQUEST_IGNORE_ACCEPTED };
  }
  if (ignore.length === 0) return { ok: true, ignores: undefined };
  const paths = new Set<string>(ignore);
  return { ok: true, ignores: (req) => paths.has(requestPath(req)) };
}

/** The request's path without its query string; `originalUrl` when mounted under a prefix. */
export function requestPath(req: {
  readonly originalUrl?: unknown;
  readonly url?: unknown;
}): string {
  const original = req.originalUrl;
  const url = typeof original === 'string' ? original : typeof req.url === 'string' ? req.url : '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
