import type { Meter } from '@opentelemetry/api';
import { InstrumentType, type ViewOptions } from '@opentelemetry/sdk-metrics';
import type { HttpServerHistograms } from './http-server-histograms.js';
import { METRIC_NAMES } from './metric-names.js';

// createMetrics()/startTelemetry() hand httpMetrics() their fast-path histograms through the
// meter they create (the same object `metrics.getMeter(METER_NAME)` returns once registered
// globally), under a non-enumerable symbol: per instance, so two providers never share one.

const HISTOGRAMS = Symbol('@preflight/metrics http server histograms');

type Marked = Meter & { readonly [HISTOGRAMS]?: HttpServerHistograms };

/**
 * Makes httpMetrics({ meter }) record into `histograms` instead of SDK instruments. A meter that
 * cannot take the property (frozen) keeps the OTel API path; nothing throws.
 */
export function attachHttpServerHistograms(meter: Meter, histograms: HttpServerHistograms): void {
  Reflect.defineProperty(meter, HISTOGRAMS, { value: histograms, enumerable: false });
}

/** The fast-path histograms of a Preflight meter, or `undefined` for any other meter. */
export function httpServerHistogramsOf(meter: Meter): HttpServerHistograms | undefined {
  return (meter as Marked)[HISTOGRAMS];
}

const FAST_INSTRUMENTS: readonly { readonly name: string; readonly unit: string }[] = [
  { name: METRIC_NAMES.httpServerRequestDuration, unit: 's' },
  { name: METRIC_NAMES.httpServerRequestBodySize, unit: 'By' },
  { name: METRIC_NAMES.httpServerResponseBodySize, unit: 'By' },
];

/**
 * True when none of the user's views can select httpMetrics()'s histograms, so the fast path
 * writes exactly what the SDK would. Errs towards "may select" (then the SDK path is used).
 */
export function viewsLeaveHttpServerHistograms(
  views: readonly ViewOptions[],
  meterName: string,
): boolean {
  return views.every((view) => FAST_INSTRUMENTS.every((i) => !mightSelect(view, i, meterName)));
}

function mightSelect(
  view: ViewOptions,
  instrument: { readonly name: string; readonly unit: string },
  meterName: string,
): boolean {
  if (typeof view !== 'object' || view === null) return true;
  if (view.meterVersion !== undefined || view.meterSchemaUrl !== undefined) return false;
  if (view.meterName !== undefined && view.meterName !== meterName) return false;
  if (view.instrumentType !== undefined && view.instrumentType !== InstrumentType.HISTOGRAM)
    return false;
  if (view.instrumentUnit !== undefined && view.instrumentUnit !== instrument.unit) return false;
  if (view.instrumentName === undefined) return true;
  return wildcard(view.instrumentName).test(instrument.name);
}

/** The SDK's instrument-name pattern: `*` any run, `?` one character, case-insensitive here. */
function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[\\^$.+()|[\]{}]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}
