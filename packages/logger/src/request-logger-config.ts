import type { IncomingMessage } from 'node:http';
import { type Clock, createRequestFilter, monotonicNow } from '@preflight/express-route';
import type { Logger } from 'pino';
import { LoggerOptionError } from './errors.js';
import { createLogger } from './pino/create-logger.js';
import { createRedactor, type Redactor } from './redaction/redactor.js';
import { generateRequestId } from './request-id.js';
import type { RequestLoggerOptions } from './request-logger.js';
import {
  booleanOption,
  functionOption,
  integerOption,
  objectOption,
  stringListOption,
  stringOption,
  withDefaults,
} from './validate.js';

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
  const logger = objectOption<Logger>('logger', o.logger ?? createLogger(), 'a pino logger', [
    'child',
    'info',
  ]);
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
