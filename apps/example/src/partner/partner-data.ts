/** One loyalty transaction as the partner lists it. */
export interface PartnerTransaction {
  readonly id: string;
  readonly member_id: string;
  readonly type: 'earn' | 'redeem';
  readonly points: number;
  /** ISO 8601 date-time. */
  readonly created_at: string;
}

const DAY_MS = 86_400_000;

/**
 * A deterministic ledger: `count` transactions, one every few hours going back from `endMs`, so
 * date filters and pagination have something real to cut through.
 */
export function buildLedger(count: number, endMs: number): readonly PartnerTransaction[] {
  const out: PartnerTransaction[] = [];
  for (let i = 0; i < count; i += 1) {
    const at = endMs - i * (DAY_MS / 6);
    out.push({
      id: `txn_${String(count - i).padStart(6, '0')}`,
      member_id: `mem_${String((i * 7919) % 997).padStart(4, '0')}`,
      type: i % 3 === 0 ? 'redeem' : 'earn',
      points: 10 + ((i * 37) % 490),
      created_at: new Date(at).toISOString(),
    });
  }
  return out;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a `YYYY-MM-DD` query value to epoch ms (UTC midnight); null when malformed. */
export function parseDateParam(value: unknown): number | null {
  if (typeof value !== 'string' || !DATE_RE.test(value)) return null;
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (!Number.isFinite(ms)) return null;
  // Rejects impossible dates that Date.parse rolls over (2026-02-31 → March 3).
  return new Date(ms).toISOString().startsWith(value) ? ms : null;
}

/** Parses a positive integer query value within [1, max]; null when malformed or out of range. */
export function parseIntParam(value: unknown, max: number): number | null {
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= max ? n : null;
}

/** Inclusive day filter: `from` ≤ created_at < `to` + 1 day. */
export function inDateRange(
  txn: PartnerTransaction,
  fromMs: number | null,
  toMs: number | null,
): boolean {
  const at = Date.parse(txn.created_at);
  return (fromMs === null || at >= fromMs) && (toMs === null || at < toMs + DAY_MS);
}
