// The strict grammar every numeric header value goes through: ASCII digits with an optional
// decimal part, nothing else. `Number()` would accept hex, exponents, signs and blanks.
const STRICT_NUMBER = /^\d+(?:\.\d+)?$/;

// A safe integer has at most 16 digits; decimals add a dot and a fraction. Anything longer is
// out of range anyway, so long (64 KiB) values are rejected before the regex runs.
const MAX_NUMBER_TEXT = 40;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function isDigit(ch: number): boolean {
  return ch >= 0x30 && ch <= 0x39;
}

/**
 * `digits[.digits]` with no padding, scanned without a regex or a copy. Integers are summed
 * digit by digit (exact below 2^53, and monotonic above it, so the range check still holds);
 * decimals go through `Number` for correct rounding once the grammar is checked.
 */
function scanUnpadded(text: string): number | null {
  const n = text.length;
  let value = 0;
  let i = 0;
  for (; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (!isDigit(ch)) break;
    value = value * 10 + (ch - 0x30);
  }
  if (i < n) {
    // Only a dot followed by at least one digit, then digits to the end.
    if (text.charCodeAt(i) !== 0x2e || i + 1 === n) return null;
    for (let j = i + 1; j < n; j++) if (!isDigit(text.charCodeAt(j))) return null;
    value = Number(text);
  }
  return value <= MAX_SAFE ? value : null;
}

/** Reads `digits[.digits]` (surrounding spaces and tabs allowed); `null` for anything else. */
export function parseStrictNumber(text: string): number | null {
  const n = text.length;
  // Fast path, nearly every real value: starts and ends with a digit, so nothing to trim.
  if (
    n > 0 &&
    n <= MAX_NUMBER_TEXT &&
    isDigit(text.charCodeAt(0)) &&
    isDigit(text.charCodeAt(n - 1))
  ) {
    return scanUnpadded(text);
  }
  // Padding beyond a few spaces is not a number either; never trim 64 KiB of it.
  if (text.length > MAX_NUMBER_TEXT * 4) return null;
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_NUMBER_TEXT) return null;
  // The grammar starts and ends with a digit: dates and durations stop here, before the regex.
  if (!isDigit(trimmed.charCodeAt(0)) || !isDigit(trimmed.charCodeAt(trimmed.length - 1))) {
    return null;
  }
  if (!STRICT_NUMBER.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value <= Number.MAX_SAFE_INTEGER ? value : null;
}

/** One comma-separated member of a header value: its number and `;key=value` parameters. */
export interface NumberItem {
  readonly value: number | null;
  readonly params: ReadonlyMap<string, string> | null;
}

// Header values are joined with ", " when a field repeats; bound the work on hostile input.
const MAX_ITEMS = 64;

/**
 * Splits `10, 10;w=1, 50;w=60` into items. Returns `null` when there are too many items to be a
 * real rate-limit header.
 */
export function parseNumberList(value: string): NumberItem[] | null {
  if (value.indexOf(',') === -1 && value.indexOf(';') === -1) {
    return [{ value: parseStrictNumber(value), params: null }];
  }
  const parts = value.split(',', MAX_ITEMS + 1);
  if (parts.length > MAX_ITEMS) return null;
  const items: NumberItem[] = [];
  for (const part of parts) {
    const semi = part.indexOf(';');
    if (semi === -1) {
      items.push({ value: parseStrictNumber(part), params: null });
      continue;
    }
    const params = new Map<string, string>();
    for (const param of part.slice(semi + 1).split(';', MAX_ITEMS)) {
      const eq = param.indexOf('=');
      if (eq === -1) continue;
      params.set(param.slice(0, eq).trim().toLowerCase(), param.slice(eq + 1).trim());
    }
    items.push({ value: parseStrictNumber(part.slice(0, semi)), params });
  }
  return items;
}

/**
 * The value of a numeric rate-limit field. Bare items must agree (`60, 60` → 60, `60, 61` →
 * null); when only parameterised items exist (`100;w=60, 1000;w=3600`) the first one applies.
 */
export function readNumberField(value: string | undefined): number | null {
  if (value === undefined) return null;
  // Fast path for the common single bare value.
  if (value.indexOf(',') === -1 && value.indexOf(';') === -1) return parseStrictNumber(value);
  const items = parseNumberList(value);
  if (items === null || items.length === 0) return null;
  let bare: number | null | undefined;
  for (const item of items) {
    if (item.params !== null) continue;
    if (item.value === null) return null;
    if (bare === undefined) bare = item.value;
    else if (bare !== item.value) return null;
  }
  if (bare !== undefined) return bare;
  return items[0]?.value ?? null;
}

/** `w=` or `window=` (window seconds) from the first parameterised item, if any. */
export function readWindowParam(value: string | undefined): number | null {
  if (value === undefined || value.indexOf(';') === -1) return null;
  const items = parseNumberList(value);
  if (items === null) return null;
  for (const item of items) {
    const w = item.params?.get('w') ?? item.params?.get('window');
    if (w !== undefined) return parseStrictNumber(w);
  }
  return null;
}

/** `used/limit` as Shopify and Salesforce send it (`32/40`). */
export function parseUsedOfLimit(text: string): { used: number; limit: number } | null {
  const slash = text.indexOf('/');
  if (slash === -1) return null;
  const used = parseStrictNumber(text.slice(0, slash));
  const limit = parseStrictNumber(text.slice(slash + 1));
  return used === null || limit === null ? null : { used, limit };
}

/** `limit − used`, clamped at 0. */
export function remainingFrom(limit: number | null, used: number | null): number | null {
  if (limit === null || used === null) return null;
  return Math.max(0, limit - used);
}
