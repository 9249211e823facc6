import { integerOption } from '../validate.js';

/** Outcome of claiming an event id. */
export type ClaimResult =
  /** First sighting: the caller stores the event, then commits (or releases on failure). */
  | 'claimed'
  /** Already stored: acknowledge without storing again. */
  | 'duplicate'
  /** Another delivery of it is being stored right now: ask the sender to come back later. */
  | 'in_flight';

/**
 * Remembers event ids so a redelivery is acknowledged but not processed twice. Two phases make
 * a crash safe: a claim is short-lived until committed, so a receiver that dies between claim
 * and enqueue does not turn the partner's redelivery into a lost "duplicate".
 */
export interface DedupeStore {
  /** Claims `id` for the pending window. Rejects when the store is unreachable. */
  claim(id: string): Promise<ClaimResult>;
  /** Marks `id` stored, remembered for the full TTL. */
  commit(id: string): Promise<void>;
  /** Forgets a claim whose event could not be stored, so a redelivery is taken. */
  release(id: string): Promise<void>;
  /** Releases connections. */
  close?(): Promise<void>;
}

/** TTLs shared by the dedupe stores. */
export interface DedupeTtlOptions {
  /**
   * How long a stored id is remembered, ms. Partners redeliver for hours to days.
   * @default 86400000 (24 h)
   */
  readonly ttlMs?: number;
  /**
   * How long a claim lives before it is committed, ms: longer than the slowest enqueue, short
   * enough that a redelivery after a crash is taken.
   * @default 30000
   */
  readonly pendingMs?: number;
}

/** Defaults of {@link DedupeTtlOptions}, spread into each store's defaults literal. */
export const DEDUPE_TTL_DEFAULTS = {
  ttlMs: 86_400_000,
  pendingMs: 30_000,
} as const satisfies { readonly [K in keyof Required<DedupeTtlOptions>]: unknown };

const TTL_RANGE = { min: 1, max: 2 ** 31 } as const;

/** Resolves the TTLs both stores take. */
export function resolveDedupeTtl(o: Record<string, unknown>): Required<DedupeTtlOptions> {
  return {
    ttlMs: integerOption('ttlMs', o.ttlMs ?? DEDUPE_TTL_DEFAULTS.ttlMs, TTL_RANGE),
    pendingMs: integerOption('pendingMs', o.pendingMs ?? DEDUPE_TTL_DEFAULTS.pendingMs, TTL_RANGE),
  };
}
