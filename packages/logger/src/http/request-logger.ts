import {
  createRouteTemplateResolver,
  onRequestEnd,
  type RequestEnd,
} from '@preflight/express-route';
import type { Request, RequestHandler } from 'express';
import type { Level, Logger } from 'pino';
import { runWithRequestContext } from './request-context.js';
import { generateRequestId, validRequestId } from './request-id.js';
import {
  type RequestLoggerConfig,
  type RequestLoggerOptions,
  resolveRequestLoggerConfig,
} from './request-logger-config.js';

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
