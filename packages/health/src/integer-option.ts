import { HealthConfigError } from './errors.js';

// setTimeout silently turns larger delays into 1 ms.
const MAX_TIMER_MS = 2_147_483_647;

/** Validates a whole-number option (milliseconds or characters) in [min, 2^31-1]. */
export function integerOption(
  value: unknown,
  option: string,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < min ||
    value > MAX_TIMER_MS
  ) {
    const got = typeof value === 'number' ? String(value) : typeof value;
    throw new HealthConfigError(
      option,
      `must be an integer from ${min} to ${MAX_TIMER_MS}; got ${got}`,
    );
  }
  return value;
}
