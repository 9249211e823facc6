import { parser } from '@prometheus-io/lezer-promql';

/** Metric names selected anywhere in a PromQL expression (selectors without a name are skipped). */
export function metricNamesIn(expr: string): Set<string> {
  const names = new Set<string>();
  const tree = parser.parse(expr);
  let errors = 0;
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors += 1;
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        names.add(expr.slice(node.from, node.to));
      }
    },
  });
  if (errors > 0) throw new Error(`PromQL does not parse: ${expr}`);
  return names;
}

/** A rule as Prometheus rule files hold it. */
export interface RuleLike {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
}

/**
 * The raw metric names every alert depends on, recording rules expanded: an alert reading
 * `job:http_errors:ratio_rate5m` depends on what that recording rule selects.
 */
export function alertMetricNames(rules: readonly RuleLike[]): Map<string, Set<string>> {
  const records = new Map<string, string>();
  for (const r of rules) if (r.record !== undefined) records.set(r.record, r.expr);
  const expand = (expr: string, seen: Set<string>): Set<string> => {
    const out = new Set<string>();
    for (const name of metricNamesIn(expr)) {
      const recorded = records.get(name);
      if (recorded === undefined) out.add(name);
      else if (!seen.has(name))
        for (const n of expand(recorded, new Set([...seen, name]))) out.add(n);
    }
    return out;
  };
  const byAlert = new Map<string, Set<string>>();
  for (const r of rules) if (r.alert !== undefined) byAlert.set(r.alert, expand(r.expr, new Set()));
  return byAlert;
}

/** Metric names present in a Prometheus text exposition (sample lines, not comments). */
export function namesInScrape(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (m?.[1] !== undefined) names.add(m[1]);
  }
  return names;
}
