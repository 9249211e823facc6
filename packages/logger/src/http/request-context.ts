import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

/** What `requestLogger()` keeps for the duration of one request. */
export interface RequestContext {
  readonly requestId: string;
  readonly logger: Logger;
}

// The one piece of module state, by necessity: `getLogger()` takes no arguments, so the store
// must be reachable from anywhere. It holds no data itself; each request gets its own context.
const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `context` as the current request context (also across `await`). */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/**
 * The request-scoped child logger (every line carries `request_id`) while a request handled by
 * `requestLogger()` is in progress, else `fallback`.
 */
export function getLogger(): Logger | undefined;
export function getLogger(fallback: Logger): Logger;
export function getLogger(fallback?: Logger): Logger | undefined {
  return storage.getStore()?.logger ?? fallback;
}

/** The current request's id, or `undefined` outside a request. */
export function getRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
