import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * True when `expected` equals one of `candidates`, compared in constant time for equal lengths
 * (the length of a MAC is public, so unequal lengths may short-circuit).
 */
export function matchesAny(expected: Buffer, candidates: readonly Buffer[]): boolean {
  let matched = false;
  for (const candidate of candidates) {
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected))
      matched = true;
  }
  return matched;
}

/**
 * True when the HMAC of `content` under one of `keys` equals one of `candidates`. Every key is
 * tried (no early exit), so the time taken does not tell which secret of a rotation matched.
 */
export function hmacMatches(
  algorithm: string,
  keys: readonly Buffer[],
  content: Buffer | string,
  candidates: readonly Buffer[],
): boolean {
  let ok = false;
  for (const key of keys) {
    if (matchesAny(createHmac(algorithm, key).update(content).digest(), candidates)) ok = true;
  }
  return ok;
}
