/**
 * Headers as callers have them: a WHATWG `Headers`, Node's `IncomingHttpHeaders`
 * (`string | string[] | undefined`) or any plain object. Names are matched case-insensitively.
 */
export type HeadersInput =
  | Headers
  | { readonly [name: string]: string | readonly string[] | number | undefined | null };

interface HeadersLike {
  get(name: string): string | null;
  forEach(callback: (value: string, name: string) => void): void;
}

function isHeadersLike(input: unknown): input is HeadersLike {
  return (
    typeof (input as HeadersLike).get === 'function' &&
    typeof (input as HeadersLike).forEach === 'function'
  );
}

// Every header the parser reads starts with one of these two-letter prefixes (ratelimit-*,
// retry-after, x-*, sforce-*, anthropic-*, date); others are skipped without lowercasing.
function mayBeRelevant(name: string): boolean {
  const a = name.charCodeAt(0) | 0x20;
  const b = name.charCodeAt(1) | 0x20;
  switch (a) {
    case 0x72: // r: ratelimit*, retry-after
      return b === 0x61 || b === 0x65;
    case 0x78: // x-
      return b === 0x2d;
    case 0x73: // sforce-limit-info
      return b === 0x66;
    case 0x61: // anthropic-*
      return b === 0x6e;
    case 0x64: // date
      return b === 0x61;
    default:
      return false;
  }
}

/** Header families seen, so the parser skips dialects that cannot be present. */
export const FAMILY = {
  ietf: 1,
  draft: 2,
  x: 4,
  xDash: 8,
  vendor: 16,
} as const;

// The fixed `X-RateLimit-*` names; other `x-ratelimit-*` names are per-resource vendor forms.
const X_FIXED: ReadonlySet<string> = new Set([
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-used',
  'x-ratelimit-reset',
  'x-ratelimit-reset-after',
  'x-ratelimit-resource',
  'x-ratelimit-bucket',
]);

function familyOf(key: string): number {
  if (key.startsWith('ratelimit')) {
    return key === 'ratelimit' || key === 'ratelimit-policy'
      ? FAMILY.ietf | FAMILY.draft
      : FAMILY.draft;
  }
  if (key.startsWith('x-ratelimit-')) return X_FIXED.has(key) ? FAMILY.x : FAMILY.vendor;
  if (key.startsWith('x-rate-limit')) return FAMILY.xDash;
  if (
    key.startsWith('anthropic-ratelimit-') ||
    key.startsWith('x-hubspot-ratelimit-') ||
    key === 'x-shopify-shop-api-call-limit' ||
    key === 'sforce-limit-info'
  ) {
    return FAMILY.vendor;
  }
  return 0;
}

/** Lower-cased name → combined value for the names this package may read, and their families. */
export interface HeaderTable {
  readonly values: Map<string, string>;
  families: number;
  /** Names of the vendor family, in header order (per-resource readers scan only these). */
  readonly vendorNames: string[];
}

// The fixed names, looked up as sent before any lower-casing: Node's `IncomingHttpHeaders`
// and WHATWG `Headers` already give lower-case names, so the common case is one lookup.
const KNOWN: ReadonlyMap<string, number> = new Map([
  ...['ratelimit', 'ratelimit-policy'].map((name) => [name, FAMILY.ietf | FAMILY.draft] as const),
  ...['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-resettime'].map(
    (name) => [name, familyOf(name)] as const,
  ),
  ...[...X_FIXED].map((name) => [name, FAMILY.x] as const),
  ...['x-rate-limit', 'x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset'].map(
    (name) => [name, familyOf(name)] as const,
  ),
  ...['x-shopify-shop-api-call-limit', 'sforce-limit-info', 'retry-after', 'date'].map(
    (name) => [name, familyOf(name)] as const,
  ),
  // Atlassian names which limit a 429 hit; read with the X- family.
  ['ratelimit-reason', FAMILY.x],
]);

/**
 * {@link familyOf} for a name known not to be one of `KNOWN` (so not a fixed `X-RateLimit-*`
 * name): dispatched on the first character, without the set lookup.
 */
function familyOfOther(key: string): number {
  switch (key.charCodeAt(0)) {
    case 0x72: // r
      return key.startsWith('ratelimit') ? FAMILY.draft : 0;
    case 0x78: // x
      if (key.startsWith('x-ratelimit-') || key.startsWith('x-hubspot-ratelimit-'))
        return FAMILY.vendor;
      return key.startsWith('x-rate-limit') ? FAMILY.xDash : 0;
    case 0x61: // a
      return key.startsWith('anthropic-ratelimit-') ? FAMILY.vendor : 0;
    default:
      return 0;
  }
}

/** Scanning is cheaper than `toLowerCase`, which copies; names are nearly always lower-case. */
function hasUpperCase(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch >= 0x41 && ch <= 0x5a) return true;
  }
  return false;
}

function add(table: HeaderTable, name: string, value: string): void {
  let key = name;
  let family = KNOWN.get(name);
  if (family === undefined) {
    if (hasUpperCase(name)) key = name.toLowerCase();
    family = (key === name ? undefined : KNOWN.get(key)) ?? familyOfOther(key);
  }
  const prior = table.values.get(key);
  // Repeated fields combine as a comma-separated list (RFC 9110 §5.3).
  table.values.set(key, prior === undefined ? value : `${prior}, ${value}`);
  table.families |= family;
  if (prior === undefined && family & FAMILY.vendor) table.vendorNames.push(key);
}

/** Reads the headers this package may use into a {@link HeaderTable}. Never throws. */
export function readHeaderTable(input: HeadersInput | null | undefined): HeaderTable {
  const table: HeaderTable = { values: new Map(), families: 0, vendorNames: [] };
  if (input === null || typeof input !== 'object') return table;
  try {
    if (isHeadersLike(input)) {
      input.forEach((value, name) => {
        if (mayBeRelevant(name)) add(table, name, value);
      });
      return table;
    }
    const names = Object.keys(input);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (!mayBeRelevant(name)) continue;
      const value = input[name];
      if (typeof value === 'string') add(table, name, value);
      else if (typeof value === 'number') add(table, name, String(value));
      else if (Array.isArray(value)) {
        for (const item of value) if (typeof item === 'string') add(table, name, item);
      }
    }
  } catch {
    // A hostile getter or proxy: parse what was read so far.
  }
  return table;
}
