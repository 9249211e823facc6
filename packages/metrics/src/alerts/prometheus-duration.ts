// Prometheus durations (`90s`, `1h30m`, `0s`): parsed to milliseconds to scale `for:` clauses.

const UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/;
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;

/** True for a Prometheus duration literal such as `5m`, `1h30m` or `0s`. */
export function isPromDuration(value: unknown): value is string {
  return typeof value === 'string' && DURATION.test(value);
}

/** Milliseconds in a Prometheus duration literal (validate with {@link isPromDuration} first). */
export function durationToMs(value: string): number {
  let total = 0;
  for (const [, amount, unit] of value.matchAll(PART))
    total += Number(amount) * (UNITS[unit ?? 's'] ?? 0);
  return total;
}

/** Formats milliseconds as a Prometheus duration, rounded to whole seconds (`0s` for zero). */
export function msToDuration(ms: number): string {
  let seconds = Math.round(ms / 1000);
  if (seconds <= 0) return '0s';
  let out = '';
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(seconds / size);
    if (n > 0) {
      out += `${n}${unit}`;
      seconds -= n * size;
    }
  }
  return out;
}
