import { isPaymentCard } from '../rules/checksums.js';
import { createKeyClassifier } from '../rules/key-classifier.js';
import { BUILT_IN_KEY_RULES } from '../rules/key-rules.js';
import { censorsValue } from '../rules/key-verdict.js';
import { createStringRedactor } from '../rules/string-redactor.js';
import { STRING_RULE_NAMES } from '../rules/string-rules.js';
import { type RedactConfig, type RedactOptions, resolveRedactConfig } from './redact-options.js';
import { createRedactionCounter } from './redaction-counter.js';
import { createWalker } from './walker.js';

/** A compiled set of redaction rules; create once, use for every value. */
export interface Redactor {
  /**
   * Returns a redacted deep copy of `value`. Never mutates `value` and never throws: cycles
   * become `'[Circular]'`, throwing getters `'[Unreadable]'`, Maps plain objects, Sets arrays,
   * Buffers `'[Buffer n bytes]'`, and Errors keep their type, message, stack and cause.
   */
  redact(value: unknown): unknown;
  /** Redacts the sensitive parts of one string. */
  redactString(value: string): string;
  /**
   * Like {@link Redactor.redact} but returns `value` itself (not a copy) when nothing in it
   * needed to change; used on the logging hot path, where the result is only serialised.
   */
  redactForLog(value: unknown): unknown;
  /**
   * Redacts pino log-method arguments in place (the array must be pino's own, not the caller's).
   * Top-level fields of the merge object whose key is in `raw` are left as they are (for
   * serializers that redact their own output).
   */
  redactLogArguments(args: unknown[], raw?: object): unknown[];
  /** The resolved configuration. */
  readonly config: RedactConfig;
}

const MIN_CARD = 1e12;

/** Compiles `options` into a reusable {@link Redactor}; throws if an option is invalid. */
export function createRedactor(options?: RedactOptions | readonly string[]): Redactor {
  const config = resolveRedactConfig(options);
  const keyRules = BUILT_IN_KEY_RULES.filter((rule) => !config.disable.has(rule.name));
  const keyNames = [...keyRules.map((rule) => rule.name), 'key:custom'];
  const stringNames = [
    ...STRING_RULE_NAMES.filter((name) => !config.disable.has(name)),
    ...config.patterns.map((p) => p.name),
  ];
  const counter = createRedactionCounter([...keyNames, ...stringNames], config.meter);
  const classifier = createKeyClassifier(keyRules, config.keys);
  const { censor } = config;
  const cardRule = stringNames.indexOf('payment-card');
  const cardIndex = cardRule < 0 ? -1 : keyNames.length + cardRule;

  /** Key-rule verdict for `key = value` text inside strings (scoped keys such as `name` never match). */
  function sensitiveKeyValue(key: string, value: string): boolean {
    const verdict = classifier.classify(key, null);
    if (verdict === undefined) return false;
    // Loose matches spare literals, as they do for objects: `max_tokens=1024` stays.
    // Counted once, as the `key-value` string rule.
    if (!censorsValue(verdict, value)) return false;
    return verdict.strict || !/^(?:-?\d+(?:\.\d+)?|true|false|null)$/.test(value);
  }
  const { redactString } = createStringRedactor(
    config,
    sensitiveKeyValue,
    counter,
    keyNames.length,
  );

  function redactNumber(n: number | bigint): unknown {
    if (cardIndex < 0 || n < MIN_CARD) return n;
    const digits = String(n);
    if (!isPaymentCard(digits)) return n;
    counter.hit(cardIndex, 1);
    return censor;
  }

  const walker = createWalker({
    ...config,
    classify: classifier.classify,
    keyHit: (verdict) => counter.hit(verdict.rule, 1),
    redactString,
    redactNumber,
    flush: counter.flush,
  });

  return {
    config,
    redact: walker.copy,
    redactForLog: walker.copyIfChanged,
    redactLogArguments: walker.logArguments,
    redactString(value) {
      try {
        return typeof value === 'string' ? redactString(value) : value;
      } catch {
        return '[Unreadable]';
      } finally {
        counter.flush();
      }
    },
  };
}

/**
 * Returns a redacted deep copy of `value` with the built-in rules plus `options`. For many
 * values, build a {@link createRedactor} once instead: it caches key decisions.
 */
export function redact(value: string, options?: RedactOptions | readonly string[]): string;
export function redact(value: unknown, options?: RedactOptions | readonly string[]): unknown;
export function redact(value: unknown, options?: RedactOptions | readonly string[]): unknown {
  return createRedactor(options).redact(value);
}
