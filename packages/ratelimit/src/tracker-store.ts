import type { RateLimitInfo } from './parse-rate-limit.js';
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
  /** Epoch ms until which requests are held after a 429 (0 when not paused). */
  readonly pausedUntil: number;
}

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
  pausedUntil: number;
}

type OnLow = (record: UpstreamRecord, bucket: BucketRecord, threshold: number) => void;

export function createTrackerStore(config: TrackerConfig, onLow: OnLow) {
  const upstreams = new Map<string, UpstreamRecord>();

  function recordFor(upstream: string): UpstreamRecord | undefined {
    let record = upstreams.get(upstream);
    if (record === undefined && upstreams.size < config.maxUpstreams) {
      record = { upstream, buckets: new Map(), primary: null, pausedUntil: 0 };
      upstreams.set(upstream, record);
    }
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

  return {
    records: () => upstreams.values(),

    update(upstream: string, info: RateLimitInfo, at: number): void {
      if (info.buckets.length === 0) return;
      const record = recordFor(upstream);
      if (record === undefined) return;
      record.primary = info.bucket;
      for (const parsed of info.buckets) {
        const prior = record.buckets.get(parsed.name);
        record.buckets.delete(parsed.name);
        const bucket: BucketRecord = {
          name: parsed.name,
          limit: parsed.limit,
          remaining: parsed.remaining,
          resetAt: parsed.resetSeconds === null ? null : at + parsed.resetSeconds * 1000,
          windowSeconds: parsed.windowSeconds,
          observedAt: at,
          low: false,
        };
        const limitAt = threshold(bucket.limit);
        bucket.low = limitAt !== null && bucket.remaining !== null && bucket.remaining < limitAt;
        // Warn on the crossing only; a bucket that stays low logs once until it recovers.
        if (bucket.low && !(prior?.low ?? false) && limitAt !== null)
          onLow(record, bucket, limitAt);
        record.buckets.set(parsed.name, bucket);
        if (record.buckets.size > config.maxBucketsPerUpstream) {
          const oldest = record.buckets.keys().next().value;
          if (oldest !== undefined) record.buckets.delete(oldest);
        }
      }
    },

    snapshot(upstream: string, at: number): UpstreamState | undefined {
      const record = upstreams.get(upstream);
      if (record === undefined) return undefined;
      const buckets = [...record.buckets.values()].map((b) => snapshotBucket(b, at));
      const primary = buckets.find((b) => b.name === record.primary);
      return {
        upstream,
        limit: primary?.limit ?? null,
        remaining: primary?.remaining ?? null,
        resetSeconds: primary?.resetSeconds ?? null,
        bucket: record.primary,
        buckets,
        pausedUntil: record.pausedUntil,
      };
    },

    pause(upstream: string, untilMs: number): void {
      const record = recordFor(upstream);
      if (record !== undefined && untilMs > record.pausedUntil) record.pausedUntil = untilMs;
    },

    pausedUntil: (upstream: string): number => upstreams.get(upstream)?.pausedUntil ?? 0,
  };
}
