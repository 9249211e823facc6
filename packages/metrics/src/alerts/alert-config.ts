import { HTTP_DURATION_BUCKETS } from '../buckets.js';
import { MetricsOptionError } from '../errors.js';
import {
  arrayOption,
  numberOption,
  objectOption,
  oneOfOption,
  optionsObject,
  stringOption,
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
import { METRIC_NAMINGS } from './name-translation.js';
import { isPromDuration } from './prometheus-duration.js';

/** Every option of {@link AlertRulesOptions}; the known keys are this object's keys. */
const DEFAULTS = {
  job: undefined,
  naming: 'otel-exporter',
  rateWindow: '5m',
  eventWindow: '10m',
  forScale: 1,
  for: undefined,
  include: ALERT_NAMES,
  exclude: [],
  thresholds: DEFAULT_THRESHOLDS,
  slo: { availability: 0.999, latency: 0.99, latencyThresholdSeconds: 1 },
  severities: { page: 'critical', ticket: 'warning', info: 'info' },
  runbookBaseUrl:
    'https://github.com/preflight-dev/preflight/blob/main/packages/metrics/README.md#',
  labels: {},
} as const satisfies { [K in keyof Required<AlertRulesOptions>]: unknown };

/** The per-alert form of `for`: any alert name, no default. */
const FOR_KEYS = Object.fromEntries(ALERT_NAMES.map((name) => [name, undefined]));
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Validates {@link AlertRulesOptions} and fills in defaults; throws `MetricsOptionError`. */
export function resolveAlertConfig(options: AlertRulesOptions = {}): AlertRulesConfig {
  const o = optionsObject('options', options, DEFAULTS);
  return {
    job: o.job === undefined ? DEFAULTS.job : stringOption('job', o.job),
    naming: oneOfOption('naming', o.naming ?? DEFAULTS.naming, METRIC_NAMINGS),
    rateWindow: duration('rateWindow', o.rateWindow ?? DEFAULTS.rateWindow, false),
    eventWindow: duration('eventWindow', o.eventWindow ?? DEFAULTS.eventWindow, false),
    forScale: numberOption('forScale', o.forScale ?? DEFAULTS.forScale, { min: 0, max: 1000 }),
    for: resolveFor(o.for),
    include: resolveInclude(o.include ?? DEFAULTS.include, o.exclude ?? DEFAULTS.exclude),
    thresholds: resolveThresholds(o.thresholds ?? {}),
    slo: resolveSlo(o.slo ?? {}),
    severities: resolveSeverities(o.severities ?? {}),
    runbookBaseUrl: stringOption('runbookBaseUrl', o.runbookBaseUrl ?? DEFAULTS.runbookBaseUrl),
    labels: resolveLabels(o.labels ?? DEFAULTS.labels),
  };
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
  if (value === undefined) return DEFAULTS.for;
  if (typeof value === 'string') return duration('for', value, true);
  const perAlert = optionsObject('for', value, FOR_KEYS);
  for (const [name, d] of Object.entries(perAlert)) duration(`for.${name}`, d, true);
  return perAlert as Partial<Record<AlertName, string>>;
}

function resolveInclude(include: unknown, exclude: unknown): ReadonlySet<AlertName> {
  const names = (option: string, list: unknown) =>
    arrayOption<AlertName>(
      option,
      list,
      (n) => (ALERT_NAMES as readonly unknown[]).includes(n),
      `an array of alert names (${ALERT_NAMES.join(', ')})`,
    );
  const selected = new Set(names('include', include));
  for (const name of names('exclude', exclude)) selected.delete(name);
  return selected;
}

function resolveThresholds(value: unknown): AlertThresholds {
  const merged = {
    ...DEFAULT_THRESHOLDS,
    ...optionsObject('thresholds', value, DEFAULT_THRESHOLDS),
  };
  const ratio = (key: keyof AlertThresholds) =>
    numberOption(`thresholds.${key}`, merged[key], { min: 0, max: 1, exclusiveMin: true });
  const positive = (key: keyof AlertThresholds) =>
    numberOption(`thresholds.${key}`, merged[key], {
      min: 0,
      max: Number.MAX_SAFE_INTEGER,
      exclusiveMin: true,
    });
  const anyNumber = (key: keyof AlertThresholds) =>
    numberOption(`thresholds.${key}`, merged[key], {
      min: -Number.MAX_VALUE,
      max: Number.MAX_VALUE,
    });
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
  const merged = { ...DEFAULTS.slo, ...optionsObject('slo', value, DEFAULTS.slo) };
  // 14.4x burn of the budget must stay a ratio below 1, hence the upper bound.
  const target = (key: 'availability' | 'latency') =>
    numberOption(`slo.${key}`, merged[key], { min: 0.9, max: 0.99999 });
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
  const merged = {
    ...DEFAULTS.severities,
    ...optionsObject('severities', value, DEFAULTS.severities),
  };
  return {
    page: stringOption('severities.page', merged.page),
    ticket: stringOption('severities.ticket', merged.ticket),
    info: stringOption('severities.info', merged.info),
  };
}

function resolveLabels(value: unknown): Readonly<Record<string, string>> {
  const labels = objectOption('labels', value);
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
    stringOption(`labels.${name}`, v);
  }
  return labels as Readonly<Record<string, string>>;
}
