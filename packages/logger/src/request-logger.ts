import {
  createRouteTemplateResolver,
  onRequestEnd,
  type RequestEnd,
  type RequestIgnore,
} from '@preflight/express-route';
import type { Request, RequestHandler } from 'express';
import type { Level, Logger } from 'pino';
import { runWithRequestContext } from './http/request-context.js';
import type { RedactOptions } from './redaction/redact-options.js';
import { generateRequestId, validRequestId } from './request-id.js';
import { type RequestLoggerConfig, resolveRequestLoggerConfig } from './request-logger-config.js';

/** Options of {@link requestLogger}. */
export interface RequestLoggerOptions {
  /** Base logger; each request gets a child with `request_id`. @default createLogger() */
  readonly logger?: Logger;
  /** Header carrying the request id, read from the request and set on the response. @default 'x-request-id' */
  readonly header?: string;
  /** Reuse a valid incoming request id (else always generate one). @default true */
  readonly trustIncomingId?: boolean;
  /** Longest incoming id reused; longer ones are replaced. @default 128 */
  readonly maxIdLength?: number;
  /** Generates request ids. @default crypto.randomUUID */
  readonly generateId?: () => string;
  /** Set the id on the response. @default true */
  readonly setResponseHeader?: boolean;
  /** Log the query string (redacted) as `query`. @default false */
  readonly includeQuery?: boolean;
  /** Log the parsed request body (redacted) as `body`. @default false */
  readonly includeBody?: boolean;
  /** Request headers to log (redacted) under `headers`, lower case. @default [] */
  readonly headers?: readonly string[];
  /**
   * Requests for which no line is written, e.g. health probes and `/metrics` scrapes: exact
   * paths matched against the request path without its query string, or a predicate asked as
   * the request arrives. The same option and matcher as `httpMetrics({ ignore })`, so
   * `ignore: health.probePaths` fits both.
   * @default [] (log every request)
   */
  readonly ignore?: RequestIgnore;
  /**
   * Requests for which no line is written, asked when the response ends.
   * @deprecated use `ignore`, which also takes a predicate; `skip` is its alias.
   * @default () => false
   */
  readonly skip?: (req: Request) => boolean;
  /** Redaction for query, body and headers (the logger redacts the rest). @default {} */
  readonly redact?: RedactOptions;
  /**
   * Monotonic clock in milliseconds. With the default, `requestLogger()` and `httpMetrics()`
   * share one start stamp per request, so `duration_ms` is the duration the histogram got.
   * @default performance.now
   */
  readonly now?: () => number;
}

function levelFor(status: number | undefined, aborted: boolean): Level {
  if (status !== undefined && status >= 500) return 'error';
  if (aborted || (status !== undefined && status >= 400)) return 'warn';
  return 'info';
}

/**
 * Express 5 middleware: reuses a valid incoming request id or generates one, sets it on the
 * response, keeps a child logger with `request_id` in AsyncLocalStorage (see `getLogger()`), and
 * writes one line per finished or aborted request with `method`, `route`, `status`,
 * `duration_ms` and sizes. Throws a `LoggerOptionError` for invalid options.
 */
export function requestLogger(options: RequestLoggerOptions = {}): RequestHandler {
  const config = resolveRequestLoggerConfig(options);
  const routeOf = createRouteTemplateResolver();
  return function preflightRequestLogger(req, res, next) {
    const incoming = config.trustIncomingId
      ? validRequestId(req.headers[config.header], config.maxIdLength)
      : undefined;
    let requestId = incoming;
    if (requestId === undefined) {
      try {
        requestId = validRequestId(config.generateId(), 1024) ?? generateRequestId();
      } catch {
        requestId = generateRequestId();
      }
    }
    if (config.setResponseHeader && !res.headersSent) res.setHeader(config.header, requestId);
    const logger = config.logger.child({ request_id: requestId });
    // One line when the response closes: after 'finish' (req.route and req.baseUrl are still
    // the handler's), or without it when the client went away (logged as aborted).
    // `ignore` is asked as the request arrives, as httpMetrics() asks it, so a predicate sees
    // the same request in both; its failure is reported like any logging failure, at the end.
    let ignored: unknown = false;
    try {
      ignored = config.ignores?.(req) === true;
    } catch (error) {
      ignored = error instanceof Error ? error : new Error(String(error));
    }
    onRequestEnd(req, res, config.now, (end) => {
      try {
        if (ignored instanceof Error) throw ignored;
        if (ignored === true || config.skip?.(req) === true) return;
        writeLine(config, logger, req, end, routeOf(req));
      } catch (error) {
        logger.error({ err: error }, 'request logging failed');
      }
    });
    runWithRequestContext({ requestId, logger }, () => next());
  };
}

function writeLine(
  config: RequestLoggerConfig,
  logger: Logger,
  req: Request,
  end: RequestEnd,
  route: string | undefined,
): void {
  const { aborted, status } = end;
  const line: Record<string, unknown> = {
    method: req.method,
    route: route ?? '(unmatched)',
    status,
    duration_ms: Math.round(end.durationMs * 100) / 100,
    request_size: end.requestBytes,
    response_size: end.responseBytes,
  };
  if (aborted) line.aborted = true;
  if (config.includeQuery) {
    const q = req.originalUrl.indexOf('?');
    if (q >= 0) line.query = config.redactor.redactString(req.originalUrl.slice(q + 1));
  }
  if (config.includeBody && req.body !== undefined) line.body = config.redactor.redact(req.body);
  if (config.headers.length > 0) {
    const headers: Record<string, unknown> = {};
    for (const name of config.headers) headers[name] = req.headers[name];
    line.headers = config.redactor.redact(headers);
  }
  logger[levelFor(status, aborted)](line, aborted ? 'request aborted' : 'request completed');
}
