import type { IncomingMessage } from 'node:http';
import { MetricsOptionError } from './errors.js';

/** Requests {@link httpMetrics} skips: a predicate, or exact paths (query string excluded). */
export type HttpMetricsIgnore = ((req: IncomingMessage) => boolean) | readonly string[];

const ACCEPTED = "a function (req) => boolean or an array of paths starting with '/'";

/** Validates the `ignore` option once, at creation, into one predicate for the request path. */
export function createIgnoreMatcher(
  ignore: unknown,
): ((req: IncomingMessage) => boolean) | undefined {
  if (ignore === undefined) return undefined;
  if (typeof ignore === 'function') return ignore as (req: IncomingMessage) => boolean;
  if (!Array.isArray(ignore) || !ignore.every((p) => typeof p === 'string' && p.startsWith('/'))) {
    throw new MetricsOptionError('ignore', ACCEPTED, ignore);
  }
  if (ignore.length === 0) return undefined;
  const paths = new Set<string>(ignore);
  return (req) => {
    // originalUrl: the full path even when the middleware is mounted under a prefix.
    const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '';
    const q = url.indexOf('?');
    return paths.has(q === -1 ? url : url.slice(0, q));
  };
}
