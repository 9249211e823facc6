import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  ALERT_NAMES,
  type AlertingRule,
  alertRuleMetrics,
  alertRules,
  isMetricsError,
  METRIC_NAMINGS,
  type MetricNaming,
  PEER_PROMETHEUS_NAMES,
  PROMETHEUS_NAMES,
  type RecordingRule,
  renderRules,
} from '../src/index.js';
import { parsePromQL } from './support/promql-parse.js';

const rulesOf = (groups = alertRules()) => groups.flatMap((g) => g.rules);
const alertsOf = (groups = alertRules()) =>
  rulesOf(groups).filter((r): r is AlertingRule => 'alert' in r);
const recordsOf = (groups = alertRules()) =>
  rulesOf(groups).filter((r): r is RecordingRule => 'record' in r);

function optionError(fn: () => unknown): { option: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (isMetricsError(error) && 'option' in error)
      return { option: String(error.option), message: error.message };
    throw error;
  }
  throw new Error('expected an option error');
}

describe('alertRules()', () => {
  it('ships every alert in ALERT_NAMES by default, each exactly once', () => {
    expect(
      alertsOf()
        .map((a) => a.alert)
        .sort(),
    ).toEqual([...ALERT_NAMES].sort());
  });

  it('every alert has severity, summary, a templated description and a runbook URL', () => {
    for (const a of alertsOf()) {
      expect(['critical', 'warning', 'info']).toContain(a.labels.severity);
      expect(a.annotations.summary.length).toBeGreaterThan(10);
      expect(a.annotations.description).toMatch(/\{\{ \$(labels|value)/);
      expect(a.annotations.runbook_url).toBe(
        `https://github.com/preflight-dev/preflight/blob/main/packages/metrics/README.md#${a.alert.toLowerCase()}`,
      );
    }
  });

  it('every expression and recording rule parses as PromQL', () => {
    for (const rule of rulesOf(
      alertRules({ job: 'a"b\\c', thresholds: { rateLimitRemaining: 5 } }),
    )) {
      expect(parsePromQL(rule.expr).errors, rule.expr).toEqual([]);
    }
  });

  it('the parser used by the tests rejects broken PromQL (the check can fail)', () => {
    expect(parsePromQL('sum by (job (rate(x[5m]))').errors).not.toEqual([]);
  });

  it('expressions read the names the OTel exporter writes: no _seconds suffix on the HTTP histograms', () => {
    const all = rulesOf()
      .map((r) => r.expr)
      .join('\n');
    expect(all).toContain(PROMETHEUS_NAMES.httpServerRequestDurationBucket);
    expect(all).not.toMatch(/http_(server|client)_request_duration_seconds/);
  });

  it('aggregates every alert with by (...) so it holds for a fleet of instances', () => {
    for (const a of alertsOf()) {
      if (a.alert.includes('SLOBurn')) expect(a.expr).toMatch(/^\(?job:/);
      else expect(a.expr).toMatch(/(sum|min|max|count) by \(job/);
    }
  });

  it('names recording rules level:metric:operations', () => {
    for (const r of recordsOf()) expect(r.record).toMatch(/^[a-z_]+:[a-z_]+:[a-z0-9_]+$/);
  });

  it('alertRuleMetrics() lists exactly the scraped metrics each rule reads', () => {
    const listed = alertRuleMetrics();
    const records = new Map(recordsOf().map((r) => [r.record, r]));
    const scraped = (expr: string): string[] =>
      parsePromQL(expr).metricNames.flatMap((name) => {
        const record = records.get(name);
        return record ? scraped(record.expr) : [name];
      });
    for (const rule of rulesOf()) {
      const name = 'alert' in rule ? rule.alert : rule.record;
      expect(new Set(listed[name]), name).toEqual(new Set(scraped(rule.expr)));
    }
  });

  it('alertRuleMetrics() only names metrics this package or its siblings export', () => {
    const known = new Set<string>([
      ...Object.values(PROMETHEUS_NAMES),
      ...Object.values(PEER_PROMETHEUS_NAMES),
    ]);
    for (const names of Object.values(alertRuleMetrics()))
      for (const n of names) expect(known).toContain(n);
  });

  it('uses the checklist thresholds by default (5 % errors, p95 2 s, balance 100, webhooks 1 h)', () => {
    const expr = (name: string) => alertsOf().find((a) => a.alert === name)?.expr ?? '';
    expect(expr('PreflightHighErrorRate')).toMatch(/> 0\.05$/);
    expect(expr('PreflightHighLatencyP95')).toMatch(/^histogram_quantile\(0\.95, .*\) > 2$/);
    expect(expr('PreflightBalanceLow')).toMatch(/< 100$/);
    expect(expr('PreflightWebhookBacklogStale')).toMatch(/> 3600$/);
  });

  it('burn-rate alerts page at 14.4x over 1h/5m or 6x over 6h/30m and ticket at 1x over 3d/6h of the budget', () => {
    const expr = (name: string) =>
      alertsOf(alertRules({ slo: { availability: 0.999 } })).find((a) => a.alert === name)?.expr;
    expect(expr('PreflightAvailabilitySLOBurnPage')).toBe(
      '(job:http_server_request_errors:ratio_rate1h > 0.0144 and job:http_server_request_errors:ratio_rate5m > 0.0144) or (job:http_server_request_errors:ratio_rate6h > 0.006 and job:http_server_request_errors:ratio_rate30m > 0.006)',
    );
    expect(expr('PreflightAvailabilitySLOBurnTicket')).toBe(
      '(job:http_server_request_errors:ratio_rate3d > 0.001 and job:http_server_request_errors:ratio_rate6h > 0.001)',
    );
  });

  it('job selects one scrape job in every selector, quoted safely', () => {
    for (const rule of rulesOf(alertRules({ job: 'checkout' }))) {
      for (const selector of rule.expr.match(/[a-z_]*\{[^}]*\}/g) ?? [])
        expect(selector).toContain('job="checkout"');
    }
  });

  it('forScale scales and rounds the default for: durations; for sets them all', () => {
    const forOf = (groups: ReturnType<typeof alertRules>, name: string) =>
      alertsOf(groups).find((a) => a.alert === name)?.for;
    expect(forOf(alertRules(), 'PreflightHighErrorRate')).toBe('5m');
    expect(forOf(alertRules({ forScale: 0.1 }), 'PreflightHighErrorRate')).toBe('30s');
    expect(forOf(alertRules({ forScale: 0 }), 'PreflightLatencySLOBurnTicket')).toBe('0s');
    expect(new Set(alertsOf(alertRules({ for: '5s' })).map((a) => a.for))).toEqual(new Set(['5s']));
    expect(forOf(alertRules({ for: { PreflightBalanceLow: '1h' } }), 'PreflightBalanceLow')).toBe(
      '1h',
    );
  });

  it('include and exclude choose alerts; recording rules ship only with SLO alerts', () => {
    const only = alertRules({
      include: ['PreflightBalanceLow', 'PreflightHighErrorRate'],
      exclude: ['PreflightHighErrorRate'],
    });
    expect(alertsOf(only).map((a) => a.alert)).toEqual(['PreflightBalanceLow']);
    expect(recordsOf(only)).toEqual([]);
    expect(
      recordsOf(alertRules({ include: ['PreflightLatencySLOBurnPage'] })).length,
    ).toBeGreaterThan(0);
  });

  it('severities and extra labels apply to every alert', () => {
    const groups = alertRules({
      severities: { page: 'P1', ticket: 'P3', info: 'P5' },
      labels: { team: 'payments' },
    });
    for (const a of alertsOf(groups)) {
      expect(['P1', 'P3', 'P5']).toContain(a.labels.severity);
      expect(a.labels.team).toBe('payments');
    }
  });

  it('the latency SLO counts requests above a bucket bound, also after Prometheus 3 normalises le', () => {
    const slow = recordsOf(alertRules({ slo: { latencyThresholdSeconds: 2.5 } })).find((r) =>
      r.record.endsWith('slow:ratio_rate5m'),
    );
    expect(slow?.expr).toContain('le=~"2\\\\.5"');
    const whole = recordsOf().find((r) => r.record.endsWith('slow:ratio_rate5m'));
    expect(whole?.expr).toContain('le=~"1(\\\\.0)?"');
  });

  it.each([
    [{ thresholds: { errorRatio: 5 } }, 'thresholds.errorRatio'],
    [{ thresholds: { errorRatio: 0 } }, 'thresholds.errorRatio'],
    [{ thresholds: { latencyP95: 2 } }, 'thresholds.latencyP95'],
    [{ rateWindow: '5 minutes' }, 'rateWindow'],
    [{ rateWindow: '0m' }, 'rateWindow'],
    [{ for: 'soon' }, 'for'],
    [{ for: { PreflightNope: '1m' } }, 'for.PreflightNope'],
    [{ forScale: -1 }, 'forScale'],
    [{ include: ['PreflightNope'] }, 'include'],
    [{ exclude: 'PreflightBalanceLow' }, 'exclude'],
    [{ slo: { availability: 1 } }, 'slo.availability'],
    [{ slo: { latencyThresholdSeconds: 1.5 } }, 'slo.latencyThresholdSeconds'],
    [{ job: '' }, 'job'],
    [{ labels: { severity: 'x' } }, 'labels.severity'],
    [{ labels: { 'bad-name': 'x' } }, 'labels.bad-name'],
    [{ severities: { page: '' } }, 'severities.page'],
    [{ jobs: 'x' }, 'jobs'],
  ])('rejects %j naming option %s', (options, option) => {
    const error = optionError(() => alertRules(options as never));
    expect(error.option).toBe(option);
    expect(error.message).toContain(`"${option}"`);
  });

  it('any job name renders to a rule file whose expressions still parse (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== ''),
        (job) => {
          const groups = alertRules({
            job,
            include: ['PreflightHighErrorRate', 'PreflightBalanceLow'],
          });
          const reparsed = parse(renderRules(groups)) as {
            groups: { rules: { expr: string }[] }[];
          };
          for (const rule of reparsed.groups.flatMap((g) => g.rules))
            expect(parsePromQL(rule.expr).errors).toEqual([]);
          expect(reparsed.groups[0]?.rules[0]?.expr).toContain(`job=${JSON.stringify(job)}`);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('renderRules()', () => {
  it('round-trips through YAML to the same groups', () => {
    const groups = alertRules();
    expect(parse(renderRules(groups))).toEqual({ groups });
  });
});

describe('naming', () => {
  const exprOf = (naming: MetricNaming, alert: string) =>
    alertsOf(alertRules({ naming })).find((a) => a.alert === alert)?.expr;

  it('defaults to the names the shipped exporter writes', () => {
    expect(exprOf('otel-exporter', 'PreflightHighLatencyP95')).toBe(
      alertsOf(alertRules()).find((a) => a.alert === 'PreflightHighLatencyP95')?.expr,
    );
    expect(exprOf('otel-exporter', 'PreflightHighLatencyP95')).toContain(
      'http_server_request_duration_bucket[',
    );
  });

  it('with-unit-suffixes adds the unit to second histograms only', () => {
    expect(exprOf('with-unit-suffixes', 'PreflightHighLatencyP95')).toContain(
      'rate(http_server_request_duration_seconds_bucket[5m])',
    );
    expect(exprOf('with-unit-suffixes', 'PreflightUpstreamAuthInvalidKey')).toContain(
      'preflight_upstream_errors_total{code="AUTH_INVALID_KEY"}',
    );
    expect(exprOf('with-unit-suffixes', 'PreflightWebhookBacklogStale')).toContain(
      '(preflight_webhook_backlog_age_seconds)',
    );
  });

  it('no-translation keeps dotted metric and label names, without _total', () => {
    expect(exprOf('no-translation', 'PreflightHighErrorRate')).toBe(
      'sum by (job) (rate({__name__="http.server.request.duration_count", "http.response.status_code"=~"5.."}[5m])) / sum by (job) (rate({__name__="http.server.request.duration_count"}[5m])) > 0.05',
    );
    const unavailable = alertsOf(alertRules({ naming: 'no-translation' })).find(
      (a) => a.alert === 'PreflightServiceUnavailable',
    );
    expect(unavailable?.expr).toContain('sum by (job, "http.route")');
    expect(unavailable?.annotations.description).toContain('(index $labels "http.route")');
    expect(exprOf('no-translation', 'PreflightSensitiveDataLogged')).toContain(
      'increase({__name__="preflight.logger.redactions"}[10m])',
    );
  });

  it('every rule parses under every naming, and alertRuleMetrics follows the naming', () => {
    for (const naming of METRIC_NAMINGS) {
      for (const group of alertRules({ naming }))
        for (const rule of group.rules) expect(parsePromQL(rule.expr).errors).toEqual([]);
    }
    expect(alertRuleMetrics({ naming: 'with-unit-suffixes' }).PreflightHighLatencyP95).toEqual([
      'http_server_request_duration_seconds_bucket',
    ]);
    expect(alertRuleMetrics({ naming: 'no-translation' }).PreflightUpstreamRateLimited).toEqual([
      'preflight.ratelimit.rate_limited',
      'preflight.upstream.errors',
    ]);
  });

  it('refuses an unknown naming, listing the namings', () => {
    expect(() => alertRules({ naming: 'seconds' as MetricNaming })).toThrow(
      /option "naming" must be one of otel-exporter, with-unit-suffixes, no-translation/,
    );
  });
});
