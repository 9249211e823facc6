import { isSpanContextValid, trace } from '@opentelemetry/api';

/** Fields added to a line when an OpenTelemetry span is active. */
export interface TraceFields {
  readonly trace_id: string;
  readonly span_id: string;
}

/**
 * Where `@opentelemetry/api` 1.x keeps its registered globals (shared by every copy of the API in
 * a process, so it cannot change within a major version).
 */
const OTEL_GLOBALS = Symbol.for('opentelemetry.js.api.1');

/**
 * False while no OpenTelemetry context manager is registered. Without one, `context.active()`
 * is always the root context, so no span can be active; checking this first saves the API's
 * version check and context lookup (about 4% of a line's cost) on every line of an application
 * without an SDK. Read per line, so an SDK started after the logger is picked up.
 */
function contextManagerRegistered(): boolean {
  const globals = (globalThis as Record<symbol, { context?: unknown } | undefined>)[OTEL_GLOBALS];
  return globals !== undefined && globals.context !== undefined;
}

/** The active span's ids, or `undefined` without an active, valid span (or without an SDK). */
export function activeTraceFields(): TraceFields | undefined {
  if (!contextManagerRegistered()) return undefined;
  const span = trace.getActiveSpan();
  if (span === undefined) return undefined;
  const context = span.spanContext();
  if (!isSpanContextValid(context)) return undefined;
  return { trace_id: context.traceId, span_id: context.spanId };
}

/**
 * Adds the active span's ids to pino log-method arguments in place (`args` is pino's own array):
 * merged into the merge object, or as a new first argument when the call had none.
 */
export function addTraceFields(args: unknown[], errorKey: string): void {
  const fields = activeTraceFields();
  if (fields === undefined) return;
  const first = args[0];
  if (first === null || first === undefined) {
    // `log.info(undefined, 'msg')` reads the message from the next argument either way.
    args[0] = fields;
  } else if (typeof first !== 'object') {
    args.unshift(fields);
  } else if (first instanceof Error) {
    args[0] = { [errorKey]: first, ...fields };
  } else {
    args[0] = { ...first, ...fields };
  }
}
