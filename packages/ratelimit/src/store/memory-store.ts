import { integerOption, optionsObject } from '../validate.js';
import {
  ADMITTED_NOW,
  type Admission,
  type RateLimitStore,
  type RateLimitStoreListener,
} from './rate-limit-store.js';
import { createSlidingWindow, type RateOption } from './sliding-window.js';

/** Options of {@link createMemoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /**
   * Admission windows kept (one per upstream and rate); the least recently created is dropped
   * beyond it, which bounds memory when upstream names are not a fixed set.
   * @default 1024
   */
  readonly maxKeys?: number | undefined;
}

interface Window {
  reserve(now: number): number;
  release(slot: number, now: number): void;
}

/** Every option with its default. Unknown keys are accepted (as they always were). */
const DEFAULTS = { maxKeys: 1024 } as const satisfies {
  readonly [K in keyof Required<MemoryRateLimitStoreOptions>]: unknown;
};

const keyOf = (upstream: string, rate: RateOption) => `${rate.requests}/${rate.perMs}:${upstream}`;

/**
 * The in-process {@link RateLimitStore}: admission by a sliding window per upstream (at most
 * `requests` sends in any `perMs`, FIFO by reservation), and budgets and pauses passed straight
 * to every other tracker using the same store. The default of `createRateLimitedFetch`.
 *
 * @example
 * const store = createMemoryRateLimitStore();
 * const tracker = createRateLimitTracker({ store });
 * const partnerFetch = createRateLimitedFetch({ upstream: 'partner', tracker, rate });
 */
export function createMemoryRateLimitStore(
  options: MemoryRateLimitStoreOptions = {},
): RateLimitStore {
  // `null` defaults: this store has always accepted keys it does not know.
  const o = optionsObject<MemoryRateLimitStoreOptions>('options', options, null);
  const maxKeys = integerOption('maxKeys', o.maxKeys ?? DEFAULTS.maxKeys, {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
  });
  const windows = new Map<string, Window>();
  const listeners = new Set<RateLimitStoreListener>();

  function windowFor(upstream: string, rate: RateOption): Window {
    const key = keyOf(upstream, rate);
    let window = windows.get(key);
    if (window === undefined) {
      window = createSlidingWindow(rate);
      windows.set(key, window);
      if (windows.size > maxKeys) windows.delete(windows.keys().next().value as string);
    }
    return window;
  }

  return {
    admit(upstream, rate, now): Admission {
      const at = windowFor(upstream, rate).reserve(now);
      return at <= now ? ADMITTED_NOW : { waitMs: at - now, admitted: true };
    },
    release(upstream, rate, at, now) {
      windows.get(keyOf(upstream, rate))?.release(at, now);
    },
    recordBudget(budget) {
      for (const listener of listeners) listener.budget(budget);
    },
    recordPause(upstream, untilMs, bucket) {
      for (const listener of listeners) listener.pause(upstream, untilMs, bucket);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
