import type { RedactConfig } from '../redaction/redact-options.js';
import type { RedactionCounter } from '../redaction/redaction-counter.js';
import { digitCount, isKnownSafe, mayContainSensitive, scanFeatures } from './string-features.js';
import type { HitTally, SensitiveKeyValue, StringRule } from './string-rules.js';
import { createStringRules } from './string-rules.js';

const CLEAN_CACHE_SIZE = 2048;
const CLEAN_CACHE_MAX_LENGTH = 64;

/** Redacts the sensitive parts of one string; returns the input itself when nothing matched. */
export type StringRedactor = (s: string) => string;

function customRule(p: RedactConfig['patterns'][number]): StringRule {
  const { pattern, hint } = p;
  return {
    name: p.name,
    applies: (_f, s) => hint === undefined || s.includes(hint),
    apply: (s, censor, tally) =>
      s.replace(pattern, (match: string, ...rest: unknown[]) => {
        tally.hits++;
        const groups = rest[rest.length - 1];
        const secret =
          typeof groups === 'object' && groups !== null
            ? (groups as Record<string, string | undefined>).secret
            : undefined;
        return secret ? match.replace(secret, censor) : censor;
      }),
  };
}

/**
 * Builds the active string rules (built-ins minus `config.disable`, then `config.patterns`).
 * `firstRule` is the counter index of the first one; rules report to consecutive indexes.
 */
export function createStringRedactor(
  config: RedactConfig,
  sensitive: SensitiveKeyValue,
  counter: RedactionCounter,
  firstRule: number,
): { redactString: StringRedactor; ruleNames: readonly string[] } {
  const rules = [
    ...createStringRules(sensitive).filter((rule) => !config.disable.has(rule.name)),
    ...config.patterns.map(customRule),
  ];
  const { censor, maxStringLength } = config;
  const tally: HitTally = { hits: 0 };
  const onlyBuiltIns = config.patterns.length === 0;
  // Short strings found clean, so repeated values (event names, routes, hosts) are scanned once.
  // Bounded, cleared when full; a string that matched any rule is never kept.
  const clean = new Set<string>();

  function redactString(s: string): string {
    if (s.length < 6) return s;
    const input = s.length > maxStringLength ? s.slice(0, maxStringLength) : s;
    if (isKnownSafe(input)) return input === s ? s : truncated(input, s.length);
    const cacheable = s.length <= CLEAN_CACHE_MAX_LENGTH;
    if (cacheable && clean.has(s)) return s;
    const features = scanFeatures(input);
    let out = input;
    let hits = 0;
    if (!onlyBuiltIns || mayContainSensitive(features, input)) {
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i] as StringRule;
        if (!rule.applies(features, out)) continue;
        tally.hits = 0;
        out = rule.apply(out, censor, tally);
        if (tally.hits > 0) {
          counter.hit(firstRule + i, tally.hits);
          hits += tally.hits;
        }
      }
    }
    // Digit-rich strings are mostly unique ids; keeping them would only churn the memo.
    if (hits === 0 && cacheable && digitCount(features) <= 3) {
      if (clean.size >= CLEAN_CACHE_SIZE) clean.clear();
      clean.add(s);
    }
    return input === s ? out : truncated(out, s.length);
  }

  function truncated(prefix: string, length: number): string {
    return `${prefix}…[truncated ${length - maxStringLength} chars]`;
  }

  return { redactString, ruleNames: rules.map((rule) => rule.name) };
}
