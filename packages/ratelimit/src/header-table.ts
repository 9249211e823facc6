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

// Every header the parser reads starts with one of these letters (ratelimit-*, retry-after,
// x-*, sforce-*, anthropic-*, date); the rest are skipped without lowercasing them.
function mayBeRelevant(name: string): boolean {
  const c = name.charCodeAt(0) | 0x20;
  return c === 0x72 || c === 0x78 || c === 0x73 || c === 0x61 || c === 0x64;
}

function add(table: Map<string, string>, name: string, value: string): void {
  const key = name.toLowerCase();
  const prior = table.get(key);
  // Repeated fields combine as a comma-separated list (RFC 9110 §5.3).
  table.set(key, prior === undefined ? value : `${prior}, ${value}`);
}

/** Lower-cased name → combined value, for the names this package may read. Never throws. */
export function readHeaderTable(input: HeadersInput | null | undefined): Map<string, string> {
  const table = new Map<string, string>();
  if (input === null || typeof input !== 'object') return table;
  try {
    if (isHeadersLike(input)) {
      input.forEach((value, name) => {
        if (mayBeRelevant(name)) add(table, name, value);
      });
      return table;
    }
    for (const name in input) {
      if (!Object.hasOwn(input, name) || !mayBeRelevant(name)) continue;
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
