import { markupRule } from './markup-rule.js';
import { phoneRule } from './phone-rule.js';
import { emailRule, ibanRule, paymentCardRule, ssnRule } from './pii-rules.js';
import {
  bearerRule,
  cliCredentialRule,
  jwtRule,
  privateKeyRule,
  urlCredentialsRule,
  urlTokenRule,
} from './secret-rules.js';
import { F_COLON, F_EQ } from './string-features.js';
import type { SensitiveKeyValue, StringRule } from './string-rule.js';
import { apiKeyRule } from './vendor-token-rule.js';

export type { HitTally, SensitiveKeyValue, StringRule } from './string-rule.js';

/** Names of the built-in rules that look inside strings. */
export type StringRuleName =
  | 'private-key'
  | 'url-credentials'
  | 'url-token'
  | 'cli-credential'
  | 'jwt'
  | 'bearer'
  | 'api-key'
  | 'email'
  | 'payment-card'
  | 'iban'
  | 'ssn'
  | 'phone'
  | 'key-value'
  | 'markup';

/** Values that never hold a secret, whatever the key: `if (token != null)`. */
const PLACEHOLDER = /^(?:null|undefined|None|nil|true|false)$/;
/** Keys whose value is `<scheme> <credentials>` (RFC 9110 §11.4), not one token. */
const AUTH_KEY = /(?:^|[^A-Za-z])(?:proxy-)?authorization$/i;
/**
 * A scheme and its credentials: one token (`Bearer x`, `Token x`, `FlyV1 fm2_a,fm2_b`) or a list
 * of `name=value` parameters (`Digest username="bob", response="…"`, `AWS4-HMAC-SHA256
 * Credential=…, SignedHeaders=…, Signature=…`). Text after it stays.
 */
const AUTH_VALUE =
  /[A-Za-z][A-Za-z0-9._-]*(?:[ \t]+(?:[A-Za-z0-9_-]+=(?:"[^"\n]*"|[^\s,"']*)(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+=(?:"[^"\n]*"|[^\s,"']*))*|[^\s"']+))?/;

/** `Cookie: a=1; b=2`: every pair is a value, so the whole header goes (not `Set-Cookie`). */
const COOKIE_KEY = /(?:^|[^A-Za-z-])cookie$/i;

/** End of a header value: the end of the line, or the quote the header sits in (`-H "…"`). */
function headerEnd(s: string, from: number, before: string | undefined): number {
  let end = s.length;
  const quote = before === '"' || before === "'" ? before : '\n';
  for (const stop of ['\n', '\r', '\\n', quote]) {
    const at = s.indexOf(stop, from);
    if (at >= 0 && at < end) end = at;
  }
  return from + s.slice(from, end).trimEnd().length;
}

/**
 * Where an unquoted value ends: at `,`/`.`/`;` closing it, or a bracket it did not open, so
 * `password=a(b)c,` keeps `a(b)c` whole and `(token=x)` stops before `)`.
 */
function unquotedEnd(v: string): number {
  let depth = 0;
  let end = v.length;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  while (end > 1 && /[,.:]/.test(v[end - 1] as string)) end--;
  return end;
}

function keyValueRule(sensitive: SensitiveKeyValue): StringRule {
  const authValue = new RegExp(AUTH_VALUE.source, 'y');
  // The key starts at a word boundary and is bounded, so a scan stays linear on long strings.
  // Operators: `=`, `:`, `:=`, `::=`, `?=`, `+=`, `=>`, `==`, `!=` (`if (secret == "…")`).
  const re =
    /(?<![A-Za-z0-9_.-])(_{0,2}[A-Za-z][A-Za-z0-9_.-]{0,63})(\\?["']?\]?[ \t]*(?:::=|:=|\?=|\+=|!==?|===?|=>|[:=])[ \t]*)(\\"(?:[^"\\\n]|\\[^"\n]){0,2048}\\"|"(?:[^"\\\n]|\\.){0,2048}"|'(?:[^'\\\n]|\\.){0,2048}'|(?:(?:Bearer|Basic|Digest|Token|Negotiate)[ \t]+)?[^\s"'&;<>`]{1,2048})/g;
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
        const raw = m[3] as string;
        const quote = raw.startsWith('\\"')
          ? '\\"'
          : raw[0] === '"' || raw[0] === "'"
            ? raw[0]
            : '';
        const valueStart = m.index + key.length + sep.length + quote.length;
        let valueEnd = m.index + m[0].length - quote.length;
        if (!quote) {
          authValue.lastIndex = valueStart;
          const auth = AUTH_KEY.test(key) ? authValue.exec(s) : null;
          valueEnd =
            auth !== null
              ? valueStart + auth[0].length
              : COOKIE_KEY.test(key)
                ? headerEnd(s, valueStart, s[m.index - 1])
                : valueStart + unquotedEnd(s.slice(valueStart, valueEnd));
        }
        const value = s.slice(valueStart, valueEnd);
        // Already censored (a value redacted earlier is logged again): leave it as it is.
        if (
          value.length === 0 ||
          value.startsWith(censor) ||
          PLACEHOLDER.test(value) ||
          !sensitive(key, value)
        ) {
          // Resume right after the key so `https://h/?token=x` still reaches `token`.
          re.lastIndex = m.index + key.length;
          continue;
        }
        tally.hits++;
        out += `${s.slice(last, valueStart)}${censor}`;
        last = valueEnd;
        re.lastIndex = Math.max(valueEnd, m.index + key.length);
      }
      return last === 0 ? s : out + s.slice(last);
    },
  };
}

/**
 * Compiles the built-in string rules in the order they run. Regular expressions are created
 * per call because several rules drive `lastIndex` by hand.
 */
export function createStringRules(sensitive: SensitiveKeyValue): StringRule[] {
  // Shape rules run before `key-value`, so a value they already censored whole (a grouped IBAN,
  // a spaced phone number after `phone: `) is not cut at its first space by `key-value`.
  return [
    privateKeyRule(),
    urlCredentialsRule(),
    urlTokenRule(),
    cliCredentialRule(sensitive),
    jwtRule(),
    bearerRule(),
    apiKeyRule(),
    emailRule(),
    paymentCardRule(),
    ibanRule(),
    ssnRule(),
    phoneRule(),
    keyValueRule(sensitive),
    markupRule(sensitive),
  ];
}

/** Names of the built-in string rules, in the order they run. */
export const STRING_RULE_NAMES: readonly StringRuleName[] = [
  'private-key',
  'url-credentials',
  'url-token',
  'cli-credential',
  'jwt',
  'bearer',
  'api-key',
  'email',
  'payment-card',
  'iban',
  'ssn',
  'phone',
  'key-value',
  'markup',
];
