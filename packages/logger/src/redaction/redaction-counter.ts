import type { Attributes, Meter } from '@opentelemetry/api';
import { meterBound } from '../meter.js';
import { LOGGER_METRICS, REDACTION_RULE_ATTRIBUTE } from '../metric-names.js';

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

const COUNTER_OPTIONS = {
  description: 'Values redacted from log lines, by the rule that matched.',
  unit: '{redaction}',
} as const;

/**
 * Creates a tally for `ruleNames` (index = rule number) reporting to `meter`, or by the global
 * meter rule of `meterBound` (looked up when hits are flushed, so lines without
 * redactions never look it up).
 */
export function createRedactionCounter(
  ruleNames: readonly string[],
  meter: Meter | undefined,
): RedactionCounter {
  const counter = meterBound(meter, (m) =>
    m.createCounter(LOGGER_METRICS.redactions, COUNTER_OPTIONS),
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
      const target = counter();
      for (let i = 0; i < pending.length; i++) {
        const n = pending[i] ?? 0;
        if (n > 0) {
          pending[i] = 0;
          target.add(n, attributes[i]);
        }
      }
    },
  };
}
