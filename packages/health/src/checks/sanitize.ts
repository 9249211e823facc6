/**
 * Turns a check's raw error text into something safe to put in a response body. Typed to
 * accept generic redactors such as `@preflight/logger`'s `redact(value: unknown) => unknown`:
 * any result other than a string withholds the message.
 */
export type Sanitizer = (text: string) => unknown;

// Every pattern runs in linear time: quantifiers that could rescan a long run are bounded or
// may only start at the beginning of a run, so a hostile message cannot stall the event loop.

// URL query strings and fragments routinely carry credentials (signed URLs, api_key=…).
const URL_PATTERN =
  /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s/?#@'"]*@)?([^\s?#'"]*)(\?[^\s#'"]*)?(#[^\s'"]*)?/gi;
const BEARER_PATTERN = /\b(bearer|basic|token)\s+[^\s,;'"]+/gi;
// key=value / key: value pairs whose key names a secret.
const SECRET_PAIR_PATTERN =
  /(?<![\w-])([\w-]{0,64}(?:pass(?:word|wd)?|secret|token|key|auth|credential|session|cookie|signature)[\w-]{0,64})(\s{0,8}[=:]\s{0,8})("[^"]*"|'[^']*'|[^\s,;&'"]+)/gi;
// Vendor key shapes from the checklists (sk_live_…, whsec_…, rl_agent_…) and JWTs.
const KEY_SHAPE_PATTERN =
  /\b(?:sk|pk|rk)_(?:live|test)_[\w-]+|\bwhsec_[\w-]+|\brl_agent_[\w-]+|(?<![\w-])eyJ[\w-]+\.[\w-]+\.[\w-]+/g;
// Whitespace-free tokens: connection strings are looked at one token at a time.
const TOKEN_PATTERN = /[^\s'"<>`]+/g;
const USERNAME_CHAR = /[\w.+%-]/;

const MASK = '[REDACTED]';

/**
 * The sanitizer used when none is given: strips URL credentials (also passwords with raw
 * `/`, `@`, `:` or `#`), credentials of scheme-less DSNs (`admin:s3cret@db:27017`), query
 * strings and fragments, `Bearer …` values, `password=…`-style pairs and well-known key shapes.
 * Apps should pass the logger's redaction instead so both redact the same way.
 */
export function defaultSanitize(text: string): string {
  const unlinked = text.includes('@') ? text.replace(TOKEN_PATTERN, maskUserinfo) : text;
  return unlinked
    .replace(
      URL_PATTERN,
      (_m, scheme: string, userinfo: string | undefined, rest: string, query?: string) =>
        `${scheme}${userinfo ? `${MASK}@` : ''}${rest}${query ? `?${MASK}` : ''}`,
    )
    .replace(BEARER_PATTERN, (_m, scheme: string) => `${scheme} ${MASK}`)
    .replace(SECRET_PAIR_PATTERN, (_m, key: string, sep: string) => `${key}${sep}${MASK}`)
    .replace(KEY_SHAPE_PATTERN, MASK);
}

// Userinfo ends at the token's LAST `@` followed by a host: passwords are often not
// percent-encoded, so `/`, `@` and `:` inside them are common in real connection strings.
function maskUserinfo(token: string): string {
  const at = token.lastIndexOf('@');
  if (at <= 0 || !/[A-Za-z0-9[]/.test(token.charAt(at + 1))) return token;
  const scheme = token.indexOf('://');
  if (scheme >= 0 && scheme < at) {
    const userinfo = token.slice(scheme + 3, at);
    const colon = userinfo.indexOf(':');
    const slash = userinfo.indexOf('/');
    // `https://host/users/@me` has an `@` in its path, not credentials.
    if (userinfo === '' || (slash >= 0 && (colon < 0 || colon > slash))) return token;
    return `${token.slice(0, scheme + 3)}${MASK}${token.slice(at)}`;
  }
  const colon = token.indexOf(':');
  if (colon <= 0 || colon + 1 >= at) return token;
  let start = colon;
  while (start > 0 && USERNAME_CHAR.test(token.charAt(start - 1))) start -= 1;
  if (start === colon) return token;
  return `${token.slice(0, start)}${MASK}${token.slice(at)}`;
}

const FALLBACK = 'check failed (details withheld)';
// Longer texts are cut at a whitespace before sanitizing, so no sanitizer sees megabytes and
// no credential is cut in half (a half can escape every pattern).
const MAX_SANITIZED_CHARS = 65_536;

/**
 * Applies the app's sanitizer and the length cap. Never throws: a sanitizer that throws or
 * returns a non-string yields a fixed message rather than the raw text.
 */
export function safeOutput(text: string, sanitize: Sanitizer, maxLength: number): string {
  const input = wholeTokens(text);
  let cleaned: unknown;
  try {
    cleaned = sanitize(input);
  } catch {
    return FALLBACK;
  }
  if (typeof cleaned !== 'string') return FALLBACK;
  if (cleaned.length <= maxLength && input.length === text.length) return cleaned;
  return `${cleaned.slice(0, Math.max(0, maxLength - 1))}…`;
}

function wholeTokens(text: string): string {
  if (text.length <= MAX_SANITIZED_CHARS) return text;
  let cut = MAX_SANITIZED_CHARS;
  while (cut > 0 && !/\s/.test(text.charAt(cut))) cut -= 1;
  return text.slice(0, cut);
}

/** The text of whatever a check threw, without assuming it is an `Error` or well-behaved. */
export function describeThrown(thrown: unknown): string {
  try {
    if (thrown instanceof Error) return String(thrown.message || thrown.name);
    if (typeof thrown === 'string') return thrown;
  } catch {
    // A Proxy or a throwing `message` getter: the check failed, say no more.
  }
  return 'check failed';
}
