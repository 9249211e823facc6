// INTERIM: stands in for @preflight/logger's createLogger/requestLogger/getLogger until they land.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { redact } from '@preflight/logger';
import type { NextFunction, Request, Response } from 'express';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

let root: Logger | undefined;
const als = new AsyncLocalStorage<Logger>();

export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const logger = pino(
    {
      ...options,
      formatters: { log: (o) => redact(o) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? (redact(a) as string) : a)) as never,
          );
        },
      },
    },
    destination as DestinationStream,
  );
  root ??= logger;
  return logger;
}

export function requestLogger(options: { logger?: Logger } = {}) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const id = randomUUID();
    res.setHeader('x-request-id', id);
    const child = (options.logger ?? (root as Logger)).child({ request_id: id });
    const t0 = performance.now();
    res.on('finish', () =>
      child.info(
        {
          method: req.method,
          route: req.route?.path,
          status: res.statusCode,
          duration_ms: performance.now() - t0,
        },
        'request completed',
      ),
    );
    als.run(child, next);
  };
}

export function getLogger(): Logger {
  return als.getStore() ?? (root as Logger);
}
