import { requireInteger } from './validate.js';

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

export function resolveRetry(o: Record<string, unknown>): RetryConfig {
  return {
    attempts: requireInteger('attempts', o.attempts ?? 3, 1, 100),
    backoffMs: requireInteger('backoffMs', o.backoffMs ?? 2000, 0, 86_400_000),
  };
}

/** Delay after failed attempt `attempt` (1-based): exponential, capped at one hour. */
export function retryDelay(config: RetryConfig, attempt: number): number {
  return Math.min(config.backoffMs * 2 ** (attempt - 1), 3_600_000);
}
