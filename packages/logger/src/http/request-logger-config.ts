import type { IncomingMessage } from 'node:http';
import {
  type Clock,
  createRequestFilter,
  monotonicNow,
  type RequestIgnore,
} from '@preflight/express-route';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { LoggerOptionError } from '../errors.js';
import { createLogger } from '../pino/create-logger.js';
import type { RedactOptions } from '../redaction/redact-options.js';
import { createRedactor, type Redactor } from '../redaction/redactor.js';
import {
  booleanOption,
  functionOption,
  integerOption,
  objectOption,
  stringListOption,
  stringOption,
  withDefaults,
} from '../validate.js';
import { generateRequestId } from './request-id.js';

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

/** Every option of {@link RequestLoggerOptions} with its default (`undefined`: none). */
const DEFAULTS = {
  logger: undefined,
  header: 'x-request-id',
  trustIncomingId: true,
  maxIdLength: 128,
  generateId: generateRequestId,
  setResponseHeader: true,
  includeQuery: false,
  includeBody: false,
  headers: [] as readonly string[],
  ignore: undefined,
  skip: undefined,
  redact: undefined,
  // The leaf's one clock function: httpMetrics() with its default shares our start stamp.
  now: monotonicNow,
} satisfies { [K in keyof Required<RequestLoggerOptions>]: unknown };

/** requestLogger() options, validated and defaulted. */
export interface RequestLoggerConfig {
  readonly logger: Logger;
  /** Lower case. */
  readonly header: string;
  readonly trustIncomingId: boolean;
  readonly maxIdLength: number;
  readonly generateId: () => string;
  readonly setResponseHeader: boolean;
  readonly includeQuery: boolean;
  readonly includeBody: boolean;
  /** Lower case. */
  readonly headers: readonly string[];
  /** `ignore`: true for requests to write no line for, asked as the request arrives. */
  readonly ignores: ((req: IncomingMessage) => boolean) | undefined;
  /** The deprecated `skip`, asked when the response ends (its timing before `ignore`). */
  readonly skip: ((req: IncomingMessage) => boolean) | undefined;
  readonly redactor: Redactor;
  readonly now: Clock;
}

/** Resolves requestLogger() options; throws a `LoggerOptionError` naming the bad option. */
export function resolveRequestLoggerConfig(options: RequestLoggerOptions): RequestLoggerConfig {
  const o = withDefaults(DEFAULTS, options);
  const header = stringOption('header', o.header, {
    pattern: /^[A-Za-z0-9-]+$/,
    what: 'an HTTP header name',
  });
  const headers = stringListOption('headers', o.headers, 'an array of header names');
  const logger = objectOption<Logger>('logger', o.logger ?? createLogger(), {
    what: 'a pino logger',
    methods: ['child', 'info'],
  });
  return {
    logger,
    header: header.toLowerCase(),
    trustIncomingId: booleanOption('trustIncomingId', o.trustIncomingId),
    maxIdLength: integerOption('maxIdLength', o.maxIdLength, { min: 8, max: 1024 }),
    generateId: functionOption<() => string>('generateId', o.generateId),
    setResponseHeader: booleanOption('setResponseHeader', o.setResponseHeader),
    includeQuery: booleanOption('includeQuery', o.includeQuery),
    includeBody: booleanOption('includeBody', o.includeBody),
    headers: headers.map((h) => h.toLowerCase()),
    ...ignoreOption(o.ignore, o.skip),
    redactor: createRedactor(o.redact),
    now: functionOption<Clock>('now', o.now),
  };
}

/** `ignore` (paths or a predicate), or the deprecated `skip` (a predicate); not both. */
function ignoreOption(
  ignore: unknown,
  skip: unknown,
): Pick<RequestLoggerConfig, 'ignores' | 'skip'> {
  if (skip !== undefined) {
    const predicate = functionOption<(req: IncomingMessage) => boolean>('skip', skip);
    if (ignore !== undefined) {
      throw new LoggerOptionError('skip', 'must be left out when `ignore` is set (its alias)');
    }
    return { ignores: undefined, skip: predicate };
  }
  const filter = createRequestFilter(ignore);
  if (!filter.ok) throw new LoggerOptionError('ignore', `must be ${filter.accepted}`, ignore);
  return { ignores: filter.ignores, skip: undefined };
}
