import type { AlertName, AlertRulesConfig, AlertUrgency } from './alert-options.js';
import { eventsAtLeast } from './promql.js';

/** One shipped alert, before options turn it into a Prometheus rule. */
export interface AlertDefinition {
  readonly name: AlertName;
  /** Rule group it is rendered into (`preflight-<group>`). */
  readonly group: string;
  readonly urgency: AlertUrgency;
  /** Default `for:` before `forScale` / `for` options. */
  readonly for: string;
  /** Scraped series names the expression reads (recording rules resolved to their inputs). */
  readonly metrics: readonly string[];
  readonly expr: (config: AlertRulesConfig) => string;
  readonly summary: string;
  readonly description: (config: AlertRulesConfig) => string;
}

/** A recording rule, named `level:metric:operations`. */
export interface RecordingDefinition {
  readonly record: string;
  readonly metrics: readonly string[];
  readonly expr: (config: AlertRulesConfig) => string;
}

/** What a {@link countedEventAlert} is made of. */
export interface CountedEventAlert extends Omit<AlertDefinition, 'for' | 'expr'> {
  /** The counter's selector. */
  readonly series: (config: AlertRulesConfig) => string;
  /** Labels it counts by (`job, source`). */
  readonly by: string;
  /** Events within `eventWindow` that fire. */
  readonly min: (config: AlertRulesConfig) => number;
}

/**
 * "At least `min` events of a counter within `eventWindow`" (503s, auth errors, webhook or
 * payment failures, redactions): such alerts fire at once (`for: 0s`), since the window is
 * already their patience; `eventsAtLeast` also counts a series' first increment.
 */
export function countedEventAlert({
  series,
  by,
  min,
  ...alert
}: CountedEventAlert): AlertDefinition {
  return {
    ...alert,
    for: '0s',
    expr: (c) => eventsAtLeast(series(c), by, c.eventWindow, min(c)),
  };
}
