import type { AlertDefinition } from './alert-definition.js';
import type { AlertName, AlertRulesConfig, AlertRulesOptions } from './alert-options.js';
import { PARTNER_ALERTS } from './alerts-partner.js';
import { SERVICE_ALERTS } from './alerts-service.js';
import { SLO_ALERTS, SLO_RECORDINGS } from './alerts-slo.js';
import { durationToMs, msToDuration } from './duration.js';
import { scrapedName, translateExpr, translateTemplate } from './metric-naming.js';
import { resolveAlertOptions } from './resolve-alert-options.js';

/** A Prometheus alerting rule, as in a rule file. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: {
    readonly summary: string;
    readonly description: string;
    readonly runbook_url: string;
  };
}

/** A Prometheus recording rule, as in a rule file. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

/** A Prometheus rule group, as in a rule file. */
export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly (AlertingRule | RecordingRule)[];
}

const ALL_ALERTS: readonly AlertDefinition[] = [
  ...SERVICE_ALERTS,
  ...SLO_ALERTS,
  ...PARTNER_ALERTS,
];
const GROUP_ORDER = ['http', 'slo', 'upstream', 'health', 'business', 'platform'];

/**
 * Prometheus rule groups for the go-live checklist alerts, the SLO burn-rate alerts and the
 * recording rules they use, as plain objects (`renderRules()` turns them into YAML). Expressions
 * use the metric names as the OTel exporter writes them and aggregate with `sum by`/`min by`, so
 * they hold for a fleet. Throws `MetricsOptionError` on invalid options.
 */
export function alertRules(options: AlertRulesOptions = {}): RuleGroup[] {
  const config = resolveAlertOptions(options);
  const selected = ALL_ALERTS.filter((a) => config.include.has(a.name));
  const groups: RuleGroup[] = [];
  for (const group of GROUP_ORDER) {
    const rules: (AlertingRule | RecordingRule)[] = selected
      .filter((a) => a.group === group)
      .map((a) => toRule(a, config));
    // Recording rules share the SLO alerts' group: rules in a group run in order, so the alerts
    // always read ratios from the same evaluation, whatever the evaluation interval.
    if (group === 'slo' && rules.length > 0) {
      rules.unshift(
        ...SLO_RECORDINGS.map((r) => ({
          record: r.record,
          expr: translateExpr(r.expr(config), config.naming),
        })),
      );
    }
    if (rules.length > 0) groups.push({ name: `preflight-${group}`, rules });
  }
  return groups;
}

/**
 * Scraped metric names each shipped rule reads, by alert or record name (recording rules
 * resolved to their inputs). The example app's contract test checks each against a real scrape.
 */
export function alertRuleMetrics(
  options: AlertRulesOptions = {},
): Record<string, readonly string[]> {
  const config = resolveAlertOptions(options);
  const out: Record<string, readonly string[]> = {};
  const named = (names: readonly string[]) => names.map((n) => scrapedName(n, config.naming));
  for (const r of SLO_RECORDINGS) out[r.record] = named(r.metrics);
  for (const a of ALL_ALERTS) if (config.include.has(a.name)) out[a.name] = named(a.metrics);
  return out;
}

function toRule(a: AlertDefinition, c: AlertRulesConfig): AlertingRule {
  return {
    alert: a.name,
    expr: translateExpr(a.expr(c), c.naming),
    for: forDuration(a, c),
    labels: { ...c.labels, severity: c.severities[a.urgency] },
    annotations: {
      summary: a.summary,
      description: translateTemplate(a.description(c), c.naming),
      runbook_url: `${c.runbookBaseUrl}${a.name.toLowerCase()}`,
    },
  };
}

function forDuration(a: AlertDefinition, c: AlertRulesConfig): string {
  if (typeof c.for === 'string') return c.for;
  const own = c.for?.[a.name as AlertName];
  if (own !== undefined) return own;
  return msToDuration(durationToMs(a.for) * c.forScale);
}
