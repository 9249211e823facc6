import { parseGoDuration } from './go-duration.js';
import { parseAbsoluteTime, parseHttpDate } from './http-date.js';
import { parseStrictNumber, readNumberField } from './number-grammar.js';

// Magnitude rule for resets whose unit the dialect does not fix.
const EPOCH_MS_FROM = 1e12;
const EPOCH_SECONDS_FROM = 1e9;

function secondsUntil(epochMs: number, nowMs: number): number | null {
  const seconds = (epochMs - nowMs) / 1000;
  if (!Number.isFinite(seconds)) return null;
  return Math.max(seconds, 0);
}

/**
 * Seconds until a reset given as a number read by magnitude (≥ 1e12 epoch ms, ≥ 1e9 epoch
 * seconds, else delta seconds) or as an absolute time (RFC 3339, HTTP-date, JS `Date` string).
 */
export function readResetSeconds(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const n = readNumberField(value);
  if (n !== null) {
    if (n >= EPOCH_MS_FROM) return secondsUntil(n, nowMs);
    if (n >= EPOCH_SECONDS_FROM) return secondsUntil(n * 1000, nowMs);
    return n;
  }
  const at = parseAbsoluteTime(value, nowMs);
  return at === null ? null : secondsUntil(at, nowMs);
}

/** A reset sent as a Go duration (`6m0s`), falling back to {@link readResetSeconds}. */
export function readDurationOrReset(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  return parseGoDuration(value) ?? readResetSeconds(value, nowMs);
}

const DAY_NAME = /^\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\s*$/i;
const MAX_RETRY_AFTER_ITEMS = 64;

/** Splits a combined field on commas, keeping the comma inside `Sun, 06 Nov 1994 …` dates. */
function splitRetryAfter(value: string): string[] | null {
  const parts = value.split(',', MAX_RETRY_AFTER_ITEMS * 2 + 1);
  if (parts.length > MAX_RETRY_AFTER_ITEMS * 2) return null;
  const items: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const next = parts[i + 1];
    if (next !== undefined && part.length <= 12 && DAY_NAME.test(part)) {
      items.push(`${part.trim()},${next}`);
      i++;
    } else {
      items.push(part);
    }
  }
  return items;
}

/**
 * `Retry-After` in seconds: delay-seconds (decimals accepted) or an HTTP-date measured against
 * the response's `Date` header when it is valid, else `now`. Past dates give 0. Duplicates must
 * agree; anything malformed gives `null`.
 */
export function readRetryAfterSeconds(
  value: string | undefined,
  dateHeader: string | undefined,
  nowMs: number,
): number | null {
  if (value === undefined) return null;
  const items = value.indexOf(',') === -1 ? [value] : splitRetryAfter(value);
  if (items === null) return null;
  let base: number | undefined;
  let result: number | null = null;
  for (const item of items) {
    let seconds = parseStrictNumber(item);
    if (seconds === null) {
      const at = parseHttpDate(item, nowMs);
      if (at === null) return null;
      base ??= (dateHeader === undefined ? null : parseHttpDate(dateHeader, nowMs)) ?? nowMs;
      seconds = secondsUntil(at, base);
      if (seconds === null) return null;
    }
    if (result === null) result = seconds;
    else if (result !== seconds) return null;
  }
  return result;
}
