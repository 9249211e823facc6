import type { ClaimResult, DedupeStore, DedupeTtlOptions } from './dedupe-store.js';
import { rejectUnknownKeys, requireFunction, requireInteger, requireObject } from './validate.js';

/** Options of {@link createMemoryDedupeStore}. */
export interface MemoryDedupeOptions extends DedupeTtlOptions {
  /** Most ids remembered; the least recently written are forgotten first. @default 100000 */
  readonly maxEntries?: number;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

interface Entry {
  readonly done: boolean;
  readonly expires: number;
}

/**
 * An in-process dedupe store: bounded, so memory stays flat however many events arrive. It only
 * sees its own process: replicas need the Redis store (`@preflight/webhooks/redis`).
 */
export function createMemoryDedupeStore(options: MemoryDedupeOptions = {}): DedupeStore {
  const o = requireObject('options', options);
  rejectUnknownKeys('', o, ['ttlMs', 'pendingMs', 'maxEntries', 'now']);
  const ttlMs = requireInteger('ttlMs', o.ttlMs ?? 86_400_000, 1, 2 ** 31);
  const pendingMs = requireInteger('pendingMs', o.pendingMs ?? 30_000, 1, 2 ** 31);
  const maxEntries = requireInteger('maxEntries', o.maxEntries ?? 100_000, 1, 1e8);
  const now = requireFunction<() => number>('now', o.now ?? Date.now);
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
    async claim(id): Promise<ClaimResult> {
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
