// The alert rules in @preflight/metrics select on these names: they are a contract.

/** OpenTelemetry instrument names this package records. */
export const LOGGER_METRICS = Object.freeze({
  /**
   * Counter `{redaction}`: one increment per redacted value, with attribute
   * {@link REDACTION_RULE_ATTRIBUTE} naming the rule that fired.
   */
  redactions: 'preflight.logger.redactions',
} as const);

/** The same metrics as the OpenTelemetry Prometheus exporter writes them on `/metrics`. */
export const LOGGER_PROMETHEUS_METRICS = Object.freeze({
  redactions: 'preflight_logger_redactions_total',
} as const);

/** Attribute on the redactions counter naming the rule that fired (bounded set of values). */
export const REDACTION_RULE_ATTRIBUTE = 'rule';

/** @deprecated use `LOGGER_METRICS.redactions` */
export const REDACTIONS_METRIC = LOGGER_METRICS.redactions;

/** @deprecated use `LOGGER_PROMETHEUS_METRICS.redactions` */
export const REDACTIONS_METRIC_PROMETHEUS = LOGGER_PROMETHEUS_METRICS.redactions;
