import type { AlertName, AlertRulesConfig, AlertUrgency } from './alert-options.js';

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
