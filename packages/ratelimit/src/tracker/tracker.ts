import type { HeadersInput } from '../headers/header-table.js';
import { parseRateLimit, type RateLimitInfo } from '../headers/parse-rate-limit.js';
import { safeWarn } from '../logger.js';
import type { GiveUpReason, RetryReason } from '../metric-names.js';
import type { SharedBucket } from '../store/rate-limit-store.js';
import type { BudgetWaits } from './budget-waits.js';
import {
  type RateLimitTrackerOptions,
  resolveTrackerConfig,
  type TrackerConfig,
} from './tracker-config.js';
import { trackerInstruments } from './tracker-metrics.js';
import { createTrackerStore, type UpstreamState } from './tracker-store.js';

export type { LowWatermark, RateLimitTrackerOptions } from './tracker-config.js';
export type { BucketState, UpstreamState } from './tracker-store.js';

/** A response as `observe` reads it: fetch's `Response`, Node's `IncomingMessage`, or a stub. */
export interface ObservedResponse {
  readonly status?: number;
  readonly statusCode?: number;
  readonly headers: HeadersInput;
}

/** Per-upstream, per-bucket budget state fed by responses; see {@link createRateLimitTracker}. */
export interface RateLimitTracker {
  /** Reads a response's rate-limit headers into the upstream's state and returns them. */
  observe(upstream: string, response: ObservedResponse): RateLimitInfo;
  /** A snapshot of what is known about `upstream`, or `undefined` before its first response. */
  state(upstream: string): UpstreamState | undefined;
  /**
   * Holds requests to `upstream` until `untilMs` (epoch ms): those of `bucket`, or all of them
   * when `bucket` is omitted. Pauses only ever extend.
   */
  pause(upstream: string, untilMs: number, bucket?: string): void;
  /**
   * Epoch ms until which a request of `bucket` must wait (0 when not paused); without `bucket`,
   * the latest pause of any bucket of the upstream.
   */
  pausedUntil(upstream: string, bucket?: string): number;
  /** Counts a scheduled retry (`preflight.ratelimit.retries`). */
  recordRetry(upstream: string, reason: RetryReason): void;
  /** Counts a call that failed for good (`preflight.ratelimit.give_ups`). */
  recordGiveUp(upstream: string, reason: GiveUpReason): void;
  /** The injected clock, so wrappers sharing this tracker share its time. */
  readonly now: () => number;
  /**
   * What the budgets seen so far imply for the next send of `bucket` (every bucket when
   * omitted) at `now`: the end of an exhausted budget and the pacing of a low one. Optional for
   * your own trackers: `createRateLimitedFetch` derives it from `state()` when it is absent; the
   * tracker from `createRateLimitTracker` answers without allocating.
   */
  budgetWaits?(upstream: string, now: number, bucket?: string): BudgetWaits;
}

function statusOf(response: ObservedResponse | null | undefined): number | undefined {
  const status = response?.status ?? response?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Tracks rate-limit budgets per upstream and per bucket from response headers: gauges of
 * remaining, limit and seconds to reset, one warning log when remaining crosses below the low
 * watermark, and a counter of 429 responses. Without `meter`, they go to the global provider's
 * meter as it is when they record (a no-op until an OpenTelemetry SDK is registered), so the
 * tracker may be created before or after the SDK starts.
 *
 * @example
 * const tracker = createRateLimitTracker({ meter: metrics.getMeter('app'), logger });
 * tracker.observe('partner', await fetch(url));
 * tracker.state('partner')?.remaining; // → 4999
 */
export function createRateLimitTracker(options: RateLimitTrackerOptions = {}): RateLimitTracker {
  const config: TrackerConfig = resolveTrackerConfig(options);
  const { logger, now } = config;
  const store = createTrackerStore(
    config,
    (record, bucket, threshold) => {
      safeWarn(
        logger,
        {
          upstream: record.upstream,
          bucket: bucket.name,
          remaining: bucket.remaining,
          limit: bucket.limit,
          resetSeconds:
            bucket.resetAt === null ? null : Math.max(0, (bucket.resetAt - now()) / 1000),
          lowWatermark: threshold,
        },
        'rate-limit budget low',
      );
    },
    (upstream) => {
      safeWarn(
        logger,
        { upstream, maxUpstreams: config.maxUpstreams },
        'rate-limit tracker full: further upstreams are not tracked',
      );
    },
  );
  const instruments = trackerInstruments(config.meter, () => store.records(), now);

  const shared = config.store;
  // What this tracker writes to a shared store may come straight back to its own listener
  // (the in-process store calls every listener at once); skip that echo.
  let writing = false;
  shared?.subscribe({
    budget(budget) {
      if (!writing) store.merge(budget);
    },
    pause(upstream, untilMs, bucket) {
      if (!writing && Number.isFinite(untilMs)) store.pause(upstream, untilMs, bucket);
    },
  });

  const tracker: RateLimitTracker = {
    now,
    observe(upstream, response) {
      const at = now();
      const info = parseRateLimit(response?.headers, { now: at });
      // Also (re)registers the gauges on the current global provider when there is no `meter`.
      const { rateLimited } = instruments();
      if (statusOf(response) === 429) rateLimited.add(1, { upstream });
      store.update(upstream, info, at);
      if (shared !== undefined && info.buckets.length > 0) {
        const buckets: SharedBucket[] = info.buckets.map((b) => ({
          name: b.name,
          limit: b.limit,
          remaining: b.remaining,
          resetAt: b.resetSeconds === null ? null : at + b.resetSeconds * 1000,
          windowSeconds: b.windowSeconds,
        }));
        writing = true;
        try {
          shared.recordBudget({ upstream, primary: info.bucket, buckets, observedAt: at });
        } finally {
          writing = false;
        }
      }
      return info;
    },
    state: (upstream) => store.snapshot(upstream, now()),
    pause(upstream, untilMs, bucket) {
      if (!Number.isFinite(untilMs)) return;
      store.pause(upstream, untilMs, bucket);
      if (shared === undefined) return;
      writing = true;
      try {
        shared.recordPause(upstream, untilMs, bucket);
      } finally {
        writing = false;
      }
    },
    pausedUntil: (upstream, bucket) => store.pausedUntil(upstream, bucket),
    recordRetry(upstream, reason) {
      instruments().retries.add(1, { upstream, reason });
    },
    recordGiveUp(upstream, reason) {
      instruments().giveUps.add(1, { upstream, reason });
    },
    budgetWaits: store.budgetWaits,
  };
  return tracker;
}
