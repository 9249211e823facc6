import { isIban, isPaymentCard } from './checksums.js';
import {
  digitCount,
  F_AT,
  F_B,
  F_COLON,
  F_DASH,
  F_EQ,
  F_PHONE_SEP,
  F_PLUS,
  F_UNDERSCORE,
  F_UPPER,
} from './string-features.js';

/** Names of the built-in rules that look inside strings. */
export type StringRuleName =
  | 'key-value'
  | 'url-credentials'
  | 'jwt'
  | 'bearer'
  | 'api-key'
  | 'email'
  | 'payment-card'
  | 'iban'
  | 'ssn'
  | 'phone';

/** Mutable tally a rule bumps once per replacement. */
export interface HitTally {
  hits: number;
}

/** A rule that finds sensitive parts of a string and replaces only those parts. */
export interface StringRule {
  readonly name: string;
  /** Cheap pre-filter on the {@link scanFeatures} bits; false means the rule cannot match. */
  applies(features: number, s: string): boolean;
  /** Returns `s` with every sensitive part replaced by `censor`, counting into `tally`. */
  apply(s: string, censor: string, tally: HitTally): string;
}

/** Decides whether `key = value` found inside a string must be censored (wired to key rules). */
export type SensitiveKeyValue = (key: string, value: string) => boolean;

function replaceChecked(
  re: RegExp,
  s: string,
  censor: string,
  tally: HitTally,
  check: (match: string) => boolean,
): string {
  return s.replace(re, (match: string) => {
    if (!check(match)) return match;
    tally.hits++;
    return censor;
  });
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function keyValueRule(sensitive: SensitiveKeyValue): StringRule {
  // The key starts at a word boundary and is bounded, so a scan stays linear on long strings.
  const re =
    /(?<![A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9_.-]{0,63})(\\?["']?[ \t]*[:=][ \t]*)("(?:[^"\\\n]|\\.){0,2048}"|'[^'\n]{0,2048}'|(?:(?:Bearer|Basic|Digest|Token|Negotiate)[ \t]+)?[^\s"'&,;#)}\]<>]{1,2048})/g;
  return {
    name: 'key-value',
    applies: (f, s) =>
      (f & F_EQ) !== 0 ||
      ((f & F_COLON) !== 0 && (s.includes(': ') || s.includes('":') || s.includes("':"))),
    apply(s, censor, tally) {
      re.lastIndex = 0;
      let out = '';
      let last = 0;
      for (let m = re.exec(s); m !== null; m = re.exec(s)) {
        const key = m[1] as string;
        const sep = m[2] as string;
        const rawValue = m[3] as string;
        const quote = rawValue[0] === '"' || rawValue[0] === "'" ? rawValue[0] : '';
        const value = quote ? rawValue.slice(1, -1) : rawValue;
        const valueStart = m.index + key.length + sep.length + quote.length;
        // Already censored (a value redacted earlier is logged again): leave it as it is.
        if (value.length === 0 || s.startsWith(censor, valueStart) || !sensitive(key, value)) {
          // Resume right after the key so `https://h/?token=x` still reaches `token`.
          re.lastIndex = m.index + key.length;
          continue;
        }
        tally.hits++;
        out += `${s.slice(last, m.index)}${key}${sep}${quote}${censor}${quote}`;
        last = m.index + m[0].length;
      }
      return last === 0 ? s : out + s.slice(last);
    },
  };
}

function isLocalPart(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 46 ||
    c === 95 ||
    c === 37 ||
    c === 43 ||
    c === 45
  );
}

/**
 * Replaces e-mail addresses. Instead of letting the regex try every position, each `@` is
 * located with indexOf, its local part found by walking back, and the sticky `re` (local part
 * and domain) run from there only.
 */
function replaceEmails(re: RegExp, s: string, censor: string, tally: HitTally): string {
  let out = '';
  let last = 0;
  for (let at = s.indexOf('@'); at >= 0; at = s.indexOf('@', at + 1)) {
    let start = at;
    while (start > last && isLocalPart(s.charCodeAt(start - 1))) start--;
    // A local part longer than 64, or one glued to the previous replacement, is not an address.
    if (start === at || at - start > 64 || (start > 0 && isLocalPart(s.charCodeAt(start - 1)))) {
      continue;
    }
    re.lastIndex = start;
    const m = re.exec(s);
    if (m === null) continue;
    tally.hits++;
    out += s.slice(last, start) + censor;
    last = start + m[0].length;
    at = last - 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

function looksLikeBearer(token: string): boolean {
  return token.length >= 20 || /[0-9._~+/=-]/.test(token);
}

function looksLikeBasic(token: string): boolean {
  if (token.length % 4 !== 0) return false;
  return Buffer.from(token, 'base64').toString('latin1').includes(':');
}

/**
 * Compiles the built-in string rules in the order they run. Regular expressions are created
 * per call because `key-value` drives `lastIndex` by hand.
 */
export function createStringRules(sensitive: SensitiveKeyValue): StringRule[] {
  const url = /\b([A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/)([^\s/?#@'"<>]{1,512})@/g;
  const jwt = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
  const bearer = /\b(Bearer|Basic)([ \t]+)([A-Za-z0-9._~+/-]{6,4096}=*)/gi;
  const prefixed =
    /(?<![A-Za-z0-9])((?:sk|pk|rk)_(?:live|test)_|whsec_|rl_agent_|gh[pousr]_|github_pat_|xox[abposr]-|sk-(?:proj-)?|AIza)([A-Za-z0-9_-]{8,4096})/g;
  const aws = /(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g;
  // Sticky: tried only where a local part ends at an `@` (see replaceEmails).
  const email =
    /[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/y;
  const card = /(?<![A-Za-z0-9_.-])\d(?:[ -]?\d){12,18}(?![A-Za-z0-9_]|[.-]\d)/g;
  const iban =
    /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/g;
  const ssn =
    /(?<![A-Za-z0-9_.-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![A-Za-z0-9_]|[.-]\d)/g;
  const intlPhone = /(?<![A-Za-z0-9_+])\+[1-9][0-9 ().-]{6,22}[0-9](?![0-9A-Za-z])/g;
  const nanpPhone =
    /(?<![A-Za-z0-9_.+-])(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![A-Za-z0-9_]|[.-]\d)/g;
  const trunkPhone =
    /(?<![A-Za-z0-9_.+:/-])(?:0\d{1,4}(?:[ -]\d{2,8}){1,4}|0[1-9](?:\.\d{2}){4})(?![A-Za-z0-9_:/]|[.-]\d)/g;

  return [
    keyValueRule(sensitive),
    {
      name: 'url-credentials',
      applies: (f, s) => (f & F_AT) !== 0 && (f & F_COLON) !== 0 && s.includes('://'),
      apply: (s, censor, tally) =>
        s.replace(url, (_m, scheme: string) => {
          tally.hits++;
          return `${scheme}${censor}@`;
        }),
    },
    {
      name: 'jwt',
      applies: (f, s) => (f & F_UPPER) !== 0 && s.length >= 20 && s.includes('eyJ'),
      apply: (s, censor, tally) => replaceChecked(jwt, s, censor, tally, () => true),
    },
    {
      name: 'bearer',
      applies: (f, s) =>
        (f & F_B) !== 0 &&
        s.length >= 12 &&
        (s.includes('earer') || s.includes('EARER') || s.includes('asic') || s.includes('ASIC')),
      apply: (s, censor, tally) =>
        s.replace(bearer, (m, scheme: string, gap: string, token: string) => {
          const credential =
            scheme.toLowerCase() === 'bearer' ? looksLikeBearer(token) : looksLikeBasic(token);
          if (!credential) return m;
          tally.hits++;
          return `${scheme}${gap}${censor}`;
        }),
    },
    {
      name: 'api-key',
      applies: (f, s) =>
        s.length >= 12 &&
        ((f & (F_UNDERSCORE | F_UPPER)) !== 0 ||
          ((f & F_DASH) !== 0 && (s.includes('xox') || s.includes('sk-')))),
      apply(s, censor, tally) {
        const keep = (_m: string, prefix: string) => {
          tally.hits++;
          return `${prefix}${censor}`;
        };
        return s.replace(prefixed, keep).replace(aws, keep);
      },
    },
    {
      name: 'email',
      applies: (f) => (f & F_AT) !== 0,
      apply: (s, censor, tally) => replaceEmails(email, s, censor, tally),
    },
    {
      name: 'payment-card',
      applies: (f) => digitCount(f) >= 13,
      apply: (s, censor, tally) =>
        replaceChecked(card, s, censor, tally, (m) => isPaymentCard(m.replace(/[ -]/g, ''))),
    },
    {
      name: 'iban',
      applies: (f, s) => (f & F_UPPER) !== 0 && digitCount(f) >= 8 && s.length >= 15,
      apply: (s, censor, tally) =>
        replaceChecked(iban, s, censor, tally, (m) => isIban(m.replace(/ /g, ''))),
    },
    {
      name: 'ssn',
      applies: (f) => (f & F_DASH) !== 0 && digitCount(f) >= 9,
      apply: (s, censor, tally) => replaceChecked(ssn, s, censor, tally, () => true),
    },
    {
      name: 'phone',
      applies: (f) => digitCount(f) >= 7 && (f & (F_PLUS | F_PHONE_SEP)) !== 0,
      apply(s, censor, tally) {
        let out = s;
        if (s.includes('+')) {
          out = replaceChecked(intlPhone, out, censor, tally, (m) => {
            const n = countDigits(m);
            return n >= 8 && n <= 15;
          });
        }
        out = replaceChecked(nanpPhone, out, censor, tally, () => true);
        return replaceChecked(trunkPhone, out, censor, tally, (m) => {
          const n = countDigits(m);
          return n >= 9 && n <= 12;
        });
      },
    },
  ];
}

/** Names of the built-in string rules, in the order they run. */
export const STRING_RULE_NAMES: readonly StringRuleName[] = [
  'key-value',
  'url-credentials',
  'jwt',
  'bearer',
  'api-key',
  'email',
  'payment-card',
  'iban',
  'ssn',
  'phone',
];
