import { compileKeyRules, matchKey, matchScoped, NEEDS_PARENT } from './key-matcher.js';
import { type KeyRuleDefinition, normalizeKey } from './key-rules.js';
import type { KeyVerdict } from './key-verdict.js';

/**
 * Classifies object keys against compiled key rules: `undefined` for a key that is not
 * sensitive. Results are memoised per instance (bounded), so a logger pays for splitting a key
 * once per distinct key rather than once per line.
 */
export interface KeyClassifier {
  classify(key: string, parentKey: string | null | undefined): KeyVerdict | undefined;
}

const CACHE_LIMIT = 4096;
/** Cached for a key that is not sensitive (a Map miss is `undefined`). */
const NOT_SENSITIVE = null;

/**
 * Builds a classifier for `rules` plus `customKeys` (which report as rule index
 * `rules.length`). Custom keys accept a leading and/or trailing `*` for suffix, prefix or
 * substring matches of the normalized key.
 */
export function createKeyClassifier(
  rules: readonly KeyRuleDefinition[],
  customKeys: readonly string[],
): KeyClassifier {
  const matcher = compileKeyRules(rules, customKeys);
  const cache = new Map<string, KeyVerdict | typeof NEEDS_PARENT | typeof NOT_SENSITIVE>();
  const scopedCache = new Map<string, Map<string | null | undefined, KeyVerdict | null>>();
  return {
    classify(key, parentKey) {
      let cached = cache.get(key);
      if (cached === undefined) {
        cached = matchKey(matcher, key) ?? NOT_SENSITIVE;
        if (cache.size < CACHE_LIMIT) cache.set(key, cached);
      }
      if (cached !== NEEDS_PARENT) return cached ?? undefined;
      let byParent = scopedCache.get(key);
      const known = byParent?.get(parentKey);
      if (known !== undefined) return known ?? undefined;
      const entry = matcher.scoped.get(normalizeKey(key));
      const verdict = (entry ? matchScoped(entry, parentKey) : undefined) ?? NOT_SENSITIVE;
      if (byParent === undefined && scopedCache.size < CACHE_LIMIT) {
        byParent = new Map();
        scopedCache.set(key, byParent);
      }
      if (byParent !== undefined && byParent.size < CACHE_LIMIT) byParent.set(parentKey, verdict);
      return verdict ?? undefined;
    },
  };
}
