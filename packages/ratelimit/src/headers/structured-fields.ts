// A small RFC 8941 (Structured Field Values) reader: just the lists, dictionaries and bare
// items the IETF rate-limit fields use. Whitespace is accepted around `;` as servers send it.

/** A bare item: numbers, strings, tokens and byte sequences (as their base64 text), booleans. */
export type SfBareItem = number | string | boolean;

export interface SfItem {
  readonly value: SfBareItem;
  /** True when the value was a quoted sf-string (not a token or byte sequence). */
  readonly quoted: boolean;
  readonly params: ReadonlyMap<string, SfBareItem>;
}

// Bounds the work on hostile input; real fields have a handful of members.
const MAX_MEMBERS = 64;
const MAX_FIELD_TEXT = 4096;

interface Cursor {
  readonly text: string;
  pos: number;
  /** Whether the last bare item read was a quoted string. */
  quoted: boolean;
}

function skipSpaces(c: Cursor): void {
  while (c.pos < c.text.length) {
    const ch = c.text.charCodeAt(c.pos);
    if (ch !== 0x20 && ch !== 0x09) return;
    c.pos++;
  }
}

// Character scanners instead of sticky regexes: a shared regex's lastIndex would be
// module-level mutable state.
function isLcAlpha(ch: number): boolean {
  return ch >= 0x61 && ch <= 0x7a;
}
function isDigit(ch: number): boolean {
  return ch >= 0x30 && ch <= 0x39;
}
function isAlpha(ch: number): boolean {
  return isLcAlpha(ch) || (ch >= 0x41 && ch <= 0x5a);
}
const KEY_CHARS = new Set('_-.*'.split('').map((ch) => ch.charCodeAt(0)));
const TOKEN_CHARS = new Set("!#$%&'*+-.^_`|~:/".split('').map((ch) => ch.charCodeAt(0)));
const BASE64_CHARS = new Set('+/='.split('').map((ch) => ch.charCodeAt(0)));

function scan(c: Cursor, first: (ch: number) => boolean, rest: (ch: number) => boolean) {
  const start = c.pos;
  if (start >= c.text.length || !first(c.text.charCodeAt(start))) return null;
  c.pos++;
  while (c.pos < c.text.length && rest(c.text.charCodeAt(c.pos))) c.pos++;
  return c.text.slice(start, c.pos);
}

const keyFirst = (ch: number) => isLcAlpha(ch) || ch === 0x2a;
const keyRest = (ch: number) => isLcAlpha(ch) || isDigit(ch) || KEY_CHARS.has(ch);
const tokenFirst = (ch: number) => isAlpha(ch) || ch === 0x2a;
const tokenRest = (ch: number) => isAlpha(ch) || isDigit(ch) || TOKEN_CHARS.has(ch);

function scanKey(c: Cursor): string | null {
  return scan(c, keyFirst, keyRest);
}

function scanToken(c: Cursor): string | null {
  return scan(c, tokenFirst, tokenRest);
}

function scanNumber(c: Cursor): number | null {
  const start = c.pos;
  if (c.text.charCodeAt(c.pos) === 0x2d) c.pos++;
  const intStart = c.pos;
  while (c.pos < c.text.length && isDigit(c.text.charCodeAt(c.pos))) c.pos++;
  const intDigits = c.pos - intStart;
  if (intDigits === 0 || intDigits > 15) return null;
  if (c.text.charCodeAt(c.pos) === 0x2e) {
    c.pos++;
    const fracStart = c.pos;
    while (c.pos < c.text.length && isDigit(c.text.charCodeAt(c.pos))) c.pos++;
    const fracDigits = c.pos - fracStart;
    if (fracDigits === 0 || fracDigits > 3 || intDigits > 12) return null;
  }
  return Number(c.text.slice(start, c.pos));
}

function scanBytes(c: Cursor): string | null {
  const start = c.pos;
  c.pos++; // opening colon
  while (c.pos < c.text.length) {
    const ch = c.text.charCodeAt(c.pos);
    if (ch === 0x3a) {
      c.pos++;
      return c.text.slice(start, c.pos);
    }
    if (!isAlpha(ch) && !isDigit(ch) && !BASE64_CHARS.has(ch)) return null;
    c.pos++;
  }
  return null;
}

function parseString(c: Cursor): string | null {
  c.pos++; // opening quote
  // Fast path, strings without escapes: one scan and one slice instead of a concatenation
  // per character.
  const { text } = c;
  const start = c.pos;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      c.pos = i + 1;
      return text.slice(start, i);
    }
    if (code === 0x5c) break;
    if (code < 0x20 || code > 0x7e) return null;
  }
  let out = '';
  while (c.pos < c.text.length) {
    const ch = c.text[c.pos++];
    if (ch === '"') return out;
    if (ch === '\\') {
      const next = c.text[c.pos++];
      if (next !== '"' && next !== '\\') return null;
      out += next;
      continue;
    }
    const code = (ch ?? '').charCodeAt(0);
    if (code < 0x20 || code > 0x7e) return null;
    out += ch;
  }
  return null;
}

function parseBare(c: Cursor): SfBareItem | null {
  c.quoted = false;
  const ch = c.text.charCodeAt(c.pos);
  if (ch === 0x22) {
    c.quoted = true;
    return parseString(c);
  }
  if (ch === 0x3f) {
    const b = c.text[c.pos + 1];
    if (b !== '0' && b !== '1') return null;
    c.pos += 2;
    return b === '1';
  }
  if (ch === 0x3a) return scanBytes(c);
  if (ch === 0x2d || isDigit(ch)) return scanNumber(c);
  return scanToken(c);
}

function parseParams(c: Cursor): Map<string, SfBareItem> | null {
  const params = new Map<string, SfBareItem>();
  for (;;) {
    skipSpaces(c);
    if (c.text[c.pos] !== ';') return params;
    c.pos++;
    skipSpaces(c);
    const key = scanKey(c);
    if (key === null) return null;
    let value: SfBareItem = true;
    if (c.text[c.pos] === '=') {
      c.pos++;
      const bare = parseBare(c);
      if (bare === null) return null;
      value = bare;
    }
    params.set(key, value);
    if (params.size > MAX_MEMBERS) return null;
  }
}

function parseItem(c: Cursor): SfItem | null {
  const value = parseBare(c);
  if (value === null) return null;
  const quoted = c.quoted;
  const params = parseParams(c);
  return params === null ? null : { value, quoted, params };
}

/** After a member: end of input (true), or a comma followed by another member. */
function nextMember(c: Cursor): boolean | null {
  skipSpaces(c);
  if (c.pos >= c.text.length) return true;
  if (c.text[c.pos] !== ',') return null;
  c.pos++;
  skipSpaces(c);
  return c.pos >= c.text.length ? null : false;
}

/** An sf-list of items (inner lists are not used by rate-limit fields and are malformed). */
export function parseSfList(text: string): SfItem[] | null {
  if (text.length > MAX_FIELD_TEXT) return null;
  const c: Cursor = { text, pos: 0, quoted: false };
  skipSpaces(c);
  const items: SfItem[] = [];
  if (c.pos >= text.length) return items;
  for (;;) {
    const item = parseItem(c);
    if (item === null) return null;
    items.push(item);
    if (items.length > MAX_MEMBERS) return null;
    const done = nextMember(c);
    if (done === null) return null;
    if (done) return items;
  }
}

/** An sf-dictionary (`limit=100, remaining=50, reset=5`). */
export function parseSfDictionary(text: string): Map<string, SfItem> | null {
  if (text.length > MAX_FIELD_TEXT) return null;
  const c: Cursor = { text, pos: 0, quoted: false };
  skipSpaces(c);
  const dict = new Map<string, SfItem>();
  if (c.pos >= text.length) return dict;
  for (;;) {
    const key = scanKey(c);
    if (key === null) return null;
    let member: SfItem | null;
    if (c.text[c.pos] === '=') {
      c.pos++;
      member = parseItem(c);
    } else {
      const params = parseParams(c);
      member = params === null ? null : { value: true, quoted: false, params };
    }
    if (member === null) return null;
    dict.set(key, member);
    if (dict.size > MAX_MEMBERS) return null;
    const done = nextMember(c);
    if (done === null) return null;
    if (done) return dict;
  }
}
