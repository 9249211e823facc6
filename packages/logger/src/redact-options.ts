import type { Meter } from '@opentelemetry/api';
import { LoggerOptionError } from './errors.js';
import { KEY_RULE_NAMES, type KeyRuleName } from './key-rules.js';
import { STRING_RULE_NAMES, type StringRuleName } from './string-rules.js';

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
} as const;

const ALL_RULES: readonly string[] = [...KEY_RULE_NAMES, ...STRING_RULE_NAMES];
const PATTERN_NAME = /^[a-z0-9][a-z0-9_.:-]{0,63}$/i;

function integer(path: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new LoggerOptionError(
      path,
      `must be an integer from ${min} to ${max}, got ${String(value)}`,
    );
  }
  return value;
}

function stringList(path: string, value: unknown): readonly string[] {
  if (
    !Array.isArray(value) ||
    value.some((k) => typeof k !== 'string' || k.replace(/\*/g, '') === '')
  ) {
    throw new LoggerOptionError(path, 'must be an array of non-empty strings');
  }
  return value as string[];
}

function pattern(path: string, value: unknown): RedactPattern {
  const p = value as Partial<RedactPattern> | null;
  if (typeof p !== 'object' || p === null)
    throw new LoggerOptionError(path, 'must be an object { name, pattern, hint? }');
  if (typeof p.name !== 'string' || !PATTERN_NAME.test(p.name)) {
    throw new LoggerOptionError(
      `${path}.name`,
      'must match /^[a-z0-9][a-z0-9_.:-]{0,63}$/i (it becomes a metric attribute)',
    );
  }
  if (!(p.pattern instanceof RegExp))
    throw new LoggerOptionError(`${path}.pattern`, 'must be a RegExp');
  const flags = p.pattern.flags.includes('g') ? p.pattern.flags : `${p.pattern.flags}g`;
  const compiled = new RegExp(p.pattern.source, flags.replace('y', ''));
  if (new RegExp(p.pattern.source, p.pattern.flags.replace(/[gy]/g, '')).test('')) {
    throw new LoggerOptionError(`${path}.pattern`, 'must not match the empty string');
  }
  if (p.hint !== undefined && (typeof p.hint !== 'string' || p.hint === '')) {
    throw new LoggerOptionError(`${path}.hint`, 'must be a non-empty string when given');
  }
  return p.hint === undefined
    ? { name: p.name, pattern: compiled }
    : { name: p.name, pattern: compiled, hint: p.hint };
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
    const at = options.findIndex((k) => typeof k === 'string' && (k === '*' || /[.[\]]/.test(k)));
    if (at >= 0) {
      throw new LoggerOptionError(
        `${path}[${at}]`,
        `is a pino path (${JSON.stringify(options[at])}), which only createLogger() applies; pass key names as { keys: [...] }`,
      );
    }
    return resolveRedactConfig({ keys: options as readonly string[] }, path);
  }
  if (typeof options !== 'object' || options === null) {
    throw new LoggerOptionError(path, 'must be an object of redact options or an array of keys');
  }
  const o = options as RedactOptions;
  for (const field of Object.keys(o)) {
    if (field === 'paths' || field === 'remove') {
      throw new LoggerOptionError(
        `${path}.${field}`,
        'is pino path redaction, which only createLogger() applies (pino does it while writing)',
      );
    }
    if (!(field in DEFAULTS)) {
      throw new LoggerOptionError(
        `${path}.${field}`,
        `is not a redact option; accepted: ${Object.keys(DEFAULTS).join(', ')}`,
      );
    }
  }
  const disable = stringList(`${path}.disable`, o.disable ?? DEFAULTS.disable);
  for (const name of disable) {
    if (!ALL_RULES.includes(name)) {
      throw new LoggerOptionError(
        `${path}.disable`,
        `has unknown rule "${name}"; accepted: ${ALL_RULES.join(', ')}`,
      );
    }
  }
  const censor = o.censor ?? DEFAULTS.censor;
  if (typeof censor !== 'string' || censor.length > 256) {
    throw new LoggerOptionError(`${path}.censor`, 'must be a string of at most 256 characters');
  }
  const patterns = o.patterns ?? DEFAULTS.patterns;
  if (!Array.isArray(patterns)) throw new LoggerOptionError(`${path}.patterns`, 'must be an array');
  const meter = o.meter ?? DEFAULTS.meter;
  if (meter !== undefined && typeof (meter as Meter).createCounter !== 'function') {
    throw new LoggerOptionError(`${path}.meter`, 'must be an OpenTelemetry Meter');
  }
  return {
    keys: stringList(`${path}.keys`, o.keys ?? DEFAULTS.keys),
    patterns: patterns.map((p, i) => pattern(`${path}.patterns[${i}]`, p)),
    disable: new Set(disable),
    censor,
    maxDepth: integer(`${path}.maxDepth`, o.maxDepth ?? DEFAULTS.maxDepth, 1, 1000),
    maxStringLength: integer(
      `${path}.maxStringLength`,
      o.maxStringLength ?? DEFAULTS.maxStringLength,
      64,
      1 << 28,
    ),
    maxCollectionSize: integer(
      `${path}.maxCollectionSize`,
      o.maxCollectionSize ?? DEFAULTS.maxCollectionSize,
      1,
      1 << 24,
    ),
    maxKeyLength: integer(
      `${path}.maxKeyLength`,
      o.maxKeyLength ?? DEFAULTS.maxKeyLength,
      16,
      1 << 20,
    ),
    maxNodes: integer(`${path}.maxNodes`, o.maxNodes ?? DEFAULTS.maxNodes, 1, 1 << 28),
    meter,
  };
}
