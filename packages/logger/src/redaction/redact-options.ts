import type { Meter } from '@opentelemetry/api';
import { LoggerOptionError } from '../errors.js';
import { KEY_RULE_NAMES, type KeyRuleName } from '../rules/key-rules.js';
import { STRING_RULE_NAMES, type StringRuleName } from '../rules/string-rules.js';
import {
  integerOption,
  objectOption,
  oneOfOption,
  optionsObject,
  stringListOption,
  stringOption,
  withDefaults,
} from '../validate.js';

/** Name of any built-in rule, as accepted by `redact.disable` and reported in metrics. */
export type RedactRuleName = KeyRuleName | StringRuleName;

/** A custom pattern searched for inside every string. */
export interface RedactPattern {
  /** Rule name reported in the redactions metric (`[a-z0-9_.:-]`, ≤ 64 chars). */
  readonly name: string;
  /**
   * What to find. The whole match is censored, or only the named group `secret` when the pattern
   * has one (`/order_secret=(?<secret>\w+)/` keeps `order_secret=`). The global flag is added.
   */
  readonly pattern: RegExp;
  /** A substring every match contains; strings without it skip the pattern (much faster). */
  readonly hint?: string;
}

/** What to redact and how. Every field is optional; built-in rules are on by default. */
export interface RedactOptions {
  /**
   * Extra sensitive keys, matched case- and separator-insensitively at any depth. A leading or
   * trailing `*` matches a suffix, prefix or substring: `['customerRef', '*internal*']`.
   * @default []
   */
  readonly keys?: readonly string[];
  /** Extra patterns searched for inside strings. @default [] */
  readonly patterns?: readonly RedactPattern[];
  /** Built-in rules to switch off, e.g. `['key:postal-code', 'phone']`. @default [] */
  readonly disable?: readonly RedactRuleName[];
  /** Text that replaces each redacted value or part of a string. @default '[REDACTED]' */
  readonly censor?: string;
  /** Objects nested deeper than this become `'[Object]'` / `'[Array]'`. @default 10 */
  readonly maxDepth?: number;
  /** Longer strings are cut to this many characters before scanning. @default 32768 */
  readonly maxStringLength?: number;
  /** Keys per object / items per array kept; the rest is summarised. @default 1000 */
  readonly maxCollectionSize?: number;
  /**
   * Longer object and Map keys are cut to this many characters (then scanned by the string
   * rules, like every key). @default 256
   */
  readonly maxKeyLength?: number;
  /** Values visited per call before the rest becomes `'[Truncated]'`. @default 20000 */
  readonly maxNodes?: number;
  /**
   * Meter that receives the `preflight.logger.redactions` counter.
   * @default metrics.getMeter('@preflight/logger') from `@opentelemetry/api`, looked up when a
   * redaction is counted, so an SDK registered later is used (no-op without SDK)
   */
  readonly meter?: Meter;
}

/** {@link RedactOptions} with every default filled in. */
export interface RedactConfig {
  readonly keys: readonly string[];
  readonly patterns: readonly RedactPattern[];
  readonly disable: ReadonlySet<string>;
  readonly censor: string;
  readonly maxDepth: number;
  readonly maxStringLength: number;
  readonly maxCollectionSize: number;
  readonly maxKeyLength: number;
  readonly maxNodes: number;
  readonly meter: Meter | undefined;
}

const DEFAULTS = {
  keys: [],
  patterns: [],
  disable: [],
  censor: '[REDACTED]',
  maxDepth: 10,
  maxStringLength: 32_768,
  maxCollectionSize: 1000,
  maxKeyLength: 256,
  maxNodes: 20_000,
  meter: undefined,
} as const satisfies { readonly [K in keyof Required<RedactOptions>]: unknown };

const ALL_RULES: readonly string[] = [...KEY_RULE_NAMES, ...STRING_RULE_NAMES];
const PATTERN_NAME = /^[a-z0-9][a-z0-9_.:-]{0,63}$/i;

/** A key name, optionally with `*` at either end, that is more than `*`s. */
const isKeyName = (key: string) => key.replace(/\*/g, '') !== '';

function patternOption(path: string, value: unknown): RedactPattern {
  const p = objectOption<Partial<RedactPattern>>(path, value, {
    what: 'an object { name, pattern, hint? }',
  });
  const name = stringOption(`${path}.name`, p.name, {
    pattern: PATTERN_NAME,
    what: 'a string matching /^[a-z0-9][a-z0-9_.:-]{0,63}$/i (it becomes a metric attribute)',
  });
  if (!(p.pattern instanceof RegExp))
    throw new LoggerOptionError(`${path}.pattern`, 'must be a RegExp', p.pattern);
  const flags = p.pattern.flags.includes('g') ? p.pattern.flags : `${p.pattern.flags}g`;
  const compiled = new RegExp(p.pattern.source, flags.replace('y', ''));
  if (new RegExp(p.pattern.source, p.pattern.flags.replace(/[gy]/g, '')).test('')) {
    throw new LoggerOptionError(`${path}.pattern`, 'must not match the empty string', p.pattern);
  }
  if (p.hint === undefined) return { name, pattern: compiled };
  const hint = stringOption(`${path}.hint`, p.hint, { blank: true });
  return { name, pattern: compiled, hint };
}

/** A pino path (`a.b`, `a["x-y"]`, `*.secret`, `*`); any other string is one of our key names. */
export function isPath(entry: unknown): entry is string {
  return typeof entry === 'string' && (entry === '*' || /[.[\]]/.test(entry));
}

/**
 * Validates `options` (an array is shorthand for `{ keys }`) and fills defaults. Throws a
 * {@link LoggerOptionError} naming the option for anything invalid, including unknown fields.
 */
export function resolveRedactConfig(
  options: RedactOptions | readonly string[] | undefined,
  path = 'redact',
): RedactConfig {
  if (options === undefined) return { ...DEFAULTS, disable: new Set() };
  if (Array.isArray(options)) {
    // pino's array form is paths; a standalone redactor cannot apply them, so say so.
    const at = options.findIndex(isPath);
    if (at >= 0) {
      throw new LoggerOptionError(
        `${path}[${at}]`,
        `is a pino path (${JSON.stringify(options[at])}), which only createLogger() applies; pass key names as { keys: [...] }`,
      );
    }
    return resolveRedactConfig({ keys: options as readonly string[] }, path);
  }
  objectOption(path, options, { what: 'an object of redact options or an array of keys' });
  for (const field of ['paths', 'remove']) {
    if (Object.hasOwn(options, field)) {
      throw new LoggerOptionError(
        `${path}.${field}`,
        'is pino path redaction, which only createLogger() applies (pino does it while writing)',
      );
    }
  }
  const o = withDefaults(DEFAULTS, optionsObject<RedactOptions>(path, options, DEFAULTS));
  const disable = stringListOption(`${path}.disable`, o.disable, 'an array of rule names');
  // The wording lists the rule names after `accepted:`, as the rest of the package's lists.
  const rule = `an accepted value; accepted: ${ALL_RULES.join(', ')}`;
  for (const name of disable) oneOfOption(`${path}.disable`, name, ALL_RULES, rule);
  const patterns = o.patterns;
  if (!Array.isArray(patterns))
    throw new LoggerOptionError(`${path}.patterns`, 'must be an array', patterns);
  const meter = o.meter as Meter | undefined;
  return {
    keys: stringListOption(`${path}.keys`, o.keys, 'an array of non-empty strings', isKeyName),
    patterns: patterns.map((p, i) => patternOption(`${path}.patterns[${i}]`, p)),
    disable: new Set(disable),
    censor: stringOption(`${path}.censor`, o.censor, { empty: true, blank: true, maxLength: 256 }),
    maxDepth: integerOption(`${path}.maxDepth`, o.maxDepth, { min: 1, max: 1000 }),
    maxStringLength: integerOption(`${path}.maxStringLength`, o.maxStringLength, {
      min: 64,
      max: 1 << 28,
    }),
    maxCollectionSize: integerOption(`${path}.maxCollectionSize`, o.maxCollectionSize, {
      min: 1,
      max: 1 << 24,
    }),
    maxKeyLength: integerOption(`${path}.maxKeyLength`, o.maxKeyLength, { min: 16, max: 1 << 20 }),
    maxNodes: integerOption(`${path}.maxNodes`, o.maxNodes, { min: 1, max: 1 << 28 }),
    meter:
      meter === undefined
        ? undefined
        : objectOption<Meter>(`${path}.meter`, meter, {
            what: 'an OpenTelemetry Meter',
            methods: ['createCounter'],
          }),
  };
}
