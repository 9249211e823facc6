import { LoggerOptionError } from './errors.js';

const PINO_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Environment variables the default level is read from. */
export type LevelEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * Resolves the level: the `level` option, else `LOG_LEVEL`, else `info` when
 * `NODE_ENV=production`, else `debug`. Throws a {@link LoggerOptionError} naming `level` (or
 * `LOG_LEVEL`) when the value is not a known level.
 */
export function resolveLevel(
  level: unknown,
  env: LevelEnvironment,
  customLevels: readonly string[] = [],
): string {
  const accepted = [...PINO_LEVELS, ...customLevels];
  if (level !== undefined) {
    if (typeof level !== 'string' || !accepted.includes(level)) {
      throw new LoggerOptionError(
        'level',
        `must be one of ${accepted.join(', ')}; got ${JSON.stringify(level)}`,
      );
    }
    return level;
  }
  const fromEnv = env.LOG_LEVEL?.trim();
  if (fromEnv) {
    const normalised = accepted.includes(fromEnv) ? fromEnv : fromEnv.toLowerCase();
    if (!accepted.includes(normalised)) {
      throw new LoggerOptionError(
        'LOG_LEVEL',
        `(environment) must be one of ${accepted.join(', ')}; got "${fromEnv}"`,
      );
    }
    return normalised;
  }
  return env.NODE_ENV === 'production' ? 'info' : 'debug';
}
