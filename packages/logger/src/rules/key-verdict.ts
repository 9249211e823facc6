/**
 * What a sensitive key does to the value under it. One frozen object per rule and kind, built
 * when the rules are compiled, so classifying allocates nothing.
 */
export interface KeyVerdict {
  /** Index of the rule that matched in the rules the classifier was built from (`rules.length`: a custom key). */
  readonly rule: number;
  /** The whole key names the secret: numbers, booleans and `null` under it are censored too. */
  readonly strict: boolean;
  /** Only sometimes a secret (`session`, `auth`): objects and arrays under it are walked, strings censored. */
  readonly walksObjects: boolean;
  /** Censors a string only when it is shaped like a token (`SONAR_LOGIN`). */
  readonly tokenShapedOnly: boolean;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_.~+/-]{16,}={0,2}$/;

/** Whether the value under a sensitive key is censored (true) or walked like any value (false). */
export function censorsValue(verdict: KeyVerdict, value: unknown): boolean {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    return verdict.strict;
  }
  if (typeof value === 'object') return !verdict.walksObjects;
  if (verdict.tokenShapedOnly) {
    return typeof value === 'string' && TOKEN_SHAPE.test(value) && /\d/.test(value);
  }
  return true;
}

/** The verdicts rule number `rule` can give, by kind. */
export function verdictsFor(rule: number) {
  const make = (strict: boolean, walksObjects: boolean, tokenShapedOnly: boolean): KeyVerdict =>
    Object.freeze({ rule, strict, walksObjects, tokenShapedOnly });
  const strict = make(true, false, false);
  const tokenOnly = make(false, false, true);
  return {
    strict,
    word: { part: make(false, false, false), whole: strict },
    sometimes: { part: make(false, true, false), whole: make(true, true, false) },
    // A token-shaped-only word stays token-shaped-only as the whole key (`login`).
    tokenOnly: { part: tokenOnly, whole: tokenOnly },
  };
}
