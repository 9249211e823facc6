import { HealthConfigError } from '../errors.js';
import { arrayOption, integerOption, MAX_TIMER_MS, recordOption } from '../validate.js';
import type { CheckResult, CheckTag, HealthCheck } from './check.js';

/** Options of `httpCheck`. */
export interface HttpCheckOptions {
  /** Check name (metric attribute, body key). @default the URL's host name, e.g. `partner.example.com` */
  readonly name?: string;
  /** Abort the request and fail after this many milliseconds. @default 2000 */
  readonly timeoutMs?: number;
  /** Accepted status: a code, a list of codes, or a predicate. Redirects are not followed. @default any 2xx */
  readonly expectStatus?: number | readonly number[] | ((status: number) => boolean);
  /** Request headers, e.g. an API key; never echoed in output. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /** See `HealthCheck.critical`. @default true */
  readonly critical?: boolean;
  /** See `HealthCheck.cacheMs`. @default 1000 */
  readonly cacheMs?: number;
  /** See `HealthCheck.tags`. @default ['ready'] */
  readonly tags?: readonly CheckTag[];
}

/**
 * A check that GETs `url` with `fetch` and passes on the expected status. Credentials in the URL
 * are sent as Basic auth; output shows only `origin + path` — never credentials or the query string.
 */
export function httpCheck(url: string | URL, options: HttpCheckOptions = {}): HealthCheck {
  const target = parseUrl(url);
  const accepts = statusPredicate(options.expectStatus);
  const headers = requestHeaders(target, options.headers);
  const shown = `${target.origin}${target.pathname}`;
  target.username = '';
  target.password = '';
  const href = target.href;
  const timeoutMs = integerOption('timeoutMs', options.timeoutMs ?? 2000, {
    min: 1,
    max: MAX_TIMER_MS,
  });

  const check = async (signal: AbortSignal): Promise<CheckResult> => {
    let response: Response;
    try {
      response = await fetch(href, { headers, signal, redirect: 'manual' });
    } catch (error) {
      throw new Error(`GET ${shown} failed: ${networkCode(error)}`);
    }
    // Release the connection; the body is never read or echoed.
    await response.body?.cancel().catch(() => undefined);
    if (!accepts(response.status)) throw new Error(`GET ${shown} answered ${response.status}`);
    return { observedValue: response.status, measurementName: 'status' };
  };
  const name = options.name ?? target.hostname.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);
  return {
    name,
    check,
    timeoutMs,
    ...(options.critical === undefined ? {} : { critical: options.critical }),
    ...(options.cacheMs === undefined ? {} : { cacheMs: options.cacheMs }),
    ...(options.tags === undefined ? {} : { tags: options.tags }),
  };
}

function parseUrl(url: string | URL): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    // The URL itself is not repeated: it may carry credentials.
    throw new HealthConfigError('url', 'must be an absolute http: or https: URL');
  }
  return parsed;
}

function statusPredicate(expect: HttpCheckOptions['expectStatus']): (status: number) => boolean {
  if (expect === undefined) return (status) => status >= 200 && status < 300;
  if (typeof expect === 'function') return expect;
  const codes = arrayOption<number>(
    'expectStatus',
    typeof expect === 'number' ? [expect] : expect,
    (c) => Number.isInteger(c) && (c as number) >= 100 && (c as number) <= 599,
    'a status code 100-599, a non-empty list of them, or (status) => boolean',
    { nonEmpty: true },
  );
  const set = new Set(codes);
  return (status) => set.has(status);
}

function requestHeaders(target: URL, given: HttpCheckOptions['headers']): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/health+json, application/json;q=0.9, */*;q=0.1',
    ...(given === undefined
      ? {}
      : recordOption<string>(
          'headers',
          given,
          (v) => typeof v === 'string',
          'must be an object of string header values',
        )),
  };
  const hasAuth = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
  // fetch refuses URLs with credentials; send them the way the URL meant them.
  if ((target.username || target.password) && !hasAuth) {
    const user = decodeURIComponent(target.username);
    const pass = decodeURIComponent(target.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }
  return headers;
}

// Only a stable code (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT), never a message that might quote the URL.
function networkCode(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = cause?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  if (error instanceof Error && error.name === 'AbortError') return 'aborted';
  return 'network error';
}
