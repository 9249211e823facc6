import {
  type Attributes,
  type Counter,
  type Meter,
  type MeterProvider,
  metrics,
} from '@opentelemetry/api';
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

const COUNTER_OPTIONS = {
  description: 'Values redacted from log lines, by the rule that matched.',
  unit: '{redaction}',
} as const;

/**
 * Creates a tally for `ruleNames` (index = rule number) reporting to `meter`. Without a
 * `meter`, the global meter provider is looked up when hits are flushed, not here: `metrics`
 * in `@opentelemetry/api` has no proxy provider, so a meter taken before the application
 * registers its SDK would stay a no-op forever. Lines without redactions never look it up.
 */
export function createRedactionCounter(
  ruleNames: readonly string[],
  meter: Meter | undefined,
): RedactionCounter {
  const fixed = meter?.createCounter(REDACTIONS_METRIC, COUNTER_OPTIONS);
  let provider: MeterProvider | undefined;
  let global: Counter | undefined;
  /** The global provider's counter, re-created when a different provider was registered. */
  function globalCounter(): Counter {
    const current = metrics.getMeterProvider();
    if (global === undefined || current !== provider) {
      provider = current;
      global = current
        .getMeter('@preflight/logger')
        .createCounter(REDACTIONS_METRIC, COUNTER_OPTIONS);
    }
    return global;
  }
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
      const target = fixed ?? globalCounter();
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
