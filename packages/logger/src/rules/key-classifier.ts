import {
  DESCRIPTOR_WORDS,
  type KeyRuleDefinition,
  NEUTRAL_KEY_QUALIFIERS,
  NOT_SENSITIVE_WORDS,
  normalizeKey,
  QUALIFIED_KEY_RULE,
  VALUE_WORDS,
} from './key-rules.js';

/** Result of classifying a key: not sensitive, or the rule index and how it matched. */
export const KEY_NOT_SENSITIVE = -1;
const NEEDS_PARENT = -2;
const CACHE_LIMIT = 4096;
/** Every value type is censored (the whole key names the secret): numbers, booleans, null too. */
const STRICT = 1;
/** Only sometimes a secret: objects and arrays under the key are walked, strings censored. */
const WALK_OBJECTS = 2;
/** Censors a string only when it is shaped like a token. */
const TOKEN_ONLY = 4;
const FLAG_BITS = 3;

/**
 * Classifies object keys against compiled key rules. Results are memoised per instance (bounded),
 * so a logger pays for splitting a key once per distinct key rather than once per line.
 * A result `r >= 0` names rule {@link keyRuleIndex}(r); {@link censorsValue} says what it does
 * to a value.
 */
export interface KeyClassifier {
  classify(key: string, parentKey: string | null | undefined): number;
}

/** Index (in the rules given to {@link createKeyClassifier}) of the rule behind a verdict. */
export function keyRuleIndex(code: number): number {
  return code >> FLAG_BITS;
}

/** True when a key verdict keeps literals such as `tokens_used: 12` (not a whole-key match). */
export function keepsLiterals(code: number): boolean {
  return (code & STRICT) === 0;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_.~+/-]{16,}={0,2}$/;

/** Whether the value under a sensitive key is censored (true) or walked like any value (false). */
export function censorsValue(code: number, value: unknown): boolean {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    return (code & STRICT) !== 0;
  }
  if (typeof value === 'object') return (code & WALK_OBJECTS) === 0;
  if ((code & TOKEN_ONLY) !== 0) {
    return typeof value === 'string' && TOKEN_SHAPE.test(value) && /\d/.test(value);
  }
  return true;
}

interface ScopedEntry {
  readonly rule: number;
  readonly parents: ReadonlySet<string> | undefined;
  readonly exceptParents: ReadonlySet<string> | undefined;
}

interface Matcher {
  readonly exact: ReadonlyMap<string, number>;
  /** Word or run of words → code (without STRICT). */
  readonly words: ReadonlyMap<string, number>;
  /** `*word` endings: [ending, code]. */
  readonly endings: readonly (readonly [string, number])[];
  readonly qualifiedKey: number;
  readonly custom: {
    readonly prefixes: readonly string[];
    readonly suffixes: readonly string[];
    readonly contains: readonly string[];
    readonly code: number;
  };
  readonly scoped: ReadonlyMap<string, ScopedEntry>;
}

function compile(rules: readonly KeyRuleDefinition[], custom: readonly string[]): Matcher {
  const exact = new Map<string, number>();
  const words = new Map<string, number>();
  const endings: (readonly [string, number])[] = [];
  const scoped = new Map<string, ScopedEntry>();
  let qualifiedKey = KEY_NOT_SENSITIVE;
  rules.forEach((rule, index) => {
    const code = index << FLAG_BITS;
    if (rule.name === QUALIFIED_KEY_RULE) qualifiedKey = code;
    for (const key of rule.exact ?? []) exact.set(key, code | STRICT);
    for (const word of rule.words ?? []) {
      if (word.startsWith('*')) endings.push([word.slice(1), code]);
      words.set(word.replace('*', ''), code);
    }
    for (const word of rule.sometimes ?? []) words.set(word, code | WALK_OBJECTS);
    for (const word of rule.tokenOnly ?? []) words.set(word, code | TOKEN_ONLY);
    if (rule.scoped) {
      const entry: ScopedEntry = {
        rule: code | STRICT,
        parents: rule.scoped.parents && new Set(rule.scoped.parents),
        exceptParents: rule.scoped.exceptParents && new Set(rule.scoped.exceptParents),
      };
      for (const key of rule.scoped.keys) scoped.set(key, entry);
    }
  });
  // Custom keys censor every value type: the user asked for exactly these keys.
  const customCode = (rules.length << FLAG_BITS) | STRICT;
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
    else exact.set(core, customCode);
  }
  return {
    exact,
    words,
    endings,
    qualifiedKey,
    custom: { prefixes, suffixes, contains, code: customCode },
    scoped,
  };
}

/** Code of the sensitive word (or run of words) ending at `words[j]`, else KEY_NOT_SENSITIVE. */
function wordAt(m: Matcher, words: readonly string[], j: number, last: number): number {
  let run = '';
  for (let i = j; i >= 0 && i >= j - 3; i--) {
    run = (words[i] as string) + run;
    const code = m.words.get(run);
    if (code !== undefined)
      return i === 0 && j === last && (code & TOKEN_ONLY) === 0 ? code | STRICT : code;
  }
  const word = words[j] as string;
  if (!NOT_SENSITIVE_WORDS.has(word)) {
    for (const [ending, code] of m.endings) {
      // One word written without separators: `clientsecret`, `phonenumber`, `passwordhash`.
      const at = word.lastIndexOf(ending);
      if (at < 0) continue;
      const rest = word.slice(at + ending.length);
      if (rest === '' || VALUE_WORDS.has(rest)) return code;
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
  return KEY_NOT_SENSITIVE;
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

function matchWords(m: Matcher, words: readonly string[]): number {
  let last = words.length - 1;
  // Trailing numbers do not change what a key holds (`password2`, `address_line1`).
  while (last > 0 && /^\d+$/.test(words[last] as string)) last--;
  for (let j = last; j >= 0; j--) {
    const code = wordAt(m, words, j, last);
    if (code === KEY_NOT_SENSITIVE) continue;
    for (let k = j + 1; k <= last; k++) {
      if (DESCRIPTOR_WORDS.has(words[k] as string)) return KEY_NOT_SENSITIVE;
    }
    return code;
  }
  return KEY_NOT_SENSITIVE;
}

function match(m: Matcher, key: string): number {
  const normalized = normalizeKey(key);
  const exact = m.exact.get(normalized);
  if (exact !== undefined) return exact;
  if (m.scoped.has(normalized)) return NEEDS_PARENT;
  const { custom } = m;
  for (const part of custom.prefixes) if (normalized.startsWith(part)) return custom.code;
  for (const part of custom.suffixes) if (normalized.endsWith(part)) return custom.code;
  for (const part of custom.contains) if (normalized.includes(part)) return custom.code;
  return matchWords(m, splitKeyWords(key));
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
 * substring matches of the normalized key.
 */
export function createKeyClassifier(
  rules: readonly KeyRuleDefinition[],
  customKeys: readonly string[],
): KeyClassifier {
  const matcher = compile(rules, customKeys);
  const cache = new Map<string, number>();
  const scopedCache = new Map<string, Map<string | null | undefined, number>>();
  return {
    classify(key, parentKey) {
      let code = cache.get(key);
      if (code === undefined) {
        code = match(matcher, key);
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
