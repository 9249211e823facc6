import { digitCount, F_PHONE_SEP, F_PLUS, F_WIDE } from './string-features.js';
import { countDigits, type HitTally, type StringRule } from './string-rule.js';

/** An extension glued to or following a number: `x456`, ` ext. 12`, `#12`. */
const EXT = String.raw`(?:[ ]?(?:x|ext\.?|extn\.?|extension|#)[ ]?\d{1,6})?`;

interface PhonePattern {
  readonly re: RegExp;
  readonly min: number;
  readonly max: number;
}

// Digit counts exclude the extension (it is at most 6 digits after a letter or `#`).
/** Written forms; compiled per rule with the global flag (their `lastIndex` is driven by hand). */
const PATTERNS: readonly PhonePattern[] = [
  // International with `+`: `+14155552671`, `+44 20 7946 0958`, `+49 (0)30 123456`, `+1 415/555-2671`.
  {
    re: new RegExp(String.raw`(?<![0-9_+])\+[1-9][0-9 ()./-]{6,22}[0-9]${EXT}(?![0-9A-Za-z])`, 'g'),
    min: 8,
    max: 15,
  },
  // International access codes: `0044 20 7946 0958`, `011 44 20 7946 0958`, `0011-61-2-9876-5432`.
  {
    re: new RegExp(
      String.raw`(?<![\w.+:/-])(?:00|011|0011)[ .-]?[1-9][0-9 ()./-]{6,22}[0-9]${EXT}(?![\w]|[.-]\d)`,
      'g',
    ),
    min: 10,
    max: 19,
  },
  // North American: `(415) 555-2671`, `1-650-253-0000`, `415/666-7777`, `call415.555.2671x12`.
  {
    re: new RegExp(
      String.raw`(?<![0-9_.+/-])(?:1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ ./-])\d{3}[ .-]\d{4}${EXT}(?![0-9_]|[.-]\d)`,
      'g',
    ),
    min: 10,
    max: 11,
  },
  // Trunk-prefix national: `020 7946 0958`, `030 1234567`, `06-12345678`, `06.12.34.56.78`, `(0)20 …`.
  {
    re: /(?<![\w+:/-]|[\d_]\.)(?:\(0\)[ ]?\d{1,4}|0\d{1,4})(?:[ ./-]\d{2,8}){1,4}(?![\w:/]|[.-]\d)/,
    min: 9,
    max: 12,
  },
  // Area code in parentheses: `(33) 3461 2234`, `(11) 98765-4321`, `(020) 7946 0958`.
  {
    re: /(?<![\w.+:/-])\(\d{2,5}\)[ .-]?\d{3,5}[ .-]?\d{3,5}(?![\w]|[.-]\d)/,
    min: 9,
    max: 12,
  },
  // Mobile groupings without a trunk prefix: `612 345 678`, `312 345 6789`, `612 34 56 78`.
  {
    re: /(?<![\w.,+:/$€£-]|\d )[1-9]\d{2}(?: \d{3} \d{3,4}| \d{2} \d{2} \d{2})(?![\w.,€$£%]| \d| ?(?:EUR|USD|GBP|CHF|bytes|ms|items|requests|rows|users))/,
    min: 9,
    max: 10,
  },
];

/** `200 404 500`: three HTTP status codes in a row, not a number grouped like `612 345 678`. */
const HTTP_STATUSES = /^[1-5]\d{2} [1-5]\d{2} [1-5]\d{2}$/;
/** Digit groups of an IBAN-like string (`NL91 ABNA 0417 1643 00`) are not a phone number. */
const IBAN_BEFORE = /[A-Z]{2}\d{2}(?:[ -][A-Z0-9]{4})*[ -]?$/;
/** `ddd-dd-dddd`, `ddd.dd.dddd`, `ddd dd dddd`: SSN-shaped, valid or not, never a phone number. */
const SSN_SHAPE = /^\d{3}([-. ])\d{2}\1\d{4}$/;

function toAsciiDigits(s: string): string {
  // Full-width digits and `＋－（）．／` (U+FF01–FF5E) and the ideographic space are one UTF-16
  // unit like their ASCII forms, so offsets still match.
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

function phoneDigits(m: string): number {
  const ext = /(?:x|ext\.?|extn\.?|extension|#)[ ]?\d{1,6}$/.exec(m);
  return countDigits(ext ? m.slice(0, ext.index) : m);
}

/**
 * Phone numbers in the written forms above, including full-width digits. Each pattern runs on
 * the string with replacements so far; a match must have the digit count of a real number.
 */
export function phoneRule(): StringRule {
  const patterns = PATTERNS.map((p) => ({ ...p, re: new RegExp(p.re.source, 'g') }));
  return {
    name: 'phone',
    applies: (f) => digitCount(f) >= 7 && (f & (F_PLUS | F_PHONE_SEP | F_WIDE)) !== 0,
    apply(s: string, censor: string, tally: HitTally) {
      let out = s;
      for (const { re, min, max } of patterns) {
        const scan = /[\uFF10-\uFF19]/.test(out) ? toAsciiDigits(out) : out;
        let result = '';
        let last = 0;
        re.lastIndex = 0;
        for (let m = re.exec(scan); m !== null; m = re.exec(scan)) {
          const n = phoneDigits(m[0]);
          if (n < min || n > max || SSN_SHAPE.test(m[0]) || HTTP_STATUSES.test(m[0])) continue;
          if (IBAN_BEFORE.test(scan.slice(Math.max(0, m.index - 40), m.index))) continue;
          tally.hits++;
          result += out.slice(last, m.index) + censor;
          last = m.index + m[0].length;
        }
        if (last > 0) out = result + out.slice(last);
      }
      return out;
    },
  };
}
