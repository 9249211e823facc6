import { integerOption } from '../validate.js';

/** Retry timing shared by the queues. */
export interface RetryOptions {
  /** Attempts in all, the first included; after the last failure the event is dead-lettered. @default 3 */
  readonly attempts?: number;
  /** Delay before the first retry, ms; it doubles per retry (2 s, 4 s, 8 s …). @default 2000 */
  readonly backoffMs?: number;
}

export interface RetryConfig {
  readonly attempts: number;
  readonly backoffMs: number;
}

/** Defaults of {@link RetryOptions}, spread into each queue's defaults literal. */
export const RETRY_DEFAULTS = {
  attempts: 3,
  backoffMs: 2000,
} as const satisfies { readonly [K in keyof Required<RetryOptions>]: unknown };

export function resolveRetry(o: Record<string, unknown>): RetryConfig {
  return {
    attempts: integerOption('attempts', o.attempts ?? RETRY_DEFAULTS.attempts, {
      min: 1,
      max: 100,
    }),
    backoffMs: integerOption('backoffMs', o.backoffMs ?? RETRY_DEFAULTS.backoffMs, {
      min: 0,
      max: 86_400_000,
    }),
  };
}

/** Delay after failed attempt `attempt` (1-based): exponential, capped at one hour. */
export function retryDelay(config: RetryConfig, attempt: number): number {
  return Math.min(config.backoffMs * 2 ** (attempt - 1), 3_600_000);
}
