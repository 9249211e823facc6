import { ExampleConfigError } from '../errors.js';

/** Options of {@link createDedupeStore}. */
export interface DedupeStoreOptions {
  /** Most event ids remembered; the oldest are forgotten first. @default 10000 */
  readonly maxEntries?: number;
  /** How long an id is remembered, in milliseconds (partners redeliver for ~24 h). @default 86400000 */
  readonly ttlMs?: number;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

/** Remembers processed event ids so redeliveries are acknowledged but not processed twice. */
export interface DedupeStore {
  /** Records `id`; returns true when it was already seen (a duplicate). */
  checkAndRecord(id: string): boolean;
  /** Ids currently remembered. */
  size(): number;
}

/** Creates a bounded, time-limited id store (memory stays flat however many events arrive). */
export function createDedupeStore(options: DedupeStoreOptions = {}): DedupeStore {
  const maxEntries = options.maxEntries ?? 10_000;
  const ttlMs = options.ttlMs ?? 86_400_000;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new ExampleConfigError('maxEntries', 'an integer ≥ 1');
  }
  // Insertion order is expiry order, since every entry gets the same TTL.
  const seen = new Map<string, number>();
  const evict = (t: number): void => {
    for (const [id, expires] of seen) {
      if (expires > t && seen.size <= maxEntries) break;
      seen.delete(id);
    }
  };
  return {
    checkAndRecord(id) {
      const t = now();
      evict(t);
      const expires = seen.get(id);
      if (expires !== undefined && expires > t) return true;
      seen.set(id, t + ttlMs);
      evict(t);
      return false;
    },
    size: () => seen.size,
  };
}
