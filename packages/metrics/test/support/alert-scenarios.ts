import type { AlertName } from '../../src/index.js';

/** `[series, values]` in promtool's expanding notation (`0+6x30`, `_x10 1x20`). */
export type Series = readonly [string, string];

/** Input that must make `alert` fire (`above`) and input that must keep it silent (`below`). */
export interface AlertScenario {
  readonly alert: AlertName;
  readonly evalTime: string;
  readonly interval?: string;
  readonly evaluationInterval?: string;
  readonly above: readonly Series[];
  readonly below: readonly Series[];
}

const reqs = (status: number, values: string, extra = ''): Series => [
  `http_server_request_duration_count{job="api",http_route="/v1/orders",http_request_method="GET",http_response_status_code="${status}"${extra}}`,
  values,
];

/** `count` requests per interval of which `slow` take longer than 1 s (the latency SLO bound). */
const latency = (perStep: number, slow: number, steps: number, step2p5 = perStep): Series[] => {
  const labels =
    'job="api",http_route="/v1/orders",http_request_method="GET",http_response_status_code="200"';
  return [
    [`http_server_request_duration_bucket{${labels},le="1"}`, `0+${perStep - slow}x${steps}`],
    [`http_server_request_duration_bucket{${labels},le="2.5"}`, `0+${step2p5}x${steps}`],
    [`http_server_request_duration_bucket{${labels},le="5"}`, `0+${perStep}x${steps}`],
    [`http_server_request_duration_bucket{${labels},le="+Inf"}`, `0+${perStep}x${steps}`],
    [`http_server_request_duration_count{${labels}}`, `0+${perStep}x${steps}`],
  ];
};

const upstreamCode = (code: string, values: string): Series => [
  `preflight_upstream_errors_total{job="api",upstream="loyalty",code="${code}"}`,
  values,
];

const client = (status: number, values: string): Series => [
  `http_client_request_duration_count{job="api",upstream="loyalty",http_request_method="POST",http_response_status_code="${status}"${status >= 400 ? `,error_type="${status}"` : ''}}`,
  values,
];

/** One scenario per shipped alert, with the checklist figures as the boundary. */
export const ALERT_SCENARIOS: readonly AlertScenario[] = [
  {
    alert: 'PreflightHighErrorRate', // 6 % vs 4 % 5xx
    evalTime: '20m',
    above: [reqs(200, '0+94x30'), reqs(500, '0+6x30', ',error_type="500"')],
    below: [reqs(200, '0+96x30'), reqs(500, '0+4x30', ',error_type="500"')],
  },
  {
    alert: 'PreflightHighLatencyP95', // p95 ≈ 2.1 s vs ≈ 1.75 s
    evalTime: '30m',
    above: latency(100, 20, 40),
    below: latency(100, 10, 40),
  },
  {
    alert: 'PreflightServiceUnavailable', // a route's first 503 ever vs one older than the window
    evalTime: '12m',
    above: [reqs(200, '0+50x30'), reqs(503, '_x10 1x20')],
    below: [reqs(200, '0+50x30'), reqs(503, '1x30')],
  },
  {
    alert: 'PreflightAvailabilitySLOBurnPage', // 2 % errors (> 14.4 × 0.1 %) vs 0.5 % (< 6 × 0.1 %)
    evalTime: '90m',
    above: [reqs(200, '0+980x120'), reqs(500, '0+20x120')],
    below: [reqs(200, '0+995x120'), reqs(500, '0+5x120')],
  },
  {
    alert: 'PreflightAvailabilitySLOBurnTicket', // 0.3 % errors for 3 days (> 1 × 0.1 %) vs 0.05 %
    evalTime: '74h',
    interval: '30m',
    evaluationInterval: '30m',
    above: [reqs(200, '0+29910x150'), reqs(500, '0+90x150')],
    below: [reqs(200, '0+29985x150'), reqs(500, '0+15x150')],
  },
  {
    alert: 'PreflightLatencySLOBurnPage', // 20 % slower than 1 s (> 14.4 × 1 %) vs 5 % (< 6 × 1 %)
    evalTime: '90m',
    above: latency(100, 20, 120),
    below: latency(100, 5, 120),
  },
  {
    alert: 'PreflightLatencySLOBurnTicket', // 3 % slow for 3 days (> 1 %) vs 0.5 %
    evalTime: '74h',
    interval: '30m',
    evaluationInterval: '30m',
    above: latency(1000, 30, 150),
    below: latency(1000, 5, 150),
  },
  {
    alert: 'PreflightUpstreamErrorRate', // 10 % 5xx vs 3 % 5xx plus 4xx, which do not count
    evalTime: '20m',
    above: [client(200, '0+90x30'), client(503, '0+10x30')],
    below: [client(200, '0+77x30'), client(503, '0+3x30'), client(404, '0+20x30')],
  },
  {
    alert: 'PreflightUpstreamAuthInvalidKey', // 5 in 10 min vs 2
    evalTime: '15m',
    above: [upstreamCode('AUTH_INVALID_KEY', '0x10 1 2 3 4 5x10')],
    below: [
      upstreamCode('AUTH_INVALID_KEY', '0x10 1 2x20'),
      upstreamCode('RATE_LIMITED', '0x10 5 10x20'),
    ],
  },
  {
    alert: 'PreflightUpstreamAuthInsufficientScope', // 3 on a brand-new series vs 2
    evalTime: '15m',
    above: [upstreamCode('AUTH_INSUFFICIENT_SCOPE', '_x12 3x10')],
    below: [upstreamCode('AUTH_INSUFFICIENT_SCOPE', '_x12 2x10')],
  },
  {
    alert: 'PreflightUpstreamRateLimited', // 429s counted by @preflight/ratelimit vs a quiet window
    evalTime: '15m',
    above: [
      ['preflight_ratelimit_rate_limited_total{job="api",upstream="loyalty"}', '0x10 2 4 6x10'],
    ],
    below: [['preflight_ratelimit_rate_limited_total{job="api",upstream="loyalty"}', '6x30']],
  },
  {
    alert: 'PreflightRateLimitLow', // 5 % of the budget left vs 50 %
    evalTime: '10m',
    above: [
      ['preflight_ratelimit_remaining{job="api",upstream="loyalty",bucket="default"}', '50x15'],
      ['preflight_ratelimit_limit{job="api",upstream="loyalty",bucket="default"}', '1000x15'],
    ],
    below: [
      ['preflight_ratelimit_remaining{job="api",upstream="loyalty",bucket="default"}', '500x15'],
      ['preflight_ratelimit_limit{job="api",upstream="loyalty",bucket="default"}', '1000x15'],
    ],
  },
  {
    alert: 'PreflightReadinessFailing',
    evalTime: '10m',
    above: [['preflight_health_ready{job="api",instance="a:3000"}', '0x15']],
    below: [['preflight_health_ready{job="api",instance="a:3000"}', '1x15']],
  },
  {
    alert: 'PreflightHealthCheckFailing',
    evalTime: '10m',
    above: [['preflight_health_check_status{job="api",instance="a:3000",check="partner"}', '0x15']],
    below: [['preflight_health_check_status{job="api",instance="a:3000",check="partner"}', '1x15']],
  },
  {
    alert: 'PreflightWebhookFailures', // one failure vs none
    evalTime: '12m',
    above: [
      [
        'preflight_webhook_failed_total{job="api",source="loyalty",reason="signature"}',
        '0x10 1x10',
      ],
    ],
    below: [
      ['preflight_webhook_failed_total{job="api",source="loyalty",reason="signature"}', '0x20'],
      ['preflight_webhook_received_total{job="api",source="loyalty"}', '0+5x20'],
    ],
  },
  {
    alert: 'PreflightWebhookBacklogStale', // oldest pending 1 h 2 min vs 30 min
    evalTime: '10m',
    above: [['preflight_webhook_backlog_age_seconds{job="api",source="loyalty"}', '3720+60x15']],
    below: [['preflight_webhook_backlog_age_seconds{job="api",source="loyalty"}', '1800x15']],
  },
  {
    alert: 'PreflightBalanceLow',
    evalTime: '10m',
    above: [['preflight_business_balance{job="api",account="main"}', '50x15']],
    below: [['preflight_business_balance{job="api",account="main"}', '500x15']],
  },
  {
    alert: 'PreflightPaymentFailures',
    evalTime: '12m',
    above: [['preflight_business_payments_total{job="api",outcome="failed"}', '0x10 1x10']],
    below: [
      ['preflight_business_payments_total{job="api",outcome="failed"}', '0x20'],
      ['preflight_business_payments_total{job="api",outcome="succeeded"}', '0+10x20'],
    ],
  },
  {
    alert: 'PreflightSensitiveDataLogged',
    evalTime: '12m',
    above: [['preflight_logger_redactions_total{job="api",rule="email"}', '0x10 2x10']],
    below: [['preflight_logger_redactions_total{job="api",rule="email"}', '2x20']],
  },
  {
    alert: 'PreflightMetricCardinalityOverflow',
    evalTime: '15m',
    above: [
      ['http_server_request_duration_count{job="api",otel_metric_overflow="true"}', '0+5x20'],
    ],
    below: [['http_server_request_duration_count{job="api",http_route="/v1/orders"}', '0+5x20']],
  },
];
