// Histogram bucket boundaries shared by the SDK views, the HTTP recorders and the alert options
// (a latency threshold must be one of them).

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
