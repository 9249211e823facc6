import { performance } from 'node:perf_hooks';
import type { Request, RequestHandler, Response } from 'express';
import type { Level, Logger } from 'pino';
import { LoggerOptionError } from './errors.js';
import { runWithRequestContext } from './http/request-context.js';
import { createLogger } from './pino/create-logger.js';
import type { RedactOptions } from './redaction/redact-options.js';
import { createRedactor, type Redactor } from './redaction/redactor.js';
import { generateRequestId, validRequestId } from './request-id.js';
import { createRouteTemplateResolver } from './route-template.js';

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
  /** Requests for which no line is written, e.g. health probes. @default () => false */
  readonly skip?: (req: Request) => boolean;
  /** Redaction for query, body and headers (the logger redacts the rest). @default {} */
  readonly redact?: RedactOptions;
  /** Monotonic clock in milliseconds. @default performance.now */
  readonly now?: () => number;
}

interface RequestLoggerConfig {
  readonly logger: Logger;
  readonly header: string;
  readonly trustIncomingId: boolean;
  readonly maxIdLength: number;
  readonly generateId: () => string;
  readonly setResponseHeader: boolean;
  readonly includeQuery: boolean;
  readonly includeBody: boolean;
  readonly headers: readonly string[];
  readonly skip: (req: Request) => boolean;
  readonly redactor: Redactor;
  readonly now: () => number;
}

const DEFAULTS = {
  header: 'x-request-id',
  trustIncomingId: true,
  maxIdLength: 128,
  generateId: generateRequestId,
  setResponseHeader: true,
  includeQuery: false,
  includeBody: false,
  headers: [] as readonly string[],
  skip: () => false,
  now: () => performance.now(),
};

function check(ok: boolean, option: string, accepted: string): void {
  if (!ok) throw new LoggerOptionError(option, `must be ${accepted}`);
}

function resolve(options: RequestLoggerOptions): RequestLoggerConfig {
  const o = {
    ...DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  check(
    typeof o.header === 'string' && /^[A-Za-z0-9-]+$/.test(o.header),
    'header',
    'an HTTP header name',
  );
  check(
    Number.isInteger(o.maxIdLength) && o.maxIdLength >= 8 && o.maxIdLength <= 1024,
    'maxIdLength',
    'an integer from 8 to 1024',
  );
  for (const key of [
    'trustIncomingId',
    'setResponseHeader',
    'includeQuery',
    'includeBody',
  ] as const) {
    check(typeof o[key] === 'boolean', key, 'true or false');
  }
  for (const key of ['generateId', 'skip', 'now'] as const)
    check(typeof o[key] === 'function', key, 'a function');
  check(
    Array.isArray(o.headers) && o.headers.every((h) => typeof h === 'string'),
    'headers',
    'an array of header names',
  );
  const logger = options.logger ?? createLogger();
  check(
    typeof logger.child === 'function' && typeof logger.info === 'function',
    'logger',
    'a pino logger',
  );
  return {
    ...o,
    header: o.header.toLowerCase(),
    headers: o.headers.map((h) => h.toLowerCase()),
    logger,
    redactor: createRedactor(options.redact),
  };
}

function size(value: unknown): number | undefined {
  const n =
    typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : Number.NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
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
  const config = resolve(options);
  const routeOf = createRouteTemplateResolver();
  return function preflightRequestLogger(req, res, next) {
    const start = config.now();
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
    let logged = false;
    const write = () => {
      if (logged) return;
      logged = true;
      try {
        if (config.skip(req)) return;
        writeLine(config, logger, req, res, routeOf(req), config.now() - start);
      } catch (error) {
        logger.error({ err: error }, 'request logging failed');
      }
    };
    // 'finish' fires as the response completes (req.route and req.baseUrl are still the
    // handler's); 'close' without 'finish' means the client went away: logged as aborted.
    res.once('finish', write);
    res.once('close', write);
    runWithRequestContext({ requestId, logger }, () => next());
  };
}

function writeLine(
  config: RequestLoggerConfig,
  logger: Logger,
  req: Request,
  res: Response,
  route: string | undefined,
  durationMs: number,
): void {
  const aborted = !res.writableFinished;
  const status = res.headersSent ? res.statusCode : undefined;
  const line: Record<string, unknown> = {
    method: req.method,
    route: route ?? '(unmatched)',
    status,
    duration_ms: Math.round(durationMs * 100) / 100,
    request_size: size(req.headers['content-length']),
    response_size: size(res.getHeader('content-length')),
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
