import { IBAN_LENGTHS, isIban, isPaymentCard } from './checksums.js';
import { digitCount, F_AT, F_DASH, F_PHONE_SEP, F_UPPER } from './string-features.js';
import { type HitTally, replaceChecked, type StringRule } from './string-rule.js';

function isLocalPart(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 46 ||
    c === 95 ||
    c === 37 ||
    c === 43 ||
    c === 45 ||
    // RFC 5322 atext `! # $ ' * ? ^ \` { | } ~` (not `/ = &`, which end paths and query values).
    c === 33 ||
    c === 35 ||
    c === 36 ||
    c === 39 ||
    c === 42 ||
    c === 63 ||
    c === 94 ||
    c === 96 ||
    c === 123 ||
    c === 124 ||
    c === 125 ||
    c === 126 ||
    // Non-ASCII letters (RFC 6531 addresses such as `josé@café.fr`), but not spaces or quotes.
    (c >= 0xc0 && c !== 0x3000 && c !== 0x201c && c !== 0x201d)
  );
}

function isLocalStart(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 0xc0
  );
}

/**
 * Replaces e-mail addresses: ASCII, internationalised (`用户@例子.广告`, `xn--` punycode) and
 * with a quoted local part (`"john doe"@example.com`). Each `@` is located with indexOf, its
 * local part found by walking back, and the sticky domain regex run from the `@` only.
 */
function replaceEmails(
  ascii: RegExp,
  domain: RegExp,
  s: string,
  censor: string,
  tally: HitTally,
): string {
  let out = '';
  let last = 0;
  for (let at = s.indexOf('@'); at >= 0; at = s.indexOf('@', at + 1)) {
    let start = at;
    if (s.charCodeAt(at - 1) === 34) {
      // Quoted local part: back to the opening quote, at most 64 characters.
      const open = s.lastIndexOf('"', at - 2);
      if (open < last || at - open > 66 || s.slice(open, at).includes('\n')) continue;
      start = open;
    } else {
      while (start > last && isLocalPart(s.charCodeAt(start - 1))) start--;
      // Glued to the previous replacement: not an address of its own.
      if (start > 0 && isLocalPart(s.charCodeAt(start - 1))) continue;
      // Local parts start with a letter, digit or `_` (a leading `'`, `{`, `.` is text around it).
      while (start < at && !isLocalStart(s.charCodeAt(start))) start++;
      if (start === at || at - start > 64) continue;
      // `ssh://git@github.com`: the user of a URL, which url-credentials judges.
      if (s.startsWith('://', start - 3)) continue;
    }
    ascii.lastIndex = at + 1;
    let m = ascii.exec(s);
    if (m === null && !isAscii(s, at + 1)) {
      domain.lastIndex = at + 1;
      m = domain.exec(s);
    }
    if (m === null) continue;
    tally.hits++;
    out += s.slice(last, start) + censor;
    last = at + 1 + m[0].length;
    at = last - 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

/** True when the 255 characters a domain can span after `from` are ASCII (the common case). */
function isAscii(s: string, from: number): boolean {
  const end = Math.min(s.length, from + 255);
  for (let i = from; i < end; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

export function emailRule(): StringRule {
  // The ASCII form runs first; the Unicode one only when non-ASCII text follows the `@`.
  const ascii =
    /(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}(?:[A-Za-z]{2,24}|xn--[a-z0-9-]{2,59})(?![A-Za-z0-9-])|\[\d{1,3}(?:\.\d{1,3}){3}\])/y;
  // Labels of letters/digits in any script; the TLD is letters, `xn--` punycode, or an IP literal.
  const domain =
    /(?:(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.){1,8}(?:[A-Za-z]{2,24}|xn--[a-z0-9-]{2,59}|\p{L}{2,24})(?![\p{L}\p{N}-])|\[\d{1,3}(?:\.\d{1,3}){3}\])/uy;
  return {
    name: 'email',
    applies: (f) => (f & F_AT) !== 0,
    apply: (s, censor, tally) => replaceEmails(ascii, domain, s, censor, tally),
  };
}

export function paymentCardRule(): StringRule {
  const card = /(?<![A-Za-z0-9_.-])\d(?:[ -]?\d){12,18}(?![A-Za-z0-9_]|[.-]\d)/g;
  return {
    name: 'payment-card',
    applies: (f) => digitCount(f) >= 13,
    apply: (s, censor, tally) =>
      replaceChecked(card, s, censor, tally, (m) => isPaymentCard(m.replace(/[ -]/g, ''))),
  };
}

/**
 * IBANs of every SWIFT-registry country, compact or grouped by spaces or dashes, also when more
 * text follows: the country's registered length says where the IBAN ends, mod-97 confirms it.
 */
export function ibanRule(): StringRule {
  const start = /(?<![A-Za-z0-9])([A-Z]{2})\d{2}/g;
  return {
    name: 'iban',
    applies: (f, s) => (f & F_UPPER) !== 0 && digitCount(f) >= 6 && s.length >= 15,
    apply(s, censor, tally) {
      start.lastIndex = 0;
      let out = '';
      let last = 0;
      for (let m = start.exec(s); m !== null; m = start.exec(s)) {
        const length = IBAN_LENGTHS.get(m[1] as string);
        if (length === undefined) continue;
        let compact = m[0];
        let i = m.index + 4;
        while (compact.length < length && i < s.length) {
          const c = s.charCodeAt(i);
          const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
          if (alnum) compact += s[i];
          else if ((c !== 32 && c !== 45) || !/[A-Z0-9]/.test(s[i + 1] ?? '')) break;
          i++;
        }
        // A digit right after would make it a longer number, not this IBAN.
        if (compact.length !== length || /[0-9]/.test(s[i] ?? '') || !isIban(compact)) continue;
        tally.hits++;
        out += s.slice(last, m.index) + censor;
        last = i;
        start.lastIndex = i;
      }
      return last === 0 ? s : out + s.slice(last);
    },
  };
}

/**
 * US SSNs `078-05-1123`, `078.05.1123`, `078 05 1123` (one separator throughout); never-issued
 * areas, groups and serials are kept.
 */
export function ssnRule(): StringRule {
  const ssn =
    /(?<![A-Za-z0-9_.-])(?!000|666|9\d\d)\d{3}([-. ])(?!00)\d{2}\1(?!0000)\d{4}(?![A-Za-z0-9_]|[.-]\d)/g;
  return {
    name: 'ssn',
    applies: (f) => digitCount(f) >= 9 && (f & (F_DASH | F_PHONE_SEP)) !== 0,
    apply: (s, censor, tally) => replaceChecked(ssn, s, censor, tally, () => true),
  };
}
