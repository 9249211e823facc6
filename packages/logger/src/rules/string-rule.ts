/** Mutable tally a rule bumps once per replacement. */
export interface HitTally {
  hits: number;
}

/** A rule that finds sensitive parts of a string and replaces only those parts. */
export interface StringRule {
  readonly name: string;
  /** Cheap pre-filter on the `scanFeatures` bits; false means the rule cannot match. */
  applies(features: number, s: string): boolean;
  /** Returns `s` with every sensitive part replaced by `censor`, counting into `tally`. */
  apply(s: string, censor: string, tally: HitTally): string;
}

/** Decides whether `key = value` found inside a string must be censored (wired to key rules). */
export type SensitiveKeyValue = (key: string, value: string) => boolean;

/** Replaces each match of the global `re` for which `check` holds by `censor`. */
export function replaceChecked(
  re: RegExp,
  s: string,
  censor: string,
  tally: HitTally,
  check: (match: string, offset: number) => boolean,
): string {
  return s.replace(re, (match: string, ...rest: unknown[]) => {
    // The offset is the argument after the capture groups (before the input string).
    const offset = rest[rest.length - 2] as number;
    if (!check(match, offset)) return match;
    tally.hits++;
    return censor;
  });
}

/** Number of ASCII digits in `s`. */
export function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** True when `s` is long and mixes letters and digits, like a generated credential. */
export function looksGenerated(s: string, minLength = 20): boolean {
  return s.length >= minLength && /[0-9]/.test(s) && /[A-Za-z]/.test(s);
}
