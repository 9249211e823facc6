/** True for Errors, including ones from another realm (vm contexts, worker messages). */
export function isErrorLike(value: object): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}

const STANDARD = new Set(['name', 'message', 'stack', 'cause', 'errors']);

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

/**
 * Copies an Error without touching it: same prototype (so `instanceof`, `constructor.name` and
 * pino's `type` still work), message and stack passed through `redactString`, `cause` and
 * `AggregateError#errors` through `visit(undefined, value)`, and own enumerable properties
 * (`code`, `statusCode`, …) through `visit(key, value)` so key rules apply to them, written
 * under `fieldKey(key)` (keys go through the string rules like any object's).
 */
export function copyError(
  err: Error,
  visit: (key: string | undefined, value: unknown) => unknown,
  redactString: (s: string) => string,
  fieldKey: (key: string) => string,
): Error {
  const copy = Object.create(Object.getPrototypeOf(err) as object | null) as Error;
  define(copy, 'name', redactString(String(err.name)));
  define(copy, 'message', redactString(String(err.message)));
  if (typeof err.stack === 'string') define(copy, 'stack', redactString(err.stack));
  if ('cause' in err) define(copy, 'cause', visit(undefined, err.cause));
  const errors = (err as { errors?: unknown }).errors;
  if (Array.isArray(errors)) define(copy, 'errors', visit(undefined, errors));
  for (const key of Object.keys(err)) {
    if (STANDARD.has(key)) continue;
    let value: unknown;
    try {
      value = visit(key, (err as unknown as Record<string, unknown>)[key]);
    } catch {
      value = '[Unreadable]';
    }
    // defineProperty, not assignment: an own `__proto__` field stays a field.
    Object.defineProperty(copy, fieldKey(key), {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}
