import type { RateLimitInfo } from '../headers/parse-rate-limit.js';
import type { SharedBucket, SharedBudget } from '../store/rate-limit-store.js';
import { type BudgetWaits, budgetWaits, NO_WAIT } from './budget-waits.js';
import type { TrackerConfig } from './tracker-config.js';

/** What is known about one bucket of an upstream. */
export interface BucketState {
  readonly name: string;
  readonly limit: number | null;
  readonly remaining: number | null;
  /** Seconds from the snapshot's `now` until reset (0 once passed). */
  readonly resetSeconds: number | null;
  /** Epoch ms of the reset. */
  readonly resetAt: number | null;
  readonly windowSeconds: number | null;
  /** Epoch ms of the response this state comes from. */
  readonly observedAt: number;
  /** Remaining is below the low watermark. */
  readonly low: boolean;
}

/** What is known about one upstream; top-level numbers are those of the primary bucket. */
export interface UpstreamState {
  readonly upstream: string;
  readonly limit: number | null;
  readonly remaining: number | null;
  readonly resetSeconds: number | null;
  /** Name of the primary bucket of the last response. */
  readonly bucket: string | null;
  readonly buckets: readonly BucketState[];
  /** Epoch ms until which requests are held after a 429, latest of all pauses (0 if none). */
  readonly pausedUntil: number;
}

// Key of the upstream-wide pause (a 429 that names no bucket); bucket names are never empty.
const WHOLE_UPSTREAM = '';

export interface BucketRecord {
  name: string;
  limit: number | null;
  remaining: number | null;
  resetAt: number | null;
  windowSeconds: number | null;
  observedAt: number;
  low: boolean;
}

export interface UpstreamRecord {
  readonly upstream: string;
  /** Insertion order is recency order: updated buckets are re-inserted at the end. */
  readonly buckets: Map<string, BucketRecord>;
  primary: string | null;
  /** Pause end (epoch ms) per bucket name; `WHOLE_UPSTREAM` holds every bucket. */
  readonly pauses: Map<string, number>;
}

/** Latest pause `bucket` must wait for (every pause when `bucket` is undefined). */
function latestPause(record: UpstreamRecord, bucket: string | undefined): number {
  if (bucket !== undefined) {
    return Math.max(record.pauses.get(WHOLE_UPSTREAM) ?? 0, record.pauses.get(bucket) ?? 0);
  }
  let latest = 0;
  for (const until of record.pauses.values()) latest = Math.max(latest, until);
  return latest;
}

function fromShared(shared: SharedBucket, observedAt: number): BucketRecord {
  const { name, limit, remaining, resetAt, windowSeconds } = shared;
  return { name, limit, remaining, resetAt, windowSeconds, observedAt, low: false };
}

type OnLow = (record: UpstreamRecord, bucket: BucketRecord, threshold: number) => void;

export function createTrackerStore(
  config: TrackerConfig,
  onLow: OnLow,
  onFull: (upstream: string) => void,
) {
  const upstreams = new Map<string, UpstreamRecord>();
  let fullReported = false;

  function recordFor(upstream: string): UpstreamRecord | undefined {
    let record = upstreams.get(upstream);
    if (record !== undefined) return record;
    if (upstreams.size >= config.maxUpstreams) {
      if (!fullReported) onFull(upstream);
      fullReported = true;
      return undefined;
    }
    record = { upstream, buckets: new Map(), primary: null, pauses: new Map() };
    upstreams.set(upstream, record);
    return record;
  }

  function threshold(limit: number | null): number | null {
    const { kind, value } = config.lowWatermark;
    if (kind === 'absolute') return value;
    return limit === null ? null : limit * value;
  }

  function snapshotBucket(bucket: BucketRecord, at: number): BucketState {
    const resetSeconds = bucket.resetAt === null ? null : Math.max(0, (bucket.resetAt - at) / 1000);
    return { ...bucket, resetSeconds };
  }

  /** Stores `bucket` (a fresh object, owned from here on) as the bucket's newest state. */
  function put(record: UpstreamRecord, bucket: BucketRecord): void {
    const prior = record.buckets.get(bucket.name);
    record.buckets.delete(bucket.name);
    const limitAt = threshold(bucket.limit);
    bucket.low = limitAt !== null && bucket.remaining !== null && bucket.remaining < limitAt;
    // Warn on the crossing only; a bucket that stays low logs once until it recovers.
    if (bucket.low && !(prior?.low ?? false) && limitAt !== null) onLow(record, bucket, limitAt);
    record.buckets.set(bucket.name, bucket);
    if (record.buckets.size > config.maxBucketsPerUpstream) {
      const oldest = record.buckets.keys().next().value;
      if (oldest !== undefined) record.buckets.delete(oldest);
    }
  }

  return {
    records: () => upstreams.values(),

    update(upstream: string, info: RateLimitInfo, at: number): void {
      if (info.buckets.length === 0) return;
      const record = recordFor(upstream);
      if (record === undefined) return;
      record.primary = info.bucket;
      for (const parsed of info.buckets) {
        put(record, {
          name: parsed.name,
          limit: parsed.limit,
          remaining: parsed.remaining,
          resetAt: parsed.resetSeconds === null ? null : at + parsed.resetSeconds * 1000,
          windowSeconds: parsed.windowSeconds,
          observedAt: at,
          low: false,
        });
      }
    },

    /** A budget another tracker observed: per bucket, only a newer observation replaces ours. */
    merge(budget: SharedBudget): void {
      const record = recordFor(budget.upstream);
      if (record === undefined) return;
      let newer = false;
      for (const shared of budget.buckets) {
        const prior = record.buckets.get(shared.name);
        if (prior !== undefined && prior.observedAt >= budget.observedAt) continue;
        put(record, fromShared(shared, budget.observedAt));
        newer = true;
      }
      if (newer && budget.primary !== null) record.primary = budget.primary;
    },

    snapshot(upstream: string, at: number): UpstreamState | undefined {
      const record = upstreams.get(upstream);
      if (record === undefined) return undefined;
      const buckets: BucketState[] = [];
      let primary: BucketState | undefined;
      for (const bucket of record.buckets.values()) {
        const snapshot = snapshotBucket(bucket, at);
        buckets.push(snapshot);
        if (bucket.name === record.primary) primary = snapshot;
      }
      return {
        upstream,
        limit: primary?.limit ?? null,
        remaining: primary?.remaining ?? null,
        resetSeconds: primary?.resetSeconds ?? null,
        bucket: record.primary,
        buckets,
        pausedUntil: latestPause(record, undefined),
      };
    },

    pause(upstream: string, untilMs: number, bucket: string | undefined): void {
      const record = recordFor(upstream);
      if (record === undefined) return;
      const key = bucket ?? WHOLE_UPSTREAM;
      if (untilMs > (record.pauses.get(key) ?? 0)) record.pauses.set(key, untilMs);
      // Bounded like buckets: pauses keyed by header-provided names.
      if (record.pauses.size > config.maxBucketsPerUpstream + 1) {
        const oldest = record.pauses.keys().next().value;
        if (oldest !== undefined) record.pauses.delete(oldest);
      }
    },

    /** Allocation-free unless some bucket is low or exhausted (the common case is neither). */
    budgetWaits(upstream: string, at: number, only: string | undefined): BudgetWaits {
      const record = upstreams.get(upstream);
      if (record === undefined) return NO_WAIT;
      for (const bucket of record.buckets.values()) {
        if (bucket.low || bucket.remaining === 0)
          return budgetWaits(record.buckets.values(), at, only);
      }
      return NO_WAIT;
    },

    pausedUntil(upstream: string, bucket: string | undefined): number {
      const record = upstreams.get(upstream);
      return record === undefined ? 0 : latestPause(record, bucket);
    },
  };
}
