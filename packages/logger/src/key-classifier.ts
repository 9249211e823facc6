import { type KeyRuleDefinition, normalizeKey } from './key-rules.js';

/** Result of classifying a key: not sensitive, or the rule index and how strictly it matched. */
export const KEY_NOT_SENSITIVE = -1;
const NEEDS_PARENT = -2;
const CACHE_LIMIT = 4096;

/**
 * Classifies object keys against compiled key rules. Results are memoised per instance (bounded),
 * so a logger pays for normalisation once per distinct key rather than once per line.
 * A result `r >= 0` means rule `r >> 1`; `(r & 1) === 1` means every value type is censored,
 * otherwise numbers, booleans and null are kept.
 */
export interface KeyClassifier {
  classify(key: string, parentKey: string | null | undefined): number;
}

interface ScopedEntry {
  readonly rule: number;
  readonly parents: ReadonlySet<string> | undefined;
  readonly exceptParents: ReadonlySet<string> | undefined;
}

interface Matcher {
  readonly exact: ReadonlyMap<string, number>;
  readonly contains: readonly (readonly [string, number])[];
  readonly prefixes: readonly (readonly [string, number])[];
  readonly suffixes: readonly (readonly [string, number])[];
  readonly scoped: ReadonlyMap<string, ScopedEntry>;
}

function compile(
  rules: readonly KeyRuleDefinition[],
  customIndex: number,
  custom: readonly string[],
) {
  const exact = new Map<string, number>();
  const contains: (readonly [string, number])[] = [];
  const prefixes: (readonly [string, number])[] = [];
  const suffixes: (readonly [string, number])[] = [];
  const scoped = new Map<string, ScopedEntry>();
  rules.forEach((rule, index) => {
    for (const key of rule.exact ?? []) exact.set(key, index * 2 + 1);
    for (const part of rule.contains ?? []) contains.push([part, index * 2]);
    if (rule.scoped) {
      const entry: ScopedEntry = {
        rule: index * 2 + 1,
        parents: rule.scoped.parents && new Set(rule.scoped.parents),
        exceptParents: rule.scoped.exceptParents && new Set(rule.scoped.exceptParents),
      };
      for (const key of rule.scoped.keys) scoped.set(key, entry);
    }
  });
  // Custom keys censor every value type: the user asked for exactly these keys.
  const code = customIndex * 2 + 1;
  for (const pattern of custom) {
    const starts = pattern.startsWith('*');
    const ends = pattern.endsWith('*') && pattern.length > 1;
    const core = normalizeKey(pattern.slice(starts ? 1 : 0, ends ? -1 : undefined));
    if (starts && ends) contains.push([core, code]);
    else if (starts) suffixes.push([core, code]);
    else if (ends) prefixes.push([core, code]);
    else exact.set(core, code);
  }
  return { exact, contains, prefixes, suffixes, scoped } satisfies Matcher;
}

function match(m: Matcher, key: string): number {
  const exact = m.exact.get(key);
  if (exact !== undefined) return exact;
  if (m.scoped.has(key)) return NEEDS_PARENT;
  for (const [part, code] of m.prefixes) if (key.startsWith(part)) return code;
  for (const [part, code] of m.suffixes) if (key.endsWith(part)) return code;
  for (const [part, code] of m.contains) if (key.includes(part)) return code;
  return KEY_NOT_SENSITIVE;
}

function matchScoped(entry: ScopedEntry, parentKey: string | null | undefined): number {
  // null: no structure at all (a `key=value` inside text), so context-dependent keys never match.
  if (parentKey === null) return KEY_NOT_SENSITIVE;
  if (parentKey === undefined) return entry.parents ? KEY_NOT_SENSITIVE : entry.rule;
  let parent = normalizeKey(parentKey);
  // `customers[0].name` is scoped by `customers`.
  if (parent.length > 1 && parent.endsWith('s')) parent = parent.slice(0, -1);
  if (entry.parents && !entry.parents.has(parent)) return KEY_NOT_SENSITIVE;
  if (entry.exceptParents?.has(parent)) return KEY_NOT_SENSITIVE;
  return entry.rule;
}

/**
 * Builds a classifier for `rules` plus `customKeys` (which report as rule index
 * `rules.length`). Custom keys accept a leading and/or trailing `*` for suffix, prefix or
 * substring matches.
 */
export function createKeyClassifier(
  rules: readonly KeyRuleDefinition[],
  customKeys: readonly string[],
): KeyClassifier {
  const matcher = compile(rules, rules.length, customKeys);
  const cache = new Map<string, number>();
  const scopedCache = new Map<string, Map<string | null | undefined, number>>();
  return {
    classify(key, parentKey) {
      let code = cache.get(key);
      if (code === undefined) {
        code = match(matcher, normalizeKey(key));
        if (cache.size < CACHE_LIMIT) cache.set(key, code);
      }
      if (code !== NEEDS_PARENT) return code;
      let byParent = scopedCache.get(key);
      let scoped = byParent?.get(parentKey);
      if (scoped !== undefined) return scoped;
      const entry = matcher.scoped.get(normalizeKey(key));
      scoped = entry ? matchScoped(entry, parentKey) : KEY_NOT_SENSITIVE;
      if (byParent === undefined && scopedCache.size < CACHE_LIMIT) {
        byParent = new Map();
        scopedCache.set(key, byParent);
      }
      if (byParent !== undefined && byParent.size < CACHE_LIMIT) byParent.set(parentKey, scoped);
      return scoped;
    },
  };
}
