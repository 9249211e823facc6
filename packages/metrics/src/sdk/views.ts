import { AggregationType, type ViewOptions } from '@opentelemetry/sdk-metrics';
import { BODY_SIZE_BUCKETS, HTTP_DURATION_BUCKETS } from '../buckets.js';
import { METRIC_NAMES } from '../metric-names.js';

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
