import { type LoggerOptions, pino } from 'pino';
import { LoggerOptionError } from '../errors.js';
import { booleanOption, stringListOption } from '../validate.js';
import { isPath, type RedactOptions } from './redact-options.js';

/** pino's own `redact` option, `{ paths, censor, remove }`. */
export type PinoRedactOptions = Exclude<NonNullable<LoggerOptions['redact']>, readonly string[]>;

/** The `redact` option of {@link createLogger}: ours, pino's, or an array of either's entries. */
export type LoggerRedactOption =
  | (Omit<RedactOptions, 'censor'> &
      Partial<Pick<PinoRedactOptions, 'paths' | 'remove'>> & {
        /** Ours takes a string; a function (pino's form) censors only `paths`. */
        readonly censor?: string | ((value: unknown, path: string[]) => unknown);
      })
  | readonly string[];

/** The `redact` option split in two: our rules, and pino's paths (applied by pino itself). */
export interface SplitRedactOption {
  readonly ours: RedactOptions | undefined;
  readonly pino: PinoRedactOptions | undefined;
}

/** Builds a throwaway pino so an invalid path fails now, named, instead of at the first line. */
function checkPaths(redact: PinoRedactOptions, option: string): void {
  try {
    pino({ redact }, { write() {} });
  } catch (err) {
    throw new LoggerOptionError(option, `has an invalid pino path: ${(err as Error).message}`);
  }
}

/**
 * Splits `redact` so that a team migrating from pino keeps its path redaction on top of our
 * rules: array entries that are pino paths (`req.headers["x-internal-ref"]`, `*.secret`) and
 * `{ paths, remove }` go to pino's own redaction (fast-redact's successor, `@pinojs/redact`);
 * plain names stay our key names (matched at any depth: a superset of pino's top-level key).
 * A string `censor` applies to both; pino's function form only to `paths`.
 */
export function splitRedactOption(redact: LoggerRedactOption | undefined): SplitRedactOption {
  if (redact === undefined) return { ours: undefined, pino: undefined };
  if (Array.isArray(redact)) {
    const paths = redact.filter(isPath);
    const keys = redact.filter((entry) => !isPath(entry));
    if (paths.length === 0) return { ours: { keys }, pino: undefined };
    const censor = '[REDACTED]';
    checkPaths({ paths, censor }, 'redact');
    return { ours: { keys }, pino: { paths, censor } };
  }
  if (typeof redact !== 'object' || redact === null) {
    throw new LoggerOptionError(
      'redact',
      'must be an object of redact options or an array',
      redact,
    );
  }
  const { paths, remove, censor, ...ours } = redact as Exclude<
    LoggerRedactOption,
    readonly string[]
  >;
  const oursCensor = typeof censor === 'function' ? {} : { censor };
  if (paths === undefined) {
    if (remove !== undefined)
      throw new LoggerOptionError('redact.remove', 'only applies to redact.paths');
    return { ours: censor === undefined ? ours : { ...ours, ...oursCensor }, pino: undefined };
  }
  stringListOption('redact.paths', paths, 'an array of non-empty pino paths', (p) => p !== '');
  if (remove !== undefined) booleanOption('redact.remove', remove);
  const pinoRedact: PinoRedactOptions = {
    paths,
    censor: censor ?? '[REDACTED]',
    ...(remove === undefined ? {} : { remove }),
  };
  checkPaths(pinoRedact, 'redact.paths');
  return { ours: censor === undefined ? ours : { ...ours, ...oursCensor }, pino: pinoRedact };
}
