import type { CheckOutcome, CheckResult } from './check.js';
import { toObservedValue } from './safe-value.js';

/** What a check resolved with, read defensively: every string sanitized, every value bounded. */
export interface ReadResult {
  readonly status: CheckOutcome['status'];
  /** Sanitized `output` (warn and fail only). */
  readonly output?: string;
  readonly result: CheckResult;
}

/**
 * Reads a resolved value as a `CheckResult` without trusting it: plain-JS checks may resolve
 * anything, including Proxies and objects with throwing getters. A field that cannot be read
 * counts as absent. `text(raw, maxLength?)` sanitizes and caps one string.
 */
export function readCheckResult(
  value: object,
  text: (raw: string, maxLength?: number) => string,
): ReadResult {
  const status = statusOf(field(value, 'status'));
  const observedValue = toObservedValue(field(value, 'observedValue'), text);
  const unit = field(value, 'observedUnit');
  const name = field(value, 'measurementName');
  const output = field(value, 'output');
  const result: CheckResult = {
    ...(observedValue === undefined ? {} : { observedValue }),
    ...(typeof unit === 'string' ? { observedUnit: text(unit) } : {}),
    // Part of a body key: sanitized, then `checkEntries` keeps it only if it is a plain word.
    ...(typeof name === 'string' ? { measurementName: text(name, 64) } : {}),
  };
  return typeof output === 'string' && status !== 'pass'
    ? { status, result, output: text(output) }
    : { status, result };
}

function field(value: object, key: keyof CheckResult): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

// Plain-JS checks may resolve `{ status: 'fail' }`; anything unknown counts as a pass.
function statusOf(status: unknown): CheckOutcome['status'] {
  return status === 'warn' || status === 'fail' ? status : 'pass';
}
