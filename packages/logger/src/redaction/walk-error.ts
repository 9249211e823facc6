import { UNREADABLE, type Walk, type WalkerContext } from './walk-context.js';
import { capKey, walkEntry } from './walk-entry.js';

/** True for Errors, including ones from another realm (vm contexts, worker messages). */
export function isErrorLike(value: object): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}

const STANDARD = new Set(['name', 'message', 'stack', 'cause', 'errors']);

function define(target: object, key: string, value: unknown, enumerable: boolean): void {
  // defineProperty, not assignment: an own `__proto__` field stays a field.
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable });
}

/**
 * Copies an Error without touching it: same prototype (so `instanceof`, `constructor.name` and
 * pino's `type` still work), name, message and stack through the string rules, `cause` and
 * `AggregateError#errors` walked like any value, and own enumerable properties (`code`,
 * `statusCode`, …) walked as entries so key rules apply to them, written under their key as the
 * string rules leave it (keys are scanned like any object's).
 */
export function walkError(
  c: WalkerContext,
  err: Error,
  key: string | undefined,
  depth: number,
  w: Walk,
): unknown {
  if (depth >= c.maxDepth) return '[Error]';
  w.ancestors.push(err);
  try {
    const copy = Object.create(Object.getPrototypeOf(err) as object | null) as Error;
    define(copy, 'name', c.redactString(String(err.name)), false);
    define(copy, 'message', c.redactString(String(err.message)), false);
    if (typeof err.stack === 'string') define(copy, 'stack', c.redactString(err.stack), false);
    if ('cause' in err) define(copy, 'cause', c.visit(err.cause, 'cause', depth + 1, w), false);
    const errors = (err as { errors?: unknown }).errors;
    if (Array.isArray(errors))
      define(copy, 'errors', c.visit(errors, 'cause', depth + 1, w), false);
    for (const field of Object.keys(err)) {
      if (STANDARD.has(field)) continue;
      let value: unknown;
      let outKey: string;
      try {
        const raw = (err as unknown as Record<string, unknown>)[field];
        value = walkEntry(c, field, raw, key, depth + 1, w);
        outKey = w.key; // walkEntry ran the field name through the string rules already
      } catch {
        value = UNREADABLE;
        outKey = c.redactString(capKey(c, field));
      }
      define(copy, outKey, value, true);
    }
    return copy;
  } finally {
    w.ancestors.pop();
  }
}
