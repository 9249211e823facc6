import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  ALERT_NAMES,
  type AlertName,
  alertRules,
  type MetricNaming,
  renderRules,
} from '../src/index.js';
import { ALERT_SCENARIOS, type AlertScenario, type Series } from './support/alert-scenarios.js';
import { parsePromQL } from './support/promql-parse.js';
import { promtool, requirePromtool, runPromtool } from './support/promtool.js';

// Every shipped alert, rendered for each pipeline's names, fires and stays silent on the same
// traffic written with that pipeline's names. The names below are spelled out by hand (not
// derived with the code under test) from what each pipeline writes.

const hasPromtool = requirePromtool();
/** UTF-8 label names in PromQL (`"http.route"`) need Prometheus 3; Debian's promtool may be 2.x. */
const promtoolMajor = (() => {
  if (!promtool) return 0;
  const out = execFileSync(promtool, ['--version'], { encoding: 'utf8' });
  return Number(/version (\d+)\./.exec(out)?.[1] ?? 0);
})();

const SUFFIXED: Record<string, string> = {
  http_server_request_duration_: 'http_server_request_duration_seconds_',
  http_client_request_duration_: 'http_client_request_duration_seconds_',
};
const DOTTED_METRICS: Record<string, string> = {
  http_server_request_duration_count: 'http.server.request.duration_count',
  http_server_request_duration_bucket: 'http.server.request.duration_bucket',
  http_client_request_duration_count: 'http.client.request.duration_count',
  preflight_upstream_errors_total: 'preflight.upstream.errors',
  preflight_business_payments_total: 'preflight.business.payments',
  preflight_business_balance: 'preflight.business.balance',
  preflight_webhook_failed_total: 'preflight.webhook.failed',
  preflight_webhook_backlog_age_seconds: 'preflight.webhook.backlog_age_seconds',
  preflight_ratelimit_rate_limited_total: 'preflight.ratelimit.rate_limited',
  preflight_ratelimit_remaining: 'preflight.ratelimit.remaining',
  preflight_ratelimit_limit: 'preflight.ratelimit.limit',
  preflight_logger_redactions_total: 'preflight.logger.redactions',
  preflight_health_ready: 'preflight.health.ready',
  preflight_health_check_status: 'preflight.health.check.status',
};
/** The dotted attributes the scenarios' series carry, as NoTranslation keeps them. */
const DOTTED_LABELS: Record<string, string> = Object.fromEntries(
  ['http_request_method', 'http_response_status_code', 'http_route', 'error_type'].map((l) => [
    l,
    l
      .replace('http_request_', 'http.request.')
      .replace('http_response_', 'http.response.')
      .replace('http_route', 'http.route')
      .replace('error_type', 'error.type'),
  ]),
);

/** A scenario series as `naming` writes it; dotted label names need Prometheus 3's syntax. */
function seriesFor([selector, values]: Series, naming: MetricNaming): Series {
  if (naming === 'otel-exporter') return [selector, values];
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)?(?:\{(.*)\})?$/.exec(selector);
  if (!match) throw new Error(`unexpected series ${selector}`);
  const [, name = '', labels = ''] = match;
  if (naming === 'with-unit-suffixes') {
    const prefix = Object.keys(SUFFIXED).find((p) => name.startsWith(p));
    const renamed = prefix ? name.replace(prefix, SUFFIXED[prefix] as string) : name;
    return [`${renamed}{${labels}}`, values];
  }
  const pairs = labels === '' ? [] : labels.split(/,(?=[a-z_]+=)/);
  const translated = pairs.map((pair) => {
    const [label, value] = pair.split(/=(.*)/s) as [string, string];
    const dotted = DOTTED_LABELS[label];
    return dotted ? `${JSON.stringify(dotted)}=${value}` : pair;
  });
  const dottedName = DOTTED_METRICS[name] ?? name;
  return [`{${[`__name__=${JSON.stringify(dottedName)}`, ...translated].join(',')}}`, values];
}

const usesDottedLabels = (series: readonly Series[]) =>
  series.some(([s]) => s.includes('{"') || /,"/.test(s));

function firingTest(
  alert: string,
  scenario: AlertScenario,
  series: readonly Series[],
  fires: boolean,
) {
  return {
    interval: scenario.interval ?? '1m',
    input_series: series.map(([name, values]) => ({ series: name, values })),
    promql_expr_test: [
      {
        expr: `max(ALERTS{alertname="${alert}",alertstate="firing"})`,
        eval_time: scenario.evalTime,
        exp_samples: fires ? [{ labels: '{}', value: 1 }] : [],
      },
    ],
  };
}

function run(naming: MetricNaming, scenario: AlertScenario, rulesNaming = naming, fires = true) {
  const above = scenario.above.map((s) => seriesFor(s, naming));
  const below = scenario.below.map((s) => seriesFor(s, naming));
  const tests = stringify({
    rule_files: ['rules.yml'],
    evaluation_interval: scenario.evaluationInterval ?? '1m',
    tests: [
      firingTest(scenario.alert, scenario, above, fires),
      firingTest(scenario.alert, scenario, below, false),
    ],
  });
  const rules = renderRules(alertRules({ naming: rulesNaming, include: [scenario.alert] }));
  return runPromtool((dir) => ['test', 'rules', `${dir}/tests.yml`], {
    'rules.yml': rules,
    'tests.yml': tests,
  });
}

const CASES = ALERT_SCENARIOS.map((s) => [s.alert, s] as [AlertName, AlertScenario]);

describe.skipIf(!hasPromtool)('rules under every naming (promtool)', () => {
  it.each(CASES)('with-unit-suffixes: %s fires above and stays silent below', (_name, scenario) => {
    const result = run('with-unit-suffixes', scenario);
    expect(result.status, result.output).toBe(0);
  });

  it.each(CASES)('no-translation: %s fires above and stays silent below', (_name, scenario) => {
    const rules = alertRules({ naming: 'no-translation', include: [scenario.alert] });
    const exprs = rules.flatMap((g) => g.rules.map((r) => r.expr));
    for (const expr of exprs) expect(parsePromQL(expr).errors).toEqual([]);
    const series = [...scenario.above, ...scenario.below].map((s) =>
      seriesFor(s, 'no-translation'),
    );
    const needsUtf8 = usesDottedLabels(series) || exprs.some((e) => /[{,(]\s*"[a-z_]+\./.test(e));
    if (needsUtf8 && promtoolMajor < 3) {
      console.info(
        `no-translation ${scenario.alert}: promtool ${promtoolMajor} cannot parse UTF-8 label names; PromQL grammar checked only`,
      );
      // Prometheus 2's parser has no quoted label names: the expression is checked by the
      // Prometheus UI grammar above, and promtool runs it where Prometheus 3 is installed.
      return;
    }
    const result = run('no-translation', scenario);
    expect(result.status, result.output).toBe(0);
  });

  it.each<[MetricNaming, MetricNaming]>([
    ['otel-exporter', 'with-unit-suffixes'],
    ['with-unit-suffixes', 'otel-exporter'],
    ['no-translation', 'otel-exporter'],
  ])(
    'rules rendered for %s stay silent on traffic named for %s (names matter)',
    (rulesNaming, traffic) => {
      const scenario = ALERT_SCENARIOS.find(
        (s) => s.alert === 'PreflightHighLatencyP95',
      ) as AlertScenario;
      const result = run(traffic, scenario, rulesNaming, false);
      expect(result.status, result.output).toBe(0);
      expect(run(traffic, scenario, rulesNaming, true).status).not.toBe(0);
    },
  );

  it('promtool check rules accepts the with-unit-suffixes rule file', () => {
    const result = runPromtool((dir) => ['check', 'rules', `${dir}/rules.yml`], {
      'rules.yml': renderRules(alertRules({ naming: 'with-unit-suffixes' })),
    });
    expect(result.status, result.output).toBe(0);
  });

  it('every alert has a scenario under each naming', () => {
    expect(CASES.map(([n]) => n).sort()).toEqual([...ALERT_NAMES].sort());
  });
});
