// How a key is matched against the compiled key rules: exact keys, custom patterns, the
// sensitive words of a key split on case and separators, and keys scoped by their parent.

import {
  DESCRIPTOR_WORDS,
  type KeyRuleDefinition,
  NEUTRAL_KEY_QUALIFIERS,
  NOT_SENSITIVE_WORDS,
  normalizeKey,
  QUALIFIED_KEY_RULE,
  VALUE_WORDS,
} from './key-rules.js';
import { type KeyVerdict, verdictsFor } from './key-verdict.js';

/** What {@link matchKey} gives for a key whose verdict depends on its parent (`name` under `customer`). */
export const NEEDS_PARENT = Symbol('needs parent');

export interface ScopedEntry {
  readonly verdict: KeyVerdict;
  readonly parents: ReadonlySet<string> | undefined;
  readonly exceptParents: ReadonlySet<string> | undefined;
}

/** A sensitive word's verdict inside a longer key, and when it is the whole key. */
interface WordMatch {
  readonly part: KeyVerdict;
  readonly whole: KeyVerdict;
}

export interface Matcher {
  readonly exact: ReadonlyMap<string, KeyVerdict>;
  /** Word or run of words → its verdicts. */
  readonly words: ReadonlyMap<string, WordMatch>;
  /** `*word` endings: [ending, verdict]. */
  readonly endings: readonly (readonly [string, KeyVerdict])[];
  readonly qualifiedKey: KeyVerdict | undefined;
  readonly custom: {
    readonly prefixes: readonly string[];
    readonly suffixes: readonly string[];
    readonly contains: readonly string[];
    readonly verdict: KeyVerdict;
  };
  readonly scoped: ReadonlyMap<string, ScopedEntry>;
}

export function compileKeyRules(
  rules: readonly KeyRuleDefinition[],
  custom: readonly string[],
): Matcher {
  const exact = new Map<string, KeyVerdict>();
  const words = new Map<string, WordMatch>();
  const endings: (readonly [string, KeyVerdict])[] = [];
  const scoped = new Map<string, ScopedEntry>();
  let qualifiedKey: KeyVerdict | undefined;
  rules.forEach((rule, index) => {
    const v = verdictsFor(index);
    if (rule.name === QUALIFIED_KEY_RULE) qualifiedKey = v.word.part;
    for (const key of rule.exact ?? []) exact.set(key, v.strict);
    for (const word of rule.words ?? []) {
      if (word.startsWith('*')) endings.push([word.slice(1), v.word.part]);
      words.set(word.replace('*', ''), v.word);
    }
    for (const word of rule.sometimes ?? []) words.set(word, v.sometimes);
    for (const word of rule.tokenOnly ?? []) words.set(word, v.tokenOnly);
    if (rule.scoped) {
      const entry: ScopedEntry = {
        verdict: v.strict,
        parents: rule.scoped.parents && new Set(rule.scoped.parents),
        exceptParents: rule.scoped.exceptParents && new Set(rule.scoped.exceptParents),
      };
      for (const key of rule.scoped.keys) scoped.set(key, entry);
    }
  });
  // Custom keys censor every value type: the user asked for exactly these keys.
  const customVerdict = verdictsFor(rules.length).strict;
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const contains: string[] = [];
  for (const pattern of custom) {
    const starts = pattern.startsWith('*');
    const ends = pattern.endsWith('*') && pattern.length > 1;
    const core = normalizeKey(pattern.slice(starts ? 1 : 0, ends ? -1 : undefined));
    if (starts && ends) contains.push(core);
    else if (starts) suffixes.push(core);
    else if (ends) prefixes.push(core);
    else exact.set(core, customVerdict);
  }
  return {
    exact,
    words,
    endings,
    qualifiedKey,
    custom: { prefixes, suffixes, contains, verdict: customVerdict },
    scoped,
  };
}

/**
 * Upper-case runs (`HTTP`, `KEY`), capitalised or lower-case words (`Header`, `api`) and digit
 * runs; everything else (`_`, `-`, `.`, `:`, spaces, other scripts) separates words.
 */
const WORD = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;

/**
 * Splits a key into lower-case words on case changes and separators, so rules can match whole
 * words: `credentialsId` → `credentials id`, `HTTPHeader` → `http header`, `_authToken` →
 * `auth token`, `X-API-KEY` → `x api key`.
 */
function splitKeyWords(key: string): string[] {
  const words = key.match(WORD);
  if (words === null) return [];
  for (let i = 0; i < words.length; i++) words[i] = (words[i] as string).toLowerCase();
  return words;
}

/** Verdict of the sensitive word (or run of words) ending at `words[j]`, if any. */
function wordAt(
  m: Matcher,
  words: readonly string[],
  j: number,
  last: number,
): KeyVerdict | undefined {
  let run = '';
  for (let i = j; i >= 0 && i >= j - 3; i--) {
    run = (words[i] as string) + run;
    const match = m.words.get(run);
    if (match !== undefined) return i === 0 && j === last ? match.whole : match.part;
  }
  const word = words[j] as string;
  if (!NOT_SENSITIVE_WORDS.has(word)) {
    for (const [ending, verdict] of m.endings) {
      // One word written without separators: `clientsecret`, `phonenumber`, `passwordhash`.
      const at = word.lastIndexOf(ending);
      if (at < 0) continue;
      const rest = word.slice(at + ending.length);
      if (rest === '' || VALUE_WORDS.has(rest)) return verdict;
    }
  }
  // `HEROKU_KEY`, `hubspotKey`: a final `key` after a word that does not make it ordinary.
  if (
    word === 'key' &&
    j === last &&
    j > 0 &&
    !NEUTRAL_KEY_QUALIFIERS.has(words[j - 1] as string)
  ) {
    return m.qualifiedKey;
  }
  return undefined;
}

function matchWords(m: Matcher, words: readonly string[]): KeyVerdict | undefined {
  let last = words.length - 1;
  // Trailing numbers do not change what a key holds (`password2`, `address_line1`).
  while (last > 0 && /^\d+$/.test(words[last] as string)) last--;
  for (let j = last; j >= 0; j--) {
    const verdict = wordAt(m, words, j, last);
    if (verdict === undefined) continue;
    for (let k = j + 1; k <= last; k++) {
      if (DESCRIPTOR_WORDS.has(words[k] as string)) return undefined;
    }
    return verdict;
  }
  return undefined;
}

/** The key's verdict, or NEEDS_PARENT when it depends on the parent key. */
export function matchKey(m: Matcher, key: string): KeyVerdict | typeof NEEDS_PARENT | undefined {
  const normalized = normalizeKey(key);
  const exact = m.exact.get(normalized);
  if (exact !== undefined) return exact;
  if (m.scoped.has(normalized)) return NEEDS_PARENT;
  const { custom } = m;
  for (const part of custom.prefixes) if (normalized.startsWith(part)) return custom.verdict;
  for (const part of custom.suffixes) if (normalized.endsWith(part)) return custom.verdict;
  for (const part of custom.contains) if (normalized.includes(part)) return custom.verdict;
  return matchWords(m, splitKeyWords(key));
}

export function matchScoped(
  entry: ScopedEntry,
  parentKey: string | null | undefined,
): KeyVerdict | undefined {
  // null: no structure at all (a `key=value` inside text), so context-dependent keys never match.
  if (parentKey === null) return undefined;
  if (parentKey === undefined) return entry.parents ? undefined : entry.verdict;
  let parent = normalizeKey(parentKey);
  // `customers[0].name` is scoped by `customers`.
  if (parent.length > 1 && parent.endsWith('s')) parent = parent.slice(0, -1);
  if (entry.parents && !entry.parents.has(parent)) return undefined;
  if (entry.exceptParents?.has(parent)) return undefined;
  return entry.verdict;
}
