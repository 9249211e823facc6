import { HTTP_DURATION_BUCKETS } from '../buckets.js';
import { MetricsOptionError } from '../errors.js';
import {
  rejectUnknownKeys,
  requireNonEmptyString,
  requireNumberInRange,
  requireObject,
} from '../validate.js';
import {
  ALERT_NAMES,
  type AlertName,
  type AlertRulesConfig,
  type AlertRulesOptions,
  type AlertThresholds,
  type AlertUrgency,
  DEFAULT_THRESHOLDS,
  type SloOptions,
} from './alert-options.js';
import { METRIC_NAMINGS, type MetricNaming } from './name-translation.js';
import { isPromDuration } from './prometheus-duration.js';

const DEFAULTS = {
  rateWindow: '5m',
  eventWindow: '10m',
  forScale: 1,
  slo: { availability: 0.999, latency: 0.99, latencyThresholdSeconds: 1 },
  severities: { page: 'critical', ticket: 'warning', info: 'info' },
  runbookBaseUrl:
    'https://github.com/preflight-dev/preflight/blob/main/packages/metrics/README.md#',
  labels: {},
} as const;

const KNOWN = [
  'job',
  'naming',
  'rateWindow',
  'eventWindow',
  'forScale',
  'for',
  'include',
  'exclude',
  'thresholds',
  'slo',
  'severities',
  'runbookBaseUrl',
  'labels',
];
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Validates {@link AlertRulesOptions} and fills in defaults; throws `MetricsOptionError`. */
export function resolveAlertOptions(options: AlertRulesOptions = {}): AlertRulesConfig {
  const o = requireObject('options', options);
  rejectUnknownKeys('', o, KNOWN);
  return {
    job: o.job === undefined ? undefined : requireNonEmptyString('job', o.job),
    naming: resolveNaming(o.naming),
    rateWindow: duration('rateWindow', o.rateWindow ?? DEFAULTS.rateWindow, false),
    eventWindow: duration('eventWindow', o.eventWindow ?? DEFAULTS.eventWindow, false),
    forScale: requireNumberInRange('forScale', o.forScale ?? DEFAULTS.forScale, 0, 1000),
    for: resolveFor(o.for),
    include: resolveInclude(o.include, o.exclude),
    thresholds: resolveThresholds(o.thresholds),
    slo: resolveSlo(o.slo),
    severities: resolveSeverities(o.severities),
    runbookBaseUrl: requireNonEmptyString(
      'runbookBaseUrl',
      o.runbookBaseUrl ?? DEFAULTS.runbookBaseUrl,
    ),
    labels: resolveLabels(o.labels),
  };
}

function resolveNaming(value: unknown): MetricNaming {
  if (value === undefined) return 'otel-exporter';
  if (!(METRIC_NAMINGS as readonly unknown[]).includes(value))
    throw new MetricsOptionError('naming', `one of ${METRIC_NAMINGS.join(', ')}`, value);
  return value as MetricNaming;
}

function duration(option: string, value: unknown, allowZero: boolean): string {
  if (!isPromDuration(value) || (!allowZero && /^(0(ms|s|m|h|d|w|y))+$/.test(value))) {
    throw new MetricsOptionError(
      option,
      `a Prometheus duration such as "5m" or "1h30m"${allowZero ? '' : ' (not zero)'}`,
      value,
    );
  }
  return value;
}

function resolveFor(value: unknown): AlertRulesConfig['for'] {
  if (value === undefined || typeof value === 'string')
    return value === undefined ? undefined : duration('for', value, true);
  const perAlert = requireObject('for', value);
  rejectUnknownKeys('for', perAlert, ALERT_NAMES);
  for (const [name, d] of Object.entries(perAlert)) duration(`for.${name}`, d, true);
  return perAlert as Partial<Record<AlertName, string>>;
}

function resolveInclude(include: unknown, exclude: unknown): ReadonlySet<AlertName> {
  const names = (option: string, list: unknown): AlertName[] => {
    if (
      !Array.isArray(list) ||
      !list.every((n) => (ALERT_NAMES as readonly unknown[]).includes(n))
    ) {
      throw new MetricsOptionError(
        option,
        `an array of alert names (${ALERT_NAMES.join(', ')})`,
        list,
      );
    }
    return list as AlertName[];
  };
  const selected = new Set(include === undefined ? ALERT_NAMES : names('include', include));
  if (exclude !== undefined) for (const name of names('exclude', exclude)) selected.delete(name);
  return selected;
}

function resolveThresholds(value: unknown): AlertThresholds {
  const t = value === undefined ? {} : requireObject('thresholds', value);
  rejectUnknownKeys('thresholds', t, Object.keys(DEFAULT_THRESHOLDS));
  const merged = {
    ...DEFAULT_THRESHOLDS,
    ...Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)),
  };
  const ratio = (key: keyof AlertThresholds) =>
    requireNumberInRange(`thresholds.${key}`, merged[key], 0, 1, { exclusiveMin: true });
  const positive = (key: keyof AlertThresholds) =>
    requireNumberInRange(`thresholds.${key}`, merged[key], 0, Number.MAX_SAFE_INTEGER, {
      exclusiveMin: true,
    });
  const anyNumber = (key: keyof AlertThresholds) =>
    requireNumberInRange(`thresholds.${key}`, merged[key], -Number.MAX_VALUE, Number.MAX_VALUE);
  return {
    errorRatio: ratio('errorRatio'),
    latencyP95Seconds: bucketBoundary('thresholds.latencyP95Seconds', merged.latencyP95Seconds),
    upstreamErrorRatio: ratio('upstreamErrorRatio'),
    authInvalidKey: positive('authInvalidKey'),
    authInsufficientScope: positive('authInsufficientScope'),
    rateLimited: positive('rateLimited'),
    rateLimitRemainingRatio: ratio('rateLimitRemainingRatio'),
    rateLimitRemaining:
      merged.rateLimitRemaining === undefined ? undefined : positive('rateLimitRemaining'),
    webhookFailures: positive('webhookFailures'),
    webhookBacklogAgeSeconds: positive('webhookBacklogAgeSeconds'),
    balance: anyNumber('balance'),
    paymentFailures: positive('paymentFailures'),
    redactions: positive('redactions'),
  };
}

function resolveSlo(value: unknown): SloOptions {
  const s = value === undefined ? {} : requireObject('slo', value);
  rejectUnknownKeys('slo', s, Object.keys(DEFAULTS.slo));
  const merged = {
    ...DEFAULTS.slo,
    ...Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)),
  };
  const target = (key: 'availability' | 'latency') => {
    // 14.4x burn of the budget must stay a ratio below 1, hence the upper bound.
    return requireNumberInRange(`slo.${key}`, merged[key], 0.9, 0.99999, { exclusiveMin: false });
  };
  return {
    availability: target('availability'),
    latency: target('latency'),
    latencyThresholdSeconds: bucketBoundary(
      'slo.latencyThresholdSeconds',
      merged.latencyThresholdSeconds,
    ),
  };
}

/**
 * A latency threshold must be a bucket boundary of the duration histogram: between boundaries,
 * `histogram_quantile` interpolates and the "fraction above" is a guess, so the alert would fire
 * (or stay silent) on traffic that is in fact under (or over) the threshold.
 */
function bucketBoundary(option: string, value: unknown): number {
  if (typeof value !== 'number' || !HTTP_DURATION_BUCKETS.includes(value)) {
    throw new MetricsOptionError(
      option,
      `a bucket boundary of the duration histograms, in seconds (${HTTP_DURATION_BUCKETS.join(', ')})`,
      value,
    );
  }
  return value;
}

function resolveSeverities(value: unknown): Readonly<Record<AlertUrgency, string>> {
  const s = value === undefined ? {} : requireObject('severities', value);
  rejectUnknownKeys('severities', s, ['page', 'ticket', 'info']);
  const merged = { ...DEFAULTS.severities, ...s };
  return {
    page: requireNonEmptyString('severities.page', merged.page),
    ticket: requireNonEmptyString('severities.ticket', merged.ticket),
    info: requireNonEmptyString('severities.info', merged.info),
  };
}

function resolveLabels(value: unknown): Readonly<Record<string, string>> {
  const labels = value === undefined ? DEFAULTS.labels : requireObject('labels', value);
  for (const [name, v] of Object.entries(labels)) {
    if (
      !LABEL_NAME.test(name) ||
      name.startsWith('__') ||
      name === 'severity' ||
      name === 'alertname'
    ) {
      throw new MetricsOptionError(
        `labels.${name}`,
        'a Prometheus label name other than severity/alertname',
        name,
      );
    }
    requireNonEmptyString(`labels.${name}`, v);
  }
  return labels as Readonly<Record<string, string>>;
}
