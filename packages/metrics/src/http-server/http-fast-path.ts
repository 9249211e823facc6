import type { Meter } from '@opentelemetry/api';
import { InstrumentType, type ViewOptions } from '@opentelemetry/sdk-metrics';
import { METRIC_NAMES } from '../metric-names.js';
import type { HttpServerHistograms } from './http-server-histograms.js';

// createMetrics()/startTelemetry() register the fast-path histograms they create for the meter
// they hand out (the object `metrics.getMeter(METER_NAME)` also returns once their provider is
// global), and httpMetrics() looks them up when it resolves its meter: these two functions are
// the whole interface. The pairing lives in this module's WeakMap, not on the meter object, so
// no foreign object carries a hidden property and two providers never share histograms.

const registered = new WeakMap<Meter, HttpServerHistograms>();

/**
 * Makes httpMetrics({ meter }) (and httpMetrics() while `meter` is the global one) record into
 * `histograms` instead of SDK instruments. A meter someone made non-extensible (frozen: a
 * wrapper or test double they control) keeps the OTel API path, as it always has.
 */
export function attachHttpServerHistograms(meter: Meter, histograms: HttpServerHistograms): void {
  if (Object.isExtensible(meter)) registered.set(meter, histograms);
}

/** The fast-path histograms registered for a Preflight meter, or `undefined` for any other. */
export function httpServerHistogramsOf(meter: Meter): HttpServerHistograms | undefined {
  return registered.get(meter);
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
