import { isSpanContextValid, trace } from '@opentelemetry/api';

/** Fields added to a line when an OpenTelemetry span is active. */
export interface TraceFields {
  readonly trace_id: string;
  readonly span_id: string;
}

/** The active span's ids, or `undefined` without an active, valid span (or without an SDK). */
export function activeTraceFields(): TraceFields | undefined {
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
