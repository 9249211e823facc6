/**
 * One cheap pass over a string that records which characters occur, so each string rule can
 * skip its regular expression when the string cannot possibly match (no `@` → no e-mail).
 */
export const F_AT = 1;
export const F_EQ = 2;
export const F_COLON = 4;
export const F_PLUS = 8;
export const F_UPPER = 16;
export const F_UNDERSCORE = 32;
export const F_DASH = 64;
export const F_PHONE_SEP = 128;
/** A `b` or `B` (for `Bearer` / `Basic`). */
export const F_B = 256;
/** A full-width digit (U+FF10–FF19), also counted as a digit. */
export const F_WIDE = 512;
const DIGIT_SHIFT = 10;
/** Bits that alone let a rule match a string of any length (`key=value`, `key: value`, e-mail). */
const SHORT_TRIGGERS = F_AT | F_EQ | F_COLON;
/** Bits that let a rule match only strings of at least {@link LONG} characters (keys, JWTs, Bearer). */
const LONG_TRIGGERS = F_UPPER | F_UNDERSCORE | F_B | F_DASH;
/** Shortest string the `api-key`, `bearer`, `jwt` and `iban` rules can match. */
const LONG = 12;

/** Feature bits of `s`, with the number of ASCII digits in the bits above {@link DIGIT_SHIFT}. */
export function scanFeatures(s: string): number {
  let flags = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90 && c !== 66) flags |= F_UPPER;
    else if (c >= 97 && c <= 122) {
      if (c === 98) flags |= F_B;
    } else if (c === 66) flags |= F_UPPER | F_B;
    else if (c === 64) flags |= F_AT;
    else if (c === 61) flags |= F_EQ;
    else if (c === 58) flags |= F_COLON;
    else if (c === 43) flags |= F_PLUS;
    else if (c === 95) flags |= F_UNDERSCORE;
    else if (c === 45) flags |= F_DASH | F_PHONE_SEP;
    else if (c === 32 || c === 40 || c === 41 || c === 46 || c === 47) flags |= F_PHONE_SEP;
    else if (c >= 0xff10 && c <= 0xff19) {
      flags |= F_WIDE;
      digits++;
    }
  }
  return flags | (digits << DIGIT_SHIFT);
}

/**
 * False when no built-in rule can match a string with these features: no `@`, `=` or `:`, fewer
 * than 7 digits, and — unless it is at least 12 characters long — no upper-case letter, `_`,
 * `-` or `b`. Each rule's own `applies` pre-filter implies this one (see string-rules.ts), so
 * most log values (ids, names, hosts, versions) stop here.
 */
export function mayContainSensitive(features: number, s: string): boolean {
  if ((features & SHORT_TRIGGERS) !== 0 || features >>> DIGIT_SHIFT >= 7) return true;
  return s.length >= LONG && (features & LONG_TRIGGERS) !== 0;
}

/** Number of ASCII digits recorded by {@link scanFeatures}. */
export function digitCount(features: number): number {
  return features >>> DIGIT_SHIFT;
}

/** 1 for the ASCII hex digits `0-9a-fA-F`, else 0 (indexes ≥ 128 read `undefined`). */
const HEX = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

function isUuid(s: string): boolean {
  if (s.charCodeAt(18) !== 45 || s.charCodeAt(23) !== 45) return false;
  for (let i = 0; i < 8; i++) if (HEX[s.charCodeAt(i)] !== 1) return false;
  for (let i = 9; i < 13; i++) if (HEX[s.charCodeAt(i)] !== 1) return false;
  for (let i = 14; i < 18; i++) if (HEX[s.charCodeAt(i)] !== 1) return false;
  for (let i = 19; i < 23; i++) if (HEX[s.charCodeAt(i)] !== 1) return false;
  for (let i = 24; i < 36; i++) if (HEX[s.charCodeAt(i)] !== 1) return false;
  return true;
}
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * True for strings operators need verbatim and that no rule may touch: UUIDs and ISO 8601
 * dates/timestamps. Checked by shape first so most strings never reach the regex.
 */
export function isKnownSafe(s: string): boolean {
  const length = s.length;
  if (length === 36 && s.charCodeAt(8) === 45 && s.charCodeAt(13) === 45) return isUuid(s);
  if (length >= 10 && length <= 35 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    return ISO_DATE_TIME.test(s);
  }
  return false;
}
