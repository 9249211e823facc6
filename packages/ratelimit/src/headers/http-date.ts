// Calendar-checked parsers for the absolute times rate-limit headers carry. `Date.parse` is
// not used: it accepts 31 February (rolling over to March) and varies between engines.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MAX_DATE_TEXT = 128;

// RFC 9110 §5.6.7: IMF-fixdate, obsolete RFC 850 and asctime formats.
const IMF_FIXDATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC_850 =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Za-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;
// Seconds may be left out (ISO 8601 minute precision, as Atlassian's `X-RateLimit-Reset`
// sends `2026-01-01T00:10Z`); a fraction needs them.
const RFC_3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
// What `String(new Date())` prints: `Tue Nov 24 2026 12:40:00 GMT+0100 (Central European …)`.
const JS_DATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Za-z]{3}) (\d{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT([+-])(\d{2})(\d{2})(?: \([^()]{0,64}\))?$/;

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.toLowerCase());
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 1 && leap ? 29 : (DAYS_IN_MONTH[month] ?? 0);
}

/** Epoch ms of a UTC calendar time, or `null` when a field is out of range (31 Feb, 25:00). */
function utc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number | null {
  if (month < 0 || month > 11 || day < 1 || day > daysInMonth(year, month)) return null;
  // RFC 9110 allows second 60 (leap second); it lands on the next minute.
  if (hour > 23 || minute > 59 || second > 60) return null;
  if (year >= 100) return Date.UTC(year, month, day, hour, minute, second);
  // Date.UTC reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

function int(text: string | undefined): number {
  return Number.parseInt(text ?? '', 10);
}

/** RFC 9110: a two-digit year more than 50 years in the future is the most recent past one. */
function expandTwoDigitYear(yy: number, nowMs: number): number {
  const nowYear = new Date(nowMs).getUTCFullYear();
  let year = nowYear - (nowYear % 100) + yy;
  if (year > nowYear + 50) year -= 100;
  return year;
}

/** An HTTP-date in any of the three RFC 9110 formats, as epoch ms; `null` when malformed. */
export function parseHttpDate(text: string, nowMs: number): number | null {
  if (text.length > MAX_DATE_TEXT) return null;
  const value = text.trim();
  let m = IMF_FIXDATE.exec(value);
  if (m !== null) {
    return utc(int(m[3]), monthIndex(m[2] ?? ''), int(m[1]), int(m[4]), int(m[5]), int(m[6]));
  }
  m = RFC_850.exec(value);
  if (m !== null) {
    const year = expandTwoDigitYear(int(m[3]), nowMs);
    return utc(year, monthIndex(m[2] ?? ''), int(m[1]), int(m[4]), int(m[5]), int(m[6]));
  }
  m = ASCTIME.exec(value);
  if (m !== null) {
    const day = int((m[2] ?? '').trim());
    return utc(int(m[6]), monthIndex(m[1] ?? ''), day, int(m[3]), int(m[4]), int(m[5]));
  }
  return null;
}

/** Value of the `count` ASCII digits at `at`, or -1 if any is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * The most common reset timestamp, `2026-01-01T00:01:00Z` exactly, read without the regex;
 * `undefined` for any other shape (the general parser decides).
 */
function parseShortUtc(value: string): number | null | undefined {
  if (value.length !== 20) return undefined;
  const t = value.charCodeAt(10);
  const z = value.charCodeAt(19);
  if (
    value.charCodeAt(4) !== 0x2d ||
    value.charCodeAt(7) !== 0x2d ||
    (t !== 0x54 && t !== 0x74 && t !== 0x20) ||
    value.charCodeAt(13) !== 0x3a ||
    value.charCodeAt(16) !== 0x3a ||
    (z !== 0x5a && z !== 0x7a)
  ) {
    return undefined;
  }
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const second = digitsAt(value, 17, 2);
  if ((year | month | day | hour | minute | second) < 0) return undefined;
  return utc(year, month - 1, day, hour, minute, second);
}

/**
 * An absolute time as rate-limit reset headers send it: HTTP-date, RFC 3339 or a JavaScript
 * `Date` string. Epoch numbers are handled by the caller (they need the magnitude rule).
 */
export function parseAbsoluteTime(text: string, nowMs: number): number | null {
  if (text.length > MAX_DATE_TEXT) return null;
  const value = text.trim();
  const short = parseShortUtc(value);
  if (short !== undefined) return short;
  let m = RFC_3339.exec(value);
  if (m !== null) {
    const base = utc(int(m[1]), int(m[2]) - 1, int(m[3]), int(m[4]), int(m[5]), int(m[6] ?? '0'));
    if (base === null) return null;
    const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
    if (m[8] !== undefined) return base + fraction;
    const offsetHours = int(m[10]);
    const offsetMinutes = int(m[11]);
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    const sign = m[9] === '-' ? -1 : 1;
    return base + fraction - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  m = JS_DATE.exec(value);
  if (m !== null) {
    const base = utc(int(m[3]), monthIndex(m[1] ?? ''), int(m[2]), int(m[4]), int(m[5]), int(m[6]));
    if (base === null) return null;
    const offsetHours = int(m[8]);
    const offsetMinutes = int(m[9]);
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    const sign = m[7] === '-' ? -1 : 1;
    return base - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return parseHttpDate(value, nowMs);
}
