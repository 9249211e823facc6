import { parser } from '@prometheus-io/lezer-promql';

export interface ParsedPromQL {
  /** Syntax errors as `offset: text` (empty when the expression parses). */
  readonly errors: string[];
  /** Metric names of every vector selector, in order. */
  readonly metricNames: string[];
}

/** Parses PromQL with the grammar Prometheus' own UI uses. */
export function parsePromQL(expr: string): ParsedPromQL {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  const metricNames: string[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError)
        errors.push(`${node.from}: ${expr.slice(Math.max(0, node.from - 10), node.to + 10)}`);
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        metricNames.push(expr.slice(node.from, node.to));
      }
    },
  });
  return { errors, metricNames };
}
