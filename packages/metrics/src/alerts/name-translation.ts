// The same OpenTelemetry instrument reaches Prometheus under different names depending on the
// pipeline. The rules are written once with the names today's OTel Prometheus exporter writes
// (`otel-exporter`) and rewritten here, token by token, for the other pipelines, so the
// expressions stay identical in meaning.

import { METRIC_NAMES } from '../metric-names.js';

/** How the scraped names were derived from the OpenTelemetry names (see {@link METRIC_NAMINGS}). */
export type MetricNaming = 'otel-exporter' | 'with-unit-suffixes' | 'no-translation';

/**
 * Every naming `alertRules({ naming })` renders for:
 * - `otel-exporter`: the OTel JS Prometheus exporter up to 0.30x, dots to underscores, `_total`
 *   on counters, no unit suffix (`http_server_request_duration_bucket`). The default.
 * - `with-unit-suffixes`: Prometheus's own OTLP ingestion (`UnderscoreEscapingWithSuffixes`) and
 *   the exporter's announced next major: unit suffixes too (`http_server_request_duration_seconds_bucket`).
 * - `no-translation`: OTLP ingestion with `NoTranslation` (Prometheus 3): the OTel names and
 *   attribute names as they are (`http.server.request.duration_bucket`, `http.route`), no `_total`.
 */
export const METRIC_NAMINGS: readonly MetricNaming[] = Object.freeze([
  'otel-exporter',
  'with-unit-suffixes',
  'no-translation',
]);

type Kind = 'counter' | 'gauge' | 'histogram';
const m = (otel: string, unit: string, kind: Kind) => ({ otel, unit, kind });

/** Every metric the rules read, by the name today's exporter writes (without `_total`/`_bucket`…). */
const METRICS: Readonly<Record<string, ReturnType<typeof m>>> = {
  http_server_request_duration: m(METRIC_NAMES.httpServerRequestDuration, 's', 'histogram'),
  http_client_request_duration: m(METRIC_NAMES.httpClientRequestDuration, 's', 'histogram'),
  preflight_upstream_errors: m(METRIC_NAMES.upstreamErrors, '{error}', 'counter'),
  preflight_business_payments: m(METRIC_NAMES.businessPayments, '{payment}', 'counter'),
  preflight_business_balance: m(METRIC_NAMES.businessBalance, '', 'gauge'),
  preflight_webhook_failed: m(METRIC_NAMES.webhookFailed, '{webhook}', 'counter'),
  preflight_webhook_backlog_age_seconds: m(METRIC_NAMES.webhookBacklogAge, 's', 'gauge'),
  preflight_ratelimit_rate_limited: m('preflight.ratelimit.rate_limited', '{response}', 'counter'),
  preflight_ratelimit_remaining: m('preflight.ratelimit.remaining', '{request}', 'gauge'),
  preflight_ratelimit_limit: m('preflight.ratelimit.limit', '{request}', 'gauge'),
  preflight_logger_redactions: m('preflight.logger.redactions', '{redaction}', 'counter'),
  preflight_health_ready: m('preflight.health.ready', '', 'gauge'),
  preflight_health_check_status: m('preflight.health.check.status', '', 'gauge'),
  preflight_health_check_duration_seconds: m(
    'preflight.health.check.duration_seconds',
    's',
    'histogram',
  ),
};

/** Attribute names with dots (the others are the same under every naming). */
const LABELS: Readonly<Record<string, string>> = {
  http_request_method: 'http.request.method',
  http_response_status_code: 'http.response.status_code',
  http_route: 'http.route',
  url_scheme: 'url.scheme',
  error_type: 'error.type',
  otel_metric_overflow: 'otel.metric.overflow',
};

const UNIT_WORDS: Readonly<Record<string, string>> = { s: 'seconds', By: 'bytes', '1': 'ratio' };
const SERIES_SUFFIX: Readonly<Record<Kind, readonly string[]>> = {
  counter: ['_total'],
  gauge: [''],
  histogram: ['_bucket', '_count', '_sum', ''],
};

/** A series name as `naming` writes it; names this package does not record come back unchanged. */
export function scrapedName(exporterName: string, naming: MetricNaming): string {
  if (naming === 'otel-exporter') return exporterName;
  for (const [base, metric] of Object.entries(METRICS)) {
    const suffix = SERIES_SUFFIX[metric.kind].find((s) => exporterName === base + s);
    if (suffix === undefined) continue;
    const structural = suffix === '_total' ? '' : suffix;
    if (naming === 'no-translation') return metric.otel + structural;
    const word = UNIT_WORDS[metric.unit];
    const withUnit = word === undefined || base.endsWith(`_${word}`) ? base : `${base}_${word}`;
    return withUnit + suffix;
  }
  return exporterName;
}

/** A label name as `naming` writes it. */
export function scrapedLabel(label: string, naming: MetricNaming): string {
  return naming === 'no-translation' ? (LABELS[label] ?? label) : label;
}

const IDENTIFIER = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const GROUPING = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/** A PromQL label name, quoted when it is not a classic identifier (Prometheus 3 syntax). */
function labelToken(name: string): string {
  return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) ? name : JSON.stringify(name);
}

/**
 * Rewrites the metric and label names of a PromQL expression written for `otel-exporter`.
 * Strings are copied as they are; a metric name becomes `{__name__="…"}` under `no-translation`
 * (valid in Prometheus 2 and 3), a dotted label name is quoted (Prometheus 3).
 */
export function translateExpr(expr: string, naming: MetricNaming): string {
  if (naming === 'otel-exporter') return expr;
  let out = '';
  let i = 0;
  let braces = 0;
  let grouping = 0;
  let lastWord = '';
  while (i < expr.length) {
    const ch = expr[i] as string;
    if (ch === '"') {
      const end = stringEnd(expr, i);
      out += expr.slice(i, end);
      i = end;
      continue;
    }
    IDENTIFIER.lastIndex = i;
    const word = IDENTIFIER.exec(expr)?.[0];
    if (word !== undefined && !/[0-9.]/.test(expr[i - 1] ?? ' ')) {
      i += word.length;
      lastWord = word;
      if (braces > 0 || grouping > 0) {
        out += labelToken(scrapedLabel(word, naming));
        continue;
      }
      const name = scrapedName(word, naming);
      if (name === word || naming !== 'no-translation') {
        out += name;
        continue;
      }
      // A dotted metric name is a `__name__` matcher, merged into the selector that follows.
      out += `{__name__=${JSON.stringify(name)}`;
      if (expr[i] === '{') {
        i += 1;
        braces += 1;
        if (expr[i] !== '}') out += ', ';
      } else {
        out += '}';
      }
      continue;
    }
    if (ch === '{') braces += 1;
    else if (ch === '}') braces -= 1;
    else if (ch === '(' && GROUPING.has(lastWord)) grouping += 1;
    else if (ch === ')' && grouping > 0) grouping -= 1;
    if (!/\s/.test(ch)) lastWord = '';
    out += ch;
    i += 1;
  }
  return out;
}

function stringEnd(expr: string, start: number): number {
  let i = start + 1;
  while (i < expr.length && expr[i] !== '"') i += expr[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** `{{ $labels.http_route }}` in annotations, for `naming`. */
export function translateTemplate(text: string, naming: MetricNaming): string {
  if (naming !== 'no-translation') return text;
  return text.replace(/\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)/g, (whole, label: string) =>
    LABELS[label] === undefined ? whole : `(index $labels ${JSON.stringify(LABELS[label])})`,
  );
}
