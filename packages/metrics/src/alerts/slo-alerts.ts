import { PROMETHEUS_NAMES as P } from '../metric-names.js';
import type { AlertDefinition, RecordingDefinition } from './alert-definition.js';
import type { AlertRulesConfig } from './alert-options.js';
import { leMatcher, num, rateRatio, selector } from './promql.js';

// Multi-window, multi-burn-rate SLO alerts (Google SRE workbook, ch. 5): page when 2 % of a
// 30-day error budget burns in 1 h (14.4x) or 5 % in 6 h (6x), ticket at 1x over 3 d; each long
// window is paired with a short one (1/12 of it) so the alert resets soon after recovery.

const WINDOWS = ['5m', '30m', '1h', '6h', '3d'] as const;
const COUNT = P.httpServerRequestDurationCount;
const BUCKET = P.httpServerRequestDurationBucket;

/** Recording rule name of the 5xx ratio over `window`. */
export const errorRatioRecord = (window: string): string =>
  `job:http_server_request_errors:ratio_rate${window}`;
/** Recording rule name of the share of requests slower than the latency SLO bound over `window`. */
export const slowRatioRecord = (window: string): string =>
  `job:http_server_request_slow:ratio_rate${window}`;

export const SLO_RECORDINGS: readonly RecordingDefinition[] = [
  {
    record: 'job:http_server_requests:rate5m',
    metrics: [COUNT],
    expr: (c) => `sum by (job) (rate(${selector(COUNT, c.job)}[5m]))`,
  },
  ...WINDOWS.map(
    (w): RecordingDefinition => ({
      record: errorRatioRecord(w),
      metrics: [COUNT],
      expr: (c) =>
        rateRatio(
          selector(COUNT, c.job, 'http_response_status_code=~"5.."'),
          selector(COUNT, c.job),
          'job',
          w,
        ),
    }),
  ),
  ...WINDOWS.map(
    (w): RecordingDefinition => ({
      record: slowRatioRecord(w),
      metrics: [BUCKET, COUNT],
      expr: (c) =>
        `1 - (${rateRatio(selector(BUCKET, c.job, leMatcher(c.slo.latencyThresholdSeconds)), selector(COUNT, c.job), 'job', w)})`,
    }),
  ),
];

type Ratio = (window: string) => string;

function burn(ratio: Ratio, budget: number, factor: number, long: string, short: string): string {
  const limit = num(factor * budget);
  return `(${ratio(long)} > ${limit} and ${ratio(short)} > ${limit})`;
}

function sloAlerts(
  kind: 'Availability' | 'Latency',
  ratio: Ratio,
  budget: (c: AlertRulesConfig) => number,
  what: (c: AlertRulesConfig) => string,
  metrics: readonly string[],
): AlertDefinition[] {
  return [
    {
      name: `Preflight${kind}SLOBurnPage`,
      group: 'slo',
      urgency: 'page',
      for: '2m',
      metrics,
      expr: (c) =>
        `${burn(ratio, budget(c), 14.4, '1h', '5m')} or ${burn(ratio, budget(c), 6, '6h', '30m')}`,
      summary: `${kind} error budget is burning fast (14.4x over 1h or 6x over 6h)`,
      description: (c) =>
        `{{ $labels.job }} is burning its ${what(c)} error budget fast: {{ $value | humanizePercentage }} bad requests (budget ${num(budget(c) * 100)}%).`,
    },
    {
      name: `Preflight${kind}SLOBurnTicket`,
      group: 'slo',
      urgency: 'ticket',
      for: '1h',
      metrics,
      expr: (c) => burn(ratio, budget(c), 1, '3d', '6h'),
      summary: `${kind} error budget is burning (1x over 3 days)`,
      description: (c) =>
        `{{ $labels.job }} is on course to spend its whole ${what(c)} error budget: {{ $value | humanizePercentage }} bad requests over 3d (budget ${num(budget(c) * 100)}%).`,
    },
  ];
}

export const SLO_ALERTS: readonly AlertDefinition[] = [
  ...sloAlerts(
    'Availability',
    errorRatioRecord,
    (c) => 1 - c.slo.availability,
    (c) => `${num(c.slo.availability * 100)}% availability`,
    [COUNT],
  ),
  ...sloAlerts(
    'Latency',
    slowRatioRecord,
    (c) => 1 - c.slo.latency,
    (c) => `${num(c.slo.latency * 100)}% under ${num(c.slo.latencyThresholdSeconds)}s`,
    [BUCKET, COUNT],
  ),
];
