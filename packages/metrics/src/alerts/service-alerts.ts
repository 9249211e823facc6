import {
  OVERFLOW_LABEL,
  PROMETHEUS_NAMES as P,
  PEER_PROMETHEUS_NAMES as PEER,
} from '../metric-names.js';
import { type AlertDefinition, countedEventAlert } from './alert-definition.js';
import { num, rateRatio, selector } from './promql.js';

// Alerts on the service's own HTTP traffic, health, logs and metric pipeline.

const SERVER_5XX = 'http_response_status_code=~"5.."';

export const SERVICE_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'PreflightHighErrorRate',
    group: 'http',
    urgency: 'page',
    for: '5m',
    metrics: [P.httpServerRequestDurationCount],
    expr: (c) =>
      `${rateRatio(selector(P.httpServerRequestDurationCount, c.job, SERVER_5XX), selector(P.httpServerRequestDurationCount, c.job), 'job', c.rateWindow)} > ${num(c.thresholds.errorRatio)}`,
    summary: 'More than the allowed share of requests fail with 5xx',
    description: (c) =>
      `{{ $value | humanizePercentage }} of requests to {{ $labels.job }} returned 5xx over ${c.rateWindow} (threshold ${num(c.thresholds.errorRatio * 100)}%).`,
  },
  {
    name: 'PreflightHighLatencyP95',
    group: 'http',
    urgency: 'ticket',
    for: '10m',
    metrics: [P.httpServerRequestDurationBucket],
    expr: (c) =>
      `histogram_quantile(0.95, sum by (job, le) (rate(${selector(P.httpServerRequestDurationBucket, c.job)}[${c.rateWindow}]))) > ${num(c.thresholds.latencyP95Seconds)}`,
    summary: 'p95 request latency is above the target',
    description: (c) =>
      `p95 latency of {{ $labels.job }} is {{ $value | humanizeDuration }} over ${c.rateWindow} (threshold ${num(c.thresholds.latencyP95Seconds)}s).`,
  },
  countedEventAlert({
    name: 'PreflightServiceUnavailable',
    group: 'http',
    urgency: 'ticket',
    metrics: [P.httpServerRequestDurationCount],
    series: (c) =>
      selector(P.httpServerRequestDurationCount, c.job, 'http_response_status_code="503"'),
    by: 'job, http_route',
    min: () => 1,
    summary: 'The service answered 503 Service Unavailable',
    description: (c) =>
      `{{ $labels.job }} answered {{ $value | humanize }} 503 responses on {{ $labels.http_route }} in the last ${c.eventWindow}.`,
  }),
  {
    name: 'PreflightReadinessFailing',
    group: 'health',
    urgency: 'page',
    for: '2m',
    metrics: [PEER.healthReady],
    expr: (c) => `min by (job, instance) (${selector(PEER.healthReady, c.job)}) < 1`,
    summary: 'An instance reports not ready',
    description: () =>
      'Instance {{ $labels.instance }} of {{ $labels.job }} reports not ready: load balancers stop sending it traffic.',
  },
  {
    name: 'PreflightHealthCheckFailing',
    group: 'health',
    urgency: 'ticket',
    for: '5m',
    metrics: [PEER.healthCheckStatus],
    expr: (c) => `min by (job, check) (${selector(PEER.healthCheckStatus, c.job)}) < 1`,
    summary: 'A health check is failing',
    description: () =>
      'Health check {{ $labels.check }} of {{ $labels.job }} is failing on at least one instance.',
  },
  countedEventAlert({
    name: 'PreflightSensitiveDataLogged',
    group: 'platform',
    urgency: 'info',
    metrics: [PEER.loggerRedactions],
    series: (c) => selector(PEER.loggerRedactions, c.job),
    by: 'job, rule',
    min: (c) => c.thresholds.redactions,
    summary: 'Code is logging secrets or PII (the logger redacted them)',
    description: (c) =>
      `The logger of {{ $labels.job }} redacted {{ $value | humanize }} values by rule {{ $labels.rule }} in the last ${c.eventWindow}; find the log call and stop passing the value.`,
  }),
  {
    name: 'PreflightMetricCardinalityOverflow',
    group: 'platform',
    urgency: 'ticket',
    for: '10m',
    metrics: [],
    expr: (c) =>
      `count by (job, metric) (label_replace(${selector('', c.job, `${OVERFLOW_LABEL}="true"`)}, "metric", "$1", "__name__", "(.+)")) > 0`,
    summary: 'A metric hit its cardinality limit; new label sets are being folded together',
    description: () =>
      'Metric {{ $labels.metric }} of {{ $labels.job }} exceeded its cardinality limit: new label sets go to the otel_metric_overflow series and per-label data is lost. Find the unbounded label.',
  },
];
