/** What the budget headers seen so far imply for the next send. */
export interface BudgetWaits {
  /** Epoch ms until which a bucket the request may draw from is at 0 remaining (0 if none). */
  readonly exhaustedUntil: number;
  /** Spacing (ms) that spreads the scarcest low bucket over the rest of its window (0 if none). */
  readonly paceMs: number;
}

interface BucketLike {
  readonly name: string;
  readonly remaining: number | null;
  readonly resetAt: number | null;
  readonly low: boolean;
}

export const NO_WAIT: BudgetWaits = Object.freeze({ exhaustedUntil: 0, paceMs: 0 });

/** Folds buckets (only `only` when given) into the waits they impose at `now`. */
export function budgetWaits(
  buckets: Iterable<BucketLike>,
  now: number,
  only: string | undefined,
): BudgetWaits {
  let exhaustedUntil = 0;
  let paceMs = 0;
  for (const bucket of buckets) {
    if (only !== undefined && bucket.name !== only) continue;
    const { remaining, resetAt } = bucket;
    if (remaining === null || resetAt === null || resetAt <= now) continue;
    if (remaining === 0) exhaustedUntil = Math.max(exhaustedUntil, resetAt);
    else if (bucket.low) paceMs = Math.max(paceMs, (resetAt - now) / remaining);
  }
  return exhaustedUntil === 0 && paceMs === 0 ? NO_WAIT : { exhaustedUntil, paceMs };
}
