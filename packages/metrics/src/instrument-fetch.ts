import { performance } from 'node:perf_hooks';
import type { Attributes, Meter } from '@opentelemetry/api';
import { readJsonBody } from '@preflight/express-route';
import { HTTP_DURATION_BUCKETS } from './buckets.js';
import { createMethodNormalizer, KNOWN_HTTP_METHODS } from './http-server/http-method.js';
import { meterBound, refreshable } from './meter.js';
import { ATTRIBUTE_VALUES, METRIC_NAMES } from './metric-names.js';
import { DEFAULT_UPSTREAM_ERROR_CODES, errorCodeFromBody } from './upstream-error-code.js';
import {
  arrayOption,
  functionOption,
  integerOption,
  meterOption,
  optionsObject,
  stringOption,
} from './validate.js';

/** Options of {@link instrumentFetch}. */
export interface InstrumentFetchOptions {
  /** Name of the partner API, the `upstream` label (`payments`, `loyalty`). Required. */
  readonly upstream: string;
  /**
   * Meter to record with. Without one, the global provider's meter `@preflight/metrics` at
   * recording time, so a wrapper made before the SDK starts records into it once it has.
   * @default the global meter `@preflight/metrics`
   */
  readonly meter?: Meter;
  /**
   * Error codes counted by name in `preflight.upstream.errors`; others count as `_OTHER`.
   * @default DEFAULT_UPSTREAM_ERROR_CODES (AUTH_INVALID_KEY, AUTH_INSUFFICIENT_SCOPE, RATE_LIMITED, …)
   */
  readonly errorCodes?: readonly string[];
  /**
   * Extracts the error code from a parsed JSON error body.
   * @default errorCodeFromBody (`error.code`, `code`, `error_code`, or a string `error`)
   */
  readonly readErrorCode?: (body: unknown) => string | undefined;
  /**
   * Largest error body read to find the code, in bytes; larger bodies are not parsed.
   * @default 65536
   */
  readonly maxErrorBodyBytes?: number;
  /**
   * Monotonic clock in milliseconds.
   * @default performance.now
   */
  readonly now?: () => number;
}

type Fetch = typeof globalThis.fetch;
/** Every option of {@link InstrumentFetchOptions}; the known keys are this object's keys. */
const DEFAULTS = {
  upstream: undefined,
  meter: undefined,
  errorCodes: DEFAULT_UPSTREAM_ERROR_CODES,
  readErrorCode: errorCodeFromBody,
  maxErrorBodyBytes: 65_536,
  now: () => performance.now(),
} as const satisfies { [K in keyof Required<InstrumentFetchOptions>]: unknown };
const SAFE_ERROR_TYPE = /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/;

/**
 * Wraps `fetch` to record `http.client.request.duration` by upstream, method, status and
 * `error.type` (timeouts and network errors included), and to count `preflight.upstream.errors`
 * by the error code in JSON error bodies. The caller's response is untouched (the body is read
 * from a clone, once per response however many Preflight wrappers look into it).
 */
export function instrumentFetch(fetchImpl: Fetch, options: InstrumentFetchOptions): Fetch {
  functionOption<Fetch>('fetch', fetchImpl);
  const o = optionsObject('options', options, DEFAULTS, { required: true });
  const upstream = stringOption('upstream', o.upstream);
  const meter = meterOption('meter', o.meter, 'createHistogram');
  const codes = arrayOption<string>(
    'errorCodes',
    o.errorCodes ?? DEFAULTS.errorCodes,
    (c) => typeof c === 'string' && c !== '',
    'an array of non-empty strings',
  );
  const knownCodes = new Set<string>(codes);
  const readCode = functionOption<(body: unknown) => string | undefined>(
    'readErrorCode',
    o.readErrorCode ?? DEFAULTS.readErrorCode,
  );
  const maxBytes = integerOption(
    'maxErrorBodyBytes',
    o.maxErrorBodyBytes ?? DEFAULTS.maxErrorBodyBytes,
    {
      min: 0,
    },
  );
  const now = functionOption<() => number>('now', o.now ?? DEFAULTS.now);

  // The global-meter rule (meter.ts): an explicit meter, else the global one at recording time.
  const instruments = refreshable(
    meter,
    meterBound(meter, (m) => ({
      duration: m.createHistogram(METRIC_NAMES.httpClientRequestDuration, {
        unit: 's',
        description: 'Duration of outbound HTTP requests, until response headers arrive.',
        // Travels with the instrument, so any SDK (the app's, a collector's) gets second buckets.
        advice: { explicitBucketBoundaries: [...HTTP_DURATION_BUCKETS] },
      }),
      errors: m.createCounter(METRIC_NAMES.upstreamErrors, {
        unit: '{error}',
        description: 'Upstream error responses by the error code in their body.',
      }),
    })),
  );
  const normalizeMethod = createMethodNormalizer(KNOWN_HTTP_METHODS);

  // The read is the one @preflight/express-route keeps per Response: a rate-limited fetch
  // around this one, looking for `retry_strategy` in the same answer, shares it.
  const countErrorCode = async (response: Response): Promise<void> => {
    const body = await readJsonBody(response, maxBytes);
    if (body === undefined) return;
    let code: string | undefined;
    try {
      code = readCode(body);
    } catch {
      return; // a throwing reader: nothing to count
    }
    if (typeof code !== 'string' || code === '') return;
    instruments().errors.add(1, {
      upstream,
      code: knownCodes.has(code) ? code : ATTRIBUTE_VALUES.other,
    });
  };

  return async function instrumentedFetch(input, init) {
    const start = now();
    const attributes: Attributes = {
      upstream,
      'http.request.method': normalizeMethod(methodOf(input, init)),
    };
    let response: Response;
    try {
      response = await fetchImpl(input, init);
    } catch (error) {
      attributes['error.type'] = errorType(error);
      instruments().duration.record(Math.max(0, now() - start) / 1000, attributes);
      throw error;
    }
    attributes['http.response.status_code'] = response.status;
    if (response.status >= 400) attributes['error.type'] = String(response.status);
    instruments().duration.record(Math.max(0, now() - start) / 1000, attributes);
    if (response.status >= 400 && !response.bodyUsed) countErrorCode(response).catch(() => {});
    return response;
  };
}

function methodOf(input: Parameters<Fetch>[0], init: Parameters<Fetch>[1]): string {
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  return method.toUpperCase();
}

/** A bounded `error.type` for a failed fetch: `timeout`, `aborted`, the network error code, or the error name. */
function errorType(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : undefined;
  if (name === 'TimeoutError') return 'timeout';
  if (name === 'AbortError') return 'aborted';
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const candidate = typeof cause?.code === 'string' ? cause.code : name;
  return candidate !== undefined && SAFE_ERROR_TYPE.test(candidate)
    ? candidate
    : ATTRIBUTE_VALUES.other;
}
