import { setTimeout as sleep } from 'node:timers/promises';

/** How {@link until} polls. */
export interface UntilOptions {
  /** @default 10_000 */
  readonly timeoutMs?: number;
  /** Pause between reads. @default 10 */
  readonly everyMs?: number;
}

/**
 * Reads `read` until it gives a truthy value and resolves with that value; throws at the
 * deadline, naming `what` (a function is called then, so it can show the last value seen).
 * A deadline rather than a fixed sleep or an attempt count: a loaded machine can take seconds.
 */
export async function until<T>(
  read: () => T | Promise<T>,
  what: string | (() => string),
  { timeoutMs = 10_000, everyMs = 10 }: UntilOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) {
      const name = typeof what === 'function' ? what() : what;
      throw new Error(`${name}: not seen within ${timeoutMs / 1000} s`);
    }
    await sleep(everyMs);
  }
}
