import { numberOption, optionsObject } from '../validate.js';

/**
 * Retry budget of a wrapper (Finagle `RetryBudget` / gRPC retry throttling style): a token
 * bucket that every call fills by `ratio` and every retry (other than after a 429) empties by
 * one, refilled by `minPerSecond` so a quiet upstream can still retry. Under a 100 % failure
 * rate, retries are held to about `ratio` per call plus `minPerSecond`, instead of multiplying
 * the partner's load by `maxAttempts`.
 */
export interface RetryBudgetOption {
  /**
   * Retries each call earns (0.2 = one retry per five calls).
   * @default 0.2
   */
  readonly ratio?: number | undefined;
  /**
   * Retries per second always allowed, whatever the traffic.
   * @default 1
   */
  readonly minPerSecond?: number | undefined;
  /**
   * Most retries saved up (the bucket's size; it starts full).
   * @default 10
   */
  readonly burst?: number | undefined;
}

export interface ResolvedRetryBudget {
  readonly ratio: number;
  readonly minPerSecond: number;
  readonly burst: number;
}

/** Every `retryBudget` key with its default; the known keys. */
export const RETRY_BUDGET_DEFAULTS = { ratio: 0.2, minPerSecond: 1, burst: 10 } as const satisfies {
  readonly [K in keyof Required<RetryBudgetOption>]: number;
};

/** `false` switches the budget off; `undefined` means the defaults. */
export function resolveRetryBudget(value: unknown): ResolvedRetryBudget | null {
  if (value === false) return null;
  const o = optionsObject<RetryBudgetOption>('retryBudget', value, RETRY_BUDGET_DEFAULTS, {
    what: '{ ratio, minPerSecond, burst } or false',
  });
  const { ratio, minPerSecond, burst } = RETRY_BUDGET_DEFAULTS;
  return {
    ratio: numberOption('retryBudget.ratio', o.ratio ?? ratio, { min: 0, max: 100 }),
    minPerSecond: numberOption('retryBudget.minPerSecond', o.minPerSecond ?? minPerSecond, {
      min: 0,
      max: 1_000_000,
    }),
    burst: numberOption('retryBudget.burst', o.burst ?? burst, { min: 1, max: 1_000_000 }),
  };
}

/** The wrapper's token bucket; without a budget every retry is allowed. */
export function createRetryBudget(budget: ResolvedRetryBudget | null, now: () => number) {
  if (budget === null) return { deposit: () => undefined, withdraw: () => true };
  const { ratio, minPerSecond, burst } = budget;
  let tokens = burst;
  let last = now();
  const refill = (): void => {
    const at = now();
    if (at > last) tokens = Math.min(burst, tokens + ((at - last) / 1000) * minPerSecond);
    last = Math.max(last, at);
  };
  return {
    /** A new call earns `ratio` retries. */
    deposit(): void {
      refill();
      tokens = Math.min(burst, tokens + ratio);
    },
    /** Takes one retry; false when the budget is spent (the call must give up). */
    withdraw(): boolean {
      refill();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
