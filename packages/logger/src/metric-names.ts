/**
 * OpenTelemetry name of the counter of redactions, one increment per redacted value,
 * with attribute {@link REDACTION_RULE_ATTRIBUTE}. Alert rules in `@preflight/metrics` use it.
 */
export const REDACTIONS_METRIC = 'preflight.logger.redactions';

/** The same counter as the OpenTelemetry Prometheus exporter writes it. */
export const REDACTIONS_METRIC_PROMETHEUS = 'preflight_logger_redactions_total';

/** Attribute on {@link REDACTIONS_METRIC} naming the rule that fired (bounded set of values). */
export const REDACTION_RULE_ATTRIBUTE = 'rule';
