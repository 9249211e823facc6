import type { DialectReading, RateLimitBucket, RateLimitDialect } from './bucket.js';
import { readIetf, readIetfDraft } from './dialect-ietf.js';
import { readVendor } from './dialect-vendor.js';
import { readXDashRateLimit, readXRateLimit } from './dialect-x-ratelimit.js';
import { FAMILY, type HeadersInput, type HeaderTable, readHeaderTable } from './header-table.js';
import { readRetryAfterSeconds } from './time-values.js';

/** Options of {@link parseRateLimit}. */
export interface ParseRateLimitOptions {
  /**
   * The instant resets and `Retry-After` dates are measured from (a `Date` or epoch ms).
   * @default new Date()
   */
  readonly now?: Date | number;
}

/** A response's rate-limit headers, normalised. Every number is finite and ≥ 0, or `null`. */
export interface RateLimitInfo {
  /** Quota of the primary bucket. */
  readonly limit: number | null;
  /** Requests left in the primary bucket (`limit − used` where the dialect sends usage). */
  readonly remaining: number | null;
  /** Seconds from `now` until the primary bucket resets. */
  readonly resetSeconds: number | null;
  /** `Retry-After` in seconds (delay or HTTP-date against the `Date` header). */
  readonly retryAfterSeconds: number | null;
  /** Header family of the primary bucket; `null` when no budget header was readable. */
  readonly dialect: RateLimitDialect | null;
  /** Name of the primary bucket (`default` for single-budget dialects). */
  readonly bucket: string | null;
  /** Every budget the winning dialect reported, primary included. */
  readonly buckets: readonly RateLimitBucket[];
}

const EMPTY_BUCKETS: readonly RateLimitBucket[] = Object.freeze([]);

function toEpochMs(now: Date | number | undefined): number {
  if (now === undefined) return Date.now();
  const ms = typeof now === 'number' ? now : now.getTime();
  return Number.isFinite(ms) ? ms : Date.now();
}

function readBudget(
  { values, families, vendorNames }: HeaderTable,
  nowMs: number,
): DialectReading | null {
  // Precedence: IETF structured fields > draft RateLimit-* > X- forms > vendor forms; a
  // family absent from the headers is not consulted.
  return (
    (families & FAMILY.ietf ? readIetf(values) : null) ??
    (families & FAMILY.draft ? readIetfDraft(values, nowMs) : null) ??
    (families & FAMILY.x ? readXRateLimit(values, nowMs) : null) ??
    (families & FAMILY.xDash ? readXDashRateLimit(values, nowMs) : null) ??
    (families & FAMILY.vendor ? readVendor(values, vendorNames, nowMs) : null)
  );
}

/**
 * Reads every common rate-limit header dialect from `headers`. Never throws: absent,
 * malformed, negative, non-finite, hexadecimal or out-of-range values become `null`.
 *
 * @example
 * parseRateLimit({ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999' })
 * // → { limit: 5000, remaining: 4999, resetSeconds: null, dialect: 'x-ratelimit', … }
 */
export function parseRateLimit(
  headers: HeadersInput | null | undefined,
  options: ParseRateLimitOptions = {},
): RateLimitInfo {
  const nowMs = toEpochMs(options?.now);
  const table = readHeaderTable(headers);
  let reading: DialectReading | null = null;
  let retryAfterSeconds: number | null = null;
  if (table.values.size > 0) {
    try {
      reading = readBudget(table, nowMs);
      const { values } = table;
      retryAfterSeconds = readRetryAfterSeconds(
        values.get('retry-after'),
        values.get('date'),
        nowMs,
      );
    } catch {
      // Defence in depth: a parser bug must not break the request that carried the headers.
    }
  }
  if (reading === null) {
    return {
      limit: null,
      remaining: null,
      resetSeconds: null,
      retryAfterSeconds,
      dialect: null,
      bucket: null,
      buckets: EMPTY_BUCKETS,
    };
  }
  const { primary } = reading;
  return {
    limit: primary.limit,
    remaining: primary.remaining,
    resetSeconds: primary.resetSeconds,
    retryAfterSeconds,
    dialect: reading.dialect,
    bucket: primary.name,
    buckets: reading.buckets,
  };
}
