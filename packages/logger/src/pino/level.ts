import { pino } from 'pino';
import { LoggerOptionError } from '../errors.js';

const PINO_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Environment variables the default level is read from. */
export type LevelEnvironment = Readonly<Record<string, string | undefined>>;

/** Custom levels as pino takes them, `{ audit: 35 }`. */
export type CustomLevels = Readonly<Record<string, number>> | undefined;

/**
 * The label pino would use for `level`, or `undefined`: labels are exact, the built-in ones
 * case-insensitive (pino lowercases `'INFO'`), numbers map to their label (`30`, a custom
 * level's number, `Infinity` for `silent`).
 */
function labelFor(level: unknown, custom: CustomLevels, onlyCustom: boolean): string | undefined {
  const builtIn: readonly string[] = onlyCustom ? ['silent'] : PINO_LEVELS;
  if (typeof level === 'number') {
    if (level === Number.POSITIVE_INFINITY) return 'silent';
    const customLabel = Object.keys(custom ?? {}).find((k) => custom?.[k] === level);
    if (customLabel !== undefined) return customLabel;
    const label = pino.levels.labels[level];
    return label !== undefined && builtIn.includes(label) ? label : undefined;
  }
  if (typeof level !== 'string') return undefined;
  if (custom !== undefined && Object.hasOwn(custom, level)) return level;
  const lower = level.toLowerCase();
  return builtIn.includes(lower) ? lower : undefined;
}

function accepted(custom: CustomLevels, onlyCustom: boolean): string {
  return [...(onlyCustom ? ['silent'] : PINO_LEVELS), ...Object.keys(custom ?? {})].join(', ');
}

/**
 * Resolves the level: the `level` option, else `LOG_LEVEL`, else `info` when
 * `NODE_ENV=production`, else `debug`. Accepts what pino accepts (any case of a built-in label,
 * level numbers, custom levels, `Infinity`) and returns the label. Throws a
 * {@link LoggerOptionError} naming `level` (or `LOG_LEVEL`) when the value is not a known level.
 */
export function resolveLevel(
  level: unknown,
  env: LevelEnvironment,
  customLevels?: CustomLevels,
  useOnlyCustomLevels = false,
): string {
  if (level !== undefined) {
    const label = labelFor(level, customLevels, useOnlyCustomLevels);
    if (label === undefined) {
      throw new LoggerOptionError(
        'level',
        `must be one of ${accepted(customLevels, useOnlyCustomLevels)} (or a level number)`,
        level,
      );
    }
    return label;
  }
  const fromEnv = env.LOG_LEVEL?.trim();
  if (fromEnv) {
    const asNumber = /^\d+$/.test(fromEnv) ? Number(fromEnv) : fromEnv;
    const label = labelFor(asNumber, customLevels, useOnlyCustomLevels);
    if (label === undefined) {
      throw new LoggerOptionError(
        'LOG_LEVEL',
        `(environment) must be one of ${accepted(customLevels, useOnlyCustomLevels)}`,
        fromEnv,
      );
    }
    return label;
  }
  const fallback = env.NODE_ENV === 'production' ? 'info' : 'debug';
  if (labelFor(fallback, customLevels, useOnlyCustomLevels) === undefined) {
    throw new LoggerOptionError(
      'level',
      `must be set with useOnlyCustomLevels: the default "${fallback}" is not one of ${accepted(customLevels, useOnlyCustomLevels)}`,
    );
  }
  return fallback;
}
