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
const DIGIT_SHIFT = 9;
/** Bits that can start any built-in rule besides the digit-based ones. */
const TRIGGERS = F_AT | F_EQ | F_COLON | F_PLUS | F_UPPER | F_UNDERSCORE | F_B;

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
    else if (c === 32 || c === 40 || c === 41 || c === 46) flags |= F_PHONE_SEP;
  }
  return flags | (digits << DIGIT_SHIFT);
}

/**
 * False when no built-in rule can match a string with these features: only lower-case letters,
 * `.`, `-`, `/` and spaces, fewer than 7 digits, no `b`. Most log values stop here.
 */
export function mayContainSensitive(features: number, s: string): boolean {
  if ((features & TRIGGERS) !== 0 || features >>> DIGIT_SHIFT >= 7) return true;
  return (features & F_DASH) !== 0 && (s.includes('xox') || s.includes('sk-'));
}

/** Number of ASCII digits recorded by {@link scanFeatures}. */
export function digitCount(features: number): number {
  return features >>> DIGIT_SHIFT;
}

function isUuid(s: string): boolean {
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) {
      return false;
    }
  }
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
