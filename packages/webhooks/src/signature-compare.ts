import { timingSafeEqual } from 'node:crypto';

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
