import { functionOption, integerOption, optionsObject } from '../validate.js';
import {
  DEDUPE_TTL_DEFAULTS,
  type DedupeStore,
  type DedupeTtlOptions,
  resolveDedupeTtl,
} from './dedupe-store.js';

/** Options of {@link createMemoryDedupeStore}. */
export interface MemoryDedupeOptions extends DedupeTtlOptions {
  /** Most ids remembered; the least recently written are forgotten first. @default 100000 */
  readonly maxEntries?: number;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

/** Every option with its default; the known keys. */
const DEFAULTS = {
  ...DEDUPE_TTL_DEFAULTS,
  maxEntries: 100_000,
  now: Date.now,
} as const satisfies { readonly [K in keyof Required<MemoryDedupeOptions>]: unknown };

interface Entry {
  readonly done: boolean;
  readonly expires: number;
}

/**
 * An in-process dedupe store: bounded, so memory stays flat however many events arrive. It only
 * sees its own process: replicas need the Redis store (`@preflight/webhooks/redis`).
 */
export function createMemoryDedupeStore(options: MemoryDedupeOptions = {}): DedupeStore {
  const o = optionsObject('options', options, DEFAULTS);
  const { ttlMs, pendingMs } = resolveDedupeTtl(o);
  const maxEntries = integerOption('maxEntries', o.maxEntries ?? DEFAULTS.maxEntries, {
    min: 1,
    max: 1e8,
  });
  const now = functionOption<() => number>('now', o.now ?? DEFAULTS.now);
  const entries = new Map<string, Entry>();

  // Map order is write order: re-setting moves an id to the end, eviction takes from the front.
  const write = (id: string, entry: Entry): void => {
    entries.delete(id);
    entries.set(id, entry);
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value as string;
      entries.delete(oldest);
    }
  };

  return {
    async claim(id) {
      const t = now();
      const entry = entries.get(id);
      if (entry !== undefined && entry.expires > t) return entry.done ? 'duplicate' : 'in_flight';
      write(id, { done: false, expires: t + pendingMs });
      return 'claimed';
    },
    async commit(id) {
      write(id, { done: true, expires: now() + ttlMs });
    },
    async release(id) {
      const entry = entries.get(id);
      if (entry !== undefined && !entry.done) entries.delete(id);
    },
  };
}
