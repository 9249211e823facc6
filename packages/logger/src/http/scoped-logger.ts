import type { Bindings, ChildLoggerOptions, LogFn, Logger } from 'pino';
import { objectOption } from '../validate.js';
import { getLogger } from './request-context.js';

/**
 * pino's call shape whose every call goes to the logger of the request in progress at call time
 * (`getLogger(fallback)`), so its lines carry that request's `request_id`. Any minimal logger
 * interface of pino's shape (`warn(obj, msg)`) accepts it, as it accepts a pino `Logger`.
 */
export interface ScopedLogger {
  readonly trace: LogFn;
  readonly debug: LogFn;
  readonly info: LogFn;
  readonly warn: LogFn;
  readonly error: LogFn;
  readonly fatal: LogFn;
  /**
   * A scoped logger whose lines also carry `bindings`: for each request it is the request
   * logger's `child(bindings, options)`, made on first use and kept while that request's logger
   * lives (outside a request, the fallback's child, made once).
   */
  child(bindings: Bindings, options?: ChildLoggerOptions): ScopedLogger;
}

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * A logger to hand to code that outlives any one request (a client, a tracker, an error handler)
 * and should still log with the current request's id: each call is made on `getLogger(fallback)`
 * at that moment, so inside a request handled by `requestLogger()` it writes through the
 * request's child logger, elsewhere through `fallback`. Redaction is the loggers' own.
 * Throws a `LoggerOptionError` (`fallback`) unless `fallback` is a pino logger.
 */
export function scopedLogger(fallback: Logger): ScopedLogger {
  objectOption('fallback', fallback, { what: 'a pino logger', methods: ['child', 'info'] });
  return scoped(() => getLogger(fallback));
}

function scoped(current: () => Logger): ScopedLogger {
  const method =
    (level: Level): LogFn =>
    (...args: Parameters<LogFn>) =>
      // A method call, so pino's `this` is the logger that writes.
      current()[level](...args);
  return {
    trace: method('trace'),
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    fatal: method('fatal'),
    child(bindings, options) {
      // One child per parent logger (per request); the WeakMap lets it go with the request.
      const children = new WeakMap<Logger, Logger>();
      return scoped(() => {
        const parent = current();
        let child = children.get(parent);
        if (child === undefined) {
          child = parent.child(bindings, options);
          children.set(parent, child);
        }
        return child;
      });
    },
  };
}
