import { AggregationType, type ViewOptions } from '@opentelemetry/sdk-metrics';
import { METRIC_NAMES } from './metric-names.js';

/**
 * Bucket boundaries (seconds) for `http.server/client.request.duration`: the semantic-convention
 * list plus 2 s, because every latency threshold an alert uses must be a boundary. Without it,
 * `histogram_quantile` interpolates inside (1, 2.5] and a p95 of 1.5 s reads as 2.4 s.
 */
export const HTTP_DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2, 2.5, 5, 7.5, 10,
]);

/** Bucket boundaries (bytes) for request/response body sizes: 100 B to 10 MB by decades. */
export const BODY_SIZE_BUCKETS: readonly number[] = Object.freeze([
  0, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
]);

/**
 * The views every Preflight meter provider installs: semantic-convention buckets for the HTTP
 * histograms and an explicit cardinality limit on every instrument this package or its siblings
 * record, so a label fed by outside input cannot grow memory without bound. Past the limit the
 * SDK folds new label sets into one `otel_metric_overflow="true"` series, which an alert watches.
 */
export function preflightViews(cardinalityLimit: number): ViewOptions[] {
  const histogram = (instrumentName: string, boundaries: readonly number[]): ViewOptions => ({
    instrumentName,
    aggregation: {
      type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
      options: { boundaries: [...boundaries] },
    },
    aggregationCardinalityLimit: cardinalityLimit,
  });
  return [
    histogram(METRIC_NAMES.httpServerRequestDuration, HTTP_DURATION_BUCKETS),
    histogram(METRIC_NAMES.httpClientRequestDuration, HTTP_DURATION_BUCKETS),
    histogram(METRIC_NAMES.httpServerRequestBodySize, BODY_SIZE_BUCKETS),
    histogram(METRIC_NAMES.httpServerResponseBodySize, BODY_SIZE_BUCKETS),
    {
      instrumentName: METRIC_NAMES.httpServerActiveRequests,
      aggregationCardinalityLimit: cardinalityLimit,
    },
    // No aggregation here, so instruments keep their own advice (e.g. health's second buckets).
    { instrumentName: 'preflight.*', aggregationCardinalityLimit: cardinalityLimit },
  ];
}
