import { PROMETHEUS_NAMES as P, PEER_PROMETHEUS_NAMES as PEER } from '../metric-names.js';
import { type AlertDefinition, countedEventAlert } from './alert-definition.js';
import { eventsAtLeast, num, quote, rateRatio, selector } from './promql.js';

// Alerts on partner APIs (outbound calls, rate limits, error codes) and the business around them.

function upstreamCode(
  code: string,
  name: 'PreflightUpstreamAuthInvalidKey' | 'PreflightUpstreamAuthInsufficientScope',
  key: 'authInvalidKey' | 'authInsufficientScope',
  fix: string,
): AlertDefinition {
  return countedEventAlert({
    name,
    group: 'upstream',
    urgency: 'page',
    metrics: [P.upstreamErrors],
    series: (c) => selector(P.upstreamErrors, c.job, `code=${quote(code)}`),
    by: 'job, upstream',
    min: (c) => c.thresholds[key],
    summary: `Upstream rejects our calls with ${code}`,
    description: (c) =>
      `{{ $labels.upstream }} answered ${code} {{ $value | humanize }} times in the last ${c.eventWindow} for {{ $labels.job }}; ${fix}`,
  });
}

export const PARTNER_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'PreflightUpstreamErrorRate',
    group: 'upstream',
    urgency: 'ticket',
    for: '5m',
    metrics: [P.httpClientRequestDurationCount],
    expr: (c) =>
      `${rateRatio(selector(P.httpClientRequestDurationCount, c.job, 'error_type!=""', 'http_response_status_code!~"4.."'), selector(P.httpClientRequestDurationCount, c.job), 'job, upstream', c.rateWindow)} > ${num(c.thresholds.upstreamErrorRatio)}`,
    summary: 'Calls to a partner API fail (5xx, timeouts, network errors)',
    description: (c) =>
      `{{ $value | humanizePercentage }} of calls from {{ $labels.job }} to {{ $labels.upstream }} failed over ${c.rateWindow} (threshold ${num(c.thresholds.upstreamErrorRatio * 100)}%).`,
  },
  upstreamCode(
    'AUTH_INVALID_KEY',
    'PreflightUpstreamAuthInvalidKey',
    'authInvalidKey',
    'check the API key (rotated, revoked, wrong environment).',
  ),
  upstreamCode(
    'AUTH_INSUFFICIENT_SCOPE',
    'PreflightUpstreamAuthInsufficientScope',
    'authInsufficientScope',
    'the key lacks a scope this call needs.',
  ),
  {
    name: 'PreflightUpstreamRateLimited',
    group: 'upstream',
    urgency: 'ticket',
    for: '0s',
    metrics: [PEER.ratelimitRateLimited, P.upstreamErrors],
    expr: (c) =>
      `${eventsAtLeast(selector(PEER.ratelimitRateLimited, c.job), 'job, upstream', c.eventWindow, c.thresholds.rateLimited)} or ${eventsAtLeast(selector(P.upstreamErrors, c.job, 'code="RATE_LIMITED"'), 'job, upstream', c.eventWindow, c.thresholds.rateLimited)}`,
    summary: 'A partner API keeps rate-limiting us (429 / RATE_LIMITED)',
    description: (c) =>
      `{{ $labels.upstream }} rate-limited {{ $labels.job }} {{ $value | humanize }} times in the last ${c.eventWindow}; slow down or ask for a higher limit.`,
  },
  {
    name: 'PreflightRateLimitLow',
    group: 'upstream',
    urgency: 'ticket',
    for: '5m',
    metrics: [PEER.ratelimitRemaining, PEER.ratelimitLimit],
    expr: (c) => {
      const ratio = `min by (job, upstream, bucket) (${selector(PEER.ratelimitRemaining, c.job)} / ${selector(PEER.ratelimitLimit, c.job)}) < ${num(c.thresholds.rateLimitRemainingRatio)}`;
      const absolute = c.thresholds.rateLimitRemaining;
      return absolute === undefined
        ? ratio
        : `(${ratio}) or (min by (job, upstream, bucket) (${selector(PEER.ratelimitRemaining, c.job)}) < ${num(absolute)})`;
    },
    summary: 'Little of a partner rate-limit budget is left',
    description: (c) =>
      `Rate-limit budget {{ $labels.bucket }} of {{ $labels.upstream }} for {{ $labels.job }} is low ({{ $value | humanize }}; threshold ${num(c.thresholds.rateLimitRemainingRatio * 100)}% of the limit${c.thresholds.rateLimitRemaining === undefined ? '' : ` or ${num(c.thresholds.rateLimitRemaining)} left`}).`,
  },
  countedEventAlert({
    name: 'PreflightWebhookFailures',
    group: 'business',
    urgency: 'ticket',
    metrics: [P.webhookFailed],
    series: (c) => selector(P.webhookFailed, c.job),
    by: 'job, source',
    min: (c) => c.thresholds.webhookFailures,
    summary: 'Webhooks fail verification or processing',
    description: (c) =>
      `{{ $value | humanize }} webhooks from {{ $labels.source }} failed in {{ $labels.job }} in the last ${c.eventWindow}.`,
  }),
  {
    name: 'PreflightWebhookBacklogStale',
    group: 'business',
    urgency: 'page',
    for: '5m',
    metrics: [P.webhookBacklogAge],
    expr: (c) =>
      `max by (job, source) (${selector(P.webhookBacklogAge, c.job)}) > ${num(c.thresholds.webhookBacklogAgeSeconds)}`,
    summary: 'Webhooks wait unprocessed for too long',
    description: (c) =>
      `The oldest unprocessed webhook from {{ $labels.source }} in {{ $labels.job }} is {{ $value | humanizeDuration }} old (threshold ${num(c.thresholds.webhookBacklogAgeSeconds)}s).`,
  },
  {
    name: 'PreflightBalanceLow',
    group: 'business',
    urgency: 'ticket',
    for: '5m',
    metrics: [P.businessBalance],
    expr: (c) =>
      `min by (job, account) (${selector(P.businessBalance, c.job)}) < ${num(c.thresholds.balance)}`,
    summary: 'Credits / balance at a partner are running out',
    description: (c) =>
      `Balance of {{ $labels.account }} is {{ $value | humanize }} (threshold ${num(c.thresholds.balance)}).`,
  },
  countedEventAlert({
    name: 'PreflightPaymentFailures',
    group: 'business',
    urgency: 'ticket',
    metrics: [P.businessPayments],
    series: (c) => selector(P.businessPayments, c.job, 'outcome="failed"'),
    by: 'job',
    min: (c) => c.thresholds.paymentFailures,
    summary: 'Payments are failing',
    description: (c) =>
      `{{ $value | humanize }} payments failed in {{ $labels.job }} in the last ${c.eventWindow}.`,
  }),
];
