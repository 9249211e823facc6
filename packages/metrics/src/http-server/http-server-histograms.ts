import { type Attributes, type HrTime, ValueType } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  type CollectionResult,
  DataPointType,
  type HistogramMetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import {
  HTTP_SERVER_INSTRUMENTS,
  type HttpServerAttributeParts,
  type HttpServerRecord,
  httpServerAttributes,
  type InstrumentInfo,
} from './http-server-instruments.js';

// The three per-request histograms of httpMetrics(), aggregated here instead of through the SDK's
// `Histogram.record()`, which hashes the attribute object (sorted keys + JSON) on every call and
// costs 1-2 µs each. Series are keyed by a string built from the five attribute values and
// handed to the reader through the SDK's MetricProducer extension point, as the same cumulative
// HISTOGRAM points the SDK would write: same names, units, buckets, attribute order, start times
// and cardinality limit (per collection cycle, overflow into `otel.metric.overflow=true`).

const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });
const OVERFLOW_KEY = '\u0000overflow';

interface Series {
  readonly attributes: Attributes;
  readonly startTime: HrTime;
  /** One count per bucket, the last one for `+Inf`. */
  readonly counts: Float64Array;
  /** Sum as of the last collection. */
  sum: number;
  /** Sum of this cycle, added to `sum` at collection as the SDK merges deltas (same rounding). */
  pendingSum: number;
  count: number;
  min: number;
  max: number;
  /** Collection cycle this series was last recorded in (the SDK's limit counts per cycle). */
  cycle: number;
}

interface Histogram {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly boundaries: readonly number[];
  /** Insertion order is first-record order, which is the order the SDK writes points in. */
  readonly series: Map<string, Series>;
  /** Distinct series recorded in the current collection cycle. */
  active: number;
}

/** The per-request histograms of httpMetrics(), read by the Prometheus reader as a producer. */
export interface HttpServerHistograms {
  /** Records one finished request (see {@link HttpServerRecord}). */
  readonly record: HttpServerRecord;
  /** Pass to the reader's `metricProducers`. */
  readonly producer: MetricProducer;
}

/** Options of {@link createHttpServerHistograms}. */
export interface HttpServerHistogramsOptions {
  /** Same meaning as the SDK view's `aggregationCardinalityLimit`. */
  readonly cardinalityLimit: number;
  /** Instrumentation scope the points are reported under (the meter's name). */
  readonly scopeName: string;
  /** Wall clock in milliseconds for start/end times. */
  readonly clock?: () => number;
}

/** Creates the fast-path aggregation behind httpMetrics() for one meter provider. */
export function createHttpServerHistograms(
  options: HttpServerHistogramsOptions,
): HttpServerHistograms {
  const clock = options.clock ?? Date.now;
  // The SDK folds a new series into the overflow one once `limit - 1` are active in the cycle.
  const maxActive = options.cardinalityLimit - 1;
  let cycle = 0;
  const histogram = (info: InstrumentInfo): Histogram => ({
    ...info,
    series: new Map(),
    active: 0,
  });
  const duration = histogram(HTTP_SERVER_INSTRUMENTS.duration);
  const requestSize = histogram(HTTP_SERVER_INSTRUMENTS.requestSize);
  const responseSize = histogram(HTTP_SERVER_INSTRUMENTS.responseSize);

  const seriesFor = (h: Histogram, key: string, parts: HttpServerAttributeParts): Series => {
    let series = h.series.get(key);
    if (series !== undefined && series.cycle === cycle) return series;
    if (h.active >= maxActive) return overflowSeries(h);
    if (series === undefined) {
      series = newSeries(h, Object.freeze(httpServerAttributes(parts)));
      h.series.set(key, series);
    }
    series.cycle = cycle;
    h.active += 1;
    return series;
  };
  const overflowSeries = (h: Histogram): Series => {
    let series = h.series.get(OVERFLOW_KEY);
    if (series === undefined) {
      series = newSeries(h, OVERFLOW_ATTRIBUTES);
      h.series.set(OVERFLOW_KEY, series);
    }
    return series;
  };
  const newSeries = (h: Histogram, attributes: Attributes): Series => ({
    attributes,
    startTime: toHrTime(clock()),
    counts: new Float64Array(h.boundaries.length + 1),
    sum: 0,
    pendingSum: 0,
    count: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    cycle,
  });
  const observe = (
    h: Histogram,
    key: string,
    parts: HttpServerAttributeParts,
    value: number,
  ): void => {
    // Same rules as the SDK histogram: negative values are dropped; NaN opens the series but
    // is not counted.
    if (value < 0) return;
    const s = seriesFor(h, key, parts);
    if (Number.isNaN(value)) return;
    s.count += 1;
    s.pendingSum += value;
    if (value < s.min) s.min = value;
    if (value > s.max) s.max = value;
    const i = bucketIndex(h.boundaries, value);
    s.counts[i] = (s.counts[i] as number) + 1;
  };

  const toMetricData = (h: Histogram, endTime: HrTime): HistogramMetricData | undefined => {
    if (h.series.size === 0) return undefined;
    for (const s of h.series.values()) {
      s.sum += s.pendingSum;
      s.pendingSum = 0;
    }
    return {
      descriptor: {
        name: h.name,
        description: h.description,
        unit: h.unit,
        valueType: ValueType.DOUBLE,
      },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: Array.from(h.series.values(), (s) => ({
        attributes: s.attributes,
        startTime: s.startTime,
        endTime,
        value: {
          min: s.count > 0 ? s.min : undefined,
          max: s.count > 0 ? s.max : undefined,
          sum: s.sum,
          count: s.count,
          buckets: { boundaries: [...h.boundaries], counts: Array.from(s.counts) },
        },
      })),
    };
  };

  const producer: MetricProducer = {
    async collect(): Promise<CollectionResult> {
      const endTime = toHrTime(clock());
      const metrics = [duration, requestSize, responseSize]
        .map((h) => toMetricData(h, endTime))
        .filter((m) => m !== undefined);
      // A new collection cycle: the cardinality limit counts series recorded from here on.
      cycle += 1;
      duration.active = 0;
      requestSize.active = 0;
      responseSize.active = 0;
      return {
        resourceMetrics: {
          resource: emptyResource(),
          scopeMetrics: metrics.length > 0 ? [{ scope: { name: options.scopeName }, metrics }] : [],
        },
        errors: [],
      };
    },
  };

  return {
    producer,
    record(method, scheme, route, status, errorType, seconds, requestBytes, responseBytes) {
      // Only the route is free text, so it goes last and the key stays unambiguous.
      const key = `${method} ${scheme} ${status ?? ''} ${errorType ?? ''} ${route}`;
      const parts: HttpServerAttributeParts = { method, scheme, route, status, errorType };
      observe(duration, key, parts, seconds);
      if (requestBytes !== undefined) observe(requestSize, key, parts, requestBytes);
      if (responseBytes !== undefined) observe(responseSize, key, parts, responseBytes);
    },
  };
}

/** Index of the first boundary `>= value` (buckets are `le`), or the `+Inf` bucket. */
function bucketIndex(boundaries: readonly number[], value: number): number {
  const n = boundaries.length;
  for (let i = 0; i < n; i++) if (value <= (boundaries[i] as number)) return i;
  return n;
}

function toHrTime(ms: number): HrTime {
  const seconds = Math.trunc(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}
