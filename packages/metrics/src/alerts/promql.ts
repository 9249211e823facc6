// Builders for the PromQL in the shipped rules, so every expression quotes, filters by job and
// counts events the same way.

/** A PromQL string literal. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** `metric{job="x",extra}`; `job` undefined means every job. */
export function selector(metric: string, job: string | undefined, ...matchers: string[]): string {
  const all = [...(job === undefined ? [] : [`job=${quote(job)}`]), ...matchers];
  return all.length === 0 ? metric : `${metric}{${all.join(',')}}`;
}

/** A number as PromQL/YAML text without float noise (`0.0144`, not `0.014400000000000001`). */
export function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Matcher for a histogram bucket bound that also survives Prometheus 3's `le` normalisation (`1` → `1.0`). */
export function leMatcher(bound: number): string {
  const text = num(bound).replaceAll('.', '\\\\.');
  return `le=~"${text}${Number.isInteger(bound) ? '(\\\\.0)?' : ''}"`;
}

/**
 * "At least `min` events in `window`" for a counter, per `by` labels. `increase()` misses the
 * first increment of a series that appears inside the window (a route's first 503), so series
 * with no sample in the hour before the window also count with their current value. The hour
 * (rather than a plain `offset`) keeps a scrape gap from making an old counter look new.
 */
export function eventsAtLeast(series: string, by: string, window: string, min: number): string {
  const grouped = (inner: string) => `sum by (${by}) (${inner})`;
  return (
    `(${grouped(`increase(${series}[${window}])`)} >= ${num(min)})` +
    ` or (${grouped(`${series} unless last_over_time(${series}[1h] offset ${window})`)} >= ${num(min)})`
  );
}

/** `numerator / denominator` of two `sum by (by) (rate(...))` terms. */
export function rateRatio(
  numerator: string,
  denominator: string,
  by: string,
  window: string,
): string {
  return `sum by (${by}) (rate(${numerator}[${window}])) / sum by (${by}) (rate(${denominator}[${window}]))`;
}
