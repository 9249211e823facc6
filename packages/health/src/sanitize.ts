/**
 * Turns a check's raw error text into something safe to put in a response body. Typed to
 * accept generic redactors such as `@preflight/logger`'s `redact(value: unknown) => unknown`:
 * any result other than a string withholds the message.
 */
export type Sanitizer = (text: string) => unknown;

// URL userinfo and query strings routinely carry credentials (connection strings, signed URLs).
const URL_PATTERN =
  /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@'"]*@)?([^\s?#'"]*)(\?[^\s#'"]*)?(#[^\s'"]*)?/gi;
const BEARER_PATTERN = /\b(bearer|basic|token)\s+[^\s,;'"]+/gi;
// key=value / key: value pairs whose key names a secret.
const SECRET_PAIR_PATTERN =
  /\b([\w-]*(?:pass(?:word|wd)?|secret|token|key|auth|credential|session|cookie|signature)[\w-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&'"]+)/gi;
// Vendor key shapes from the checklists (sk_live_…, whsec_…, rl_agent_…) and JWTs.
const KEY_SHAPE_PATTERN =
  /\b(?:sk|pk|rk)_(?:live|test)_[\w-]+|\bwhsec_[\w-]+|\brl_agent_[\w-]+|\beyJ[\w-]+\.[\w-]+\.[\w-]+/g;

const MASK = '[REDACTED]';

/**
 * The sanitizer used when none is given: strips URL credentials, query strings and fragments,
 * `Bearer …` values, `password=…`-style pairs and well-known key shapes. Apps should pass the
 * logger's redaction instead so both redact the same way.
 */
export function defaultSanitize(text: string): string {
  return text
    .replace(
      URL_PATTERN,
      (_m, scheme: string, userinfo: string | undefined, rest: string, query?: string) =>
        `${scheme}${userinfo ? `${MASK}@` : ''}${rest}${query ? `?${MASK}` : ''}`,
    )
    .replace(BEARER_PATTERN, (_m, scheme: string) => `${scheme} ${MASK}`)
    .replace(SECRET_PAIR_PATTERN, (_m, key: string, sep: string) => `${key}${sep}${MASK}`)
    .replace(KEY_SHAPE_PATTERN, MASK);
}

const FALLBACK = 'check failed (details withheld)';

/**
 * Applies the app's sanitizer and the length cap. Never throws: a sanitizer that throws or
 * returns a non-string yields a fixed message rather than the raw text.
 */
export function safeOutput(text: string, sanitize: Sanitizer, maxLength: number): string {
  let cleaned: unknown;
  try {
    cleaned = sanitize(text);
  } catch {
    return FALLBACK;
  }
  if (typeof cleaned !== 'string') return FALLBACK;
  if (cleaned.length <= maxLength) return cleaned;
  return `${cleaned.slice(0, Math.max(0, maxLength - 1))}…`;
}

/** The text of whatever a check threw, without assuming it is an `Error`. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === 'string') return thrown;
  return 'check failed';
}
