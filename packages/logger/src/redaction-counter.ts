import { type Attributes, type Counter, type Meter, metrics } from '@opentelemetry/api';
import { REDACTION_RULE_ATTRIBUTE, REDACTIONS_METRIC } from './metric-names.js';

/**
 * Tallies redactions per rule in plain numbers on the hot path and hands them to the
 * OpenTelemetry counter once per redacted value or log line, so a line with five redactions
 * costs at most one `add` per rule that fired.
 */
export interface RedactionCounter {
  /** Adds `n` hits for rule number `rule`. */
  hit(rule: number, n: number): void;
  /** Pushes pending hits to the counter. */
  flush(): void;
}

/** Creates a tally for `ruleNames` (index = rule number) reporting to `meter`. */
export function createRedactionCounter(
  ruleNames: readonly string[],
  meter: Meter | undefined,
): RedactionCounter {
  const counter: Counter = (meter ?? metrics.getMeter('@preflight/logger')).createCounter(
    REDACTIONS_METRIC,
    {
      description: 'Values redacted from log lines, by the rule that matched.',
      unit: '{redaction}',
    },
  );
  const attributes: Attributes[] = ruleNames.map((rule) =>
    Object.freeze({ [REDACTION_RULE_ATTRIBUTE]: rule }),
  );
  const pending = new Float64Array(ruleNames.length);
  let dirty = false;
  return {
    hit(rule, n) {
      pending[rule] = (pending[rule] ?? 0) + n;
      dirty = true;
    },
    flush() {
      if (!dirty) return;
      dirty = false;
      for (let i = 0; i < pending.length; i++) {
        const n = pending[i] ?? 0;
        if (n > 0) {
          pending[i] = 0;
          counter.add(n, attributes[i]);
        }
      }
    },
  };
}
