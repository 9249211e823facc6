import type { IncomingMessage } from 'node:http';
import type { Meter } from '@opentelemetry/api';
import { type Clock, createRequestFilter, monotonicNow } from '@preflight/express-route';
import { MetricsOptionError } from '../errors.js';
import { ATTRIBUTE_VALUES } from '../metric-names.js';
import {
  arrayOption,
  booleanOption,
  functionOption,
  meterOption,
  optionsObject,
  stringOption,
} from '../validate.js';
import { KNOWN_HTTP_METHODS } from './http-method.js';
import type { HttpMetricsOptions } from './http-metrics.js';

/** Every option of {@link HttpMetricsOptions}; the known keys are this object's keys. */
const DEFAULTS = {
  meter: undefined,
  unmatchedRoute: ATTRIBUTE_VALUES.unmatchedRoute,
  knownMethods: KNOWN_HTTP_METHODS,
  bodySizes: true,
  ignore: undefined,
  // The leaf's one clock function: requestLogger() with its default shares our start stamp.
  now: monotonicNow,
} as const satisfies { [K in keyof Required<HttpMetricsOptions>]: unknown };

/** httpMetrics() options, validated and defaulted. */
export interface HttpMetricsConfig {
  /** The explicit meter, or `undefined` for the global-meter rule. */
  readonly meter: Meter | undefined;
  readonly unmatchedRoute: string;
  readonly knownMethods: readonly string[];
  readonly bodySizes: boolean;
  /** True for requests to record nothing for; `undefined` when none are left out. */
  readonly ignores: ((req: IncomingMessage) => boolean) | undefined;
  readonly now: Clock;
}

/** Resolves httpMetrics() options; throws a `MetricsOptionError` naming the bad option. */
export function resolveHttpMetricsConfig(options: HttpMetricsOptions): HttpMetricsConfig {
  const o = optionsObject('options', options, DEFAULTS);
  const filter = createRequestFilter(o.ignore);
  if (!filter.ok) throw new MetricsOptionError('ignore', filter.accepted, o.ignore);
  return {
    meter: meterOption('meter', o.meter, 'createHistogram'),
    unmatchedRoute: stringOption('unmatchedRoute', o.unmatchedRoute ?? DEFAULTS.unmatchedRoute),
    knownMethods: arrayOption<string>(
      'knownMethods',
      o.knownMethods ?? DEFAULTS.knownMethods,
      (m) => typeof m === 'string' && /^[A-Z]+$/.test(m),
      'an array of upper-case method names',
    ),
    bodySizes: booleanOption('bodySizes', o.bodySizes ?? DEFAULTS.bodySizes),
    ignores: filter.ignores,
    now: functionOption<Clock>('now', o.now ?? DEFAULTS.now),
  };
}
