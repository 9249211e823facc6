import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ALERT_NAMES, type AlertRulesOptions, alertRules, renderRules } from '../src/index.js';
import { ALERT_SCENARIOS, type AlertScenario, type Series } from './support/alert-scenarios.js';
import { requirePromtool, runPromtool } from './support/promtool.js';

const hasPromtool = requirePromtool();

function firingTest(
  alert: string,
  evalTime: string,
  interval: string,
  series: readonly Series[],
  fires: boolean,
) {
  return {
    interval,
    input_series: series.map(([name, values]) => ({ series: name, values })),
    promql_expr_test: [
      {
        expr: `max(ALERTS{alertname="${alert}",alertstate="firing"})`,
        eval_time: evalTime,
        exp_samples: fires ? [{ labels: '{}', value: 1 }] : [],
      },
    ],
  };
}

function testFile(scenario: AlertScenario): string {
  const interval = scenario.interval ?? '1m';
  return stringify({
    rule_files: ['rules.yml'],
    evaluation_interval: scenario.evaluationInterval ?? '1m',
    tests: [
      firingTest(scenario.alert, scenario.evalTime, interval, scenario.above, true),
      firingTest(scenario.alert, scenario.evalTime, interval, scenario.below, false),
    ],
  });
}

function testRules(rules: string, tests: string) {
  return runPromtool((dir) => ['test', 'rules', `${dir}/tests.yml`], {
    'rules.yml': rules,
    'tests.yml': tests,
  });
}

describe.skipIf(!hasPromtool)('alert rules under promtool', () => {
  const rules = renderRules(alertRules());

  it('promtool check rules accepts the default rule file', () => {
    const result = runPromtool((dir) => ['check', 'rules', `${dir}/rules.yml`], {
      'rules.yml': rules,
    });
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('promtool check rules accepts a rule file with every option changed', () => {
    const options: AlertRulesOptions = {
      job: 'checkout-api',
      rateWindow: '2m',
      eventWindow: '30m',
      forScale: 0.5,
      thresholds: { rateLimitRemaining: 100, balance: 0 },
      slo: { availability: 0.995, latency: 0.95, latencyThresholdSeconds: 0.5 },
      severities: { page: 'P1', ticket: 'P3' },
      labels: { team: 'payments' },
    };
    const result = runPromtool((dir) => ['check', 'rules', `${dir}/rules.yml`], {
      'rules.yml': renderRules(alertRules(options)),
    });
    expect(result.status, result.output).toBe(0);
  });

  it('has a fire/silent scenario for every shipped alert', () => {
    expect(ALERT_SCENARIOS.map((s) => s.alert).sort()).toEqual([...ALERT_NAMES].sort());
  });

  it.each(ALERT_SCENARIOS.map((s) => [s.alert, s] as const))(
    '%s fires above its threshold and stays silent below it',
    (_name, scenario) => {
      const result = testRules(rules, testFile(scenario));
      expect(result.output).toContain('SUCCESS');
      expect(result.status, result.output).toBe(0);
    },
  );

  it.each([
    [
      'PreflightUpstreamRateLimited fires on RATE_LIMITED error codes alone',
      'PreflightUpstreamRateLimited',
      '15m',
      [
        [
          'preflight_upstream_errors_total{job="api",upstream="loyalty",code="RATE_LIMITED"}',
          '0x10 1 2 3 4x10',
        ],
      ],
    ],
    [
      'PreflightLatencySLOBurnPage fires on Prometheus 3 normalised le="1.0" buckets',
      'PreflightLatencySLOBurnPage',
      '90m',
      [
        ['http_server_request_duration_bucket{job="api",le="1.0"}', '0+80x120'],
        ['http_server_request_duration_count{job="api"}', '0+100x120'],
      ],
    ],
  ] as const)('%s', (_title, alert, evalTime, series) => {
    const tests = stringify({
      rule_files: ['rules.yml'],
      tests: [firingTest(alert, evalTime, '1m', series, true)],
    });
    const result = testRules(rules, tests);
    expect(result.status, result.output).toBe(0);
  });

  it('a scrape gap does not make an old counter look like a new series', () => {
    // 50 AUTH_INVALID_KEY long ago, target unreachable for 8 minutes, then back, unchanged.
    const series: Series[] = [
      [
        'preflight_upstream_errors_total{job="api",upstream="loyalty",code="AUTH_INVALID_KEY"}',
        '50x20 _x8 50x10',
      ],
    ];
    const tests = stringify({
      rule_files: ['rules.yml'],
      tests: [firingTest('PreflightUpstreamAuthInvalidKey', '36m', '1m', series, false)],
    });
    const result = testRules(rules, tests);
    expect(result.status, result.output).toBe(0);
  });

  it('a scenario that should fire is reported as failing when the alert stays silent (the harness can fail)', () => {
    const scenario = ALERT_SCENARIOS.find((s) => s.alert === 'PreflightHighErrorRate');
    if (!scenario) throw new Error('missing scenario');
    const swapped = { ...scenario, above: scenario.below, below: scenario.above };
    const result = testRules(rules, testFile(swapped));
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('FAILED');
  });

  it('the job option ignores series from other jobs', () => {
    const scenario = ALERT_SCENARIOS.find((s) => s.alert === 'PreflightBalanceLow');
    if (!scenario) throw new Error('missing scenario');
    const onlyCheckout = renderRules(alertRules({ job: 'checkout' }));
    const otherJob = { ...scenario, below: scenario.above };
    const tests = stringify({
      rule_files: ['rules.yml'],
      tests: [firingTest(scenario.alert, scenario.evalTime, '1m', otherJob.below, false)],
    });
    const result = testRules(onlyCheckout, tests);
    expect(result.status, result.output).toBe(0);
  });

  it('forScale 0 makes an alert fire on its first evaluation, and the default for: waits', () => {
    const series: Series[] = [['preflight_health_ready{job="api",instance="a:1"}', '0x5']];
    const at1m = (fires: boolean) =>
      stringify({
        rule_files: ['rules.yml'],
        tests: [firingTest('PreflightReadinessFailing', '1m', '1m', series, fires)],
      });
    expect(testRules(renderRules(alertRules({ forScale: 0 })), at1m(true)).status).toBe(0);
    expect(testRules(rules, at1m(false)).status).toBe(0);
  });

  it('alerts carry severity, runbook and annotations templated with the firing labels and value', () => {
    const rule = alertRules()
      .flatMap((g) => g.rules)
      .find((r) => 'alert' in r && r.alert === 'PreflightBalanceLow');
    if (!rule || !('alert' in rule)) throw new Error('missing rule');
    const tests = stringify({
      rule_files: ['rules.yml'],
      tests: [
        {
          interval: '1m',
          input_series: [
            { series: 'preflight_business_balance{job="api",account="main"}', values: '50x15' },
          ],
          alert_rule_test: [
            {
              alertname: 'PreflightBalanceLow',
              eval_time: '10m',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', job: 'api', account: 'main' },
                  exp_annotations: {
                    summary: rule.annotations.summary,
                    description: 'Balance of main is 50 (threshold 100).',
                    runbook_url: rule.annotations.runbook_url,
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    const result = testRules(rules, tests);
    expect(result.status, result.output).toBe(0);
  });
});
