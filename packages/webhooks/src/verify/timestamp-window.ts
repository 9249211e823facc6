// Unix timestamps in seconds as senders write them: digits only, at most 15 so the number is exact.
const SECONDS_RE = /^\d{1,15}$/;

/** Parses a Unix-seconds header value; `null` when it is not one. */
export function parseSeconds(value: string): number | null {
  return SECONDS_RE.test(value) ? Number(value) : null;
}

/** True when `seconds` lies within `toleranceSeconds` of `nowMs`, in either direction. */
export function withinTolerance(seconds: number, nowMs: number, toleranceSeconds: number): boolean {
  return Math.abs(nowMs / 1000 - seconds) <= toleranceSeconds;
}
