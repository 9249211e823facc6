import type { RateOption } from './sliding-window.js';

/** One bucket as a store shares it: absolute times, so any replica can read it. */
export interface SharedBucket {
  readonly name: string;
  readonly limit: number | null;
  readonly remaining: number | null;
  /** Epoch ms of the reset, or null when the upstream did not say. */
  readonly resetAt: number | null;
  readonly windowSeconds: number | null;
}

/** The budget one response reported for an upstream. */
export interface SharedBudget {
  readonly upstream: string;
  /** Name of the response's primary bucket. */
  readonly primary: string | null;
  readonly buckets: readonly SharedBucket[];
  /** Epoch ms of the response; for each bucket the newest observation wins. */
  readonly observedAt: number;
}

/** A store's answer to "may this request go now, and if not, when?". */
export interface Admission {
  /** Milliseconds to wait (0: now). */
  readonly waitMs: number;
  /**
   * `true`: the send is admitted (its place is taken) and goes after `waitMs`. `false`: nothing
   * was taken; ask again after `waitMs`.
   */
  readonly admitted: boolean;
}

/** Receives what other trackers (other replicas, for a shared store) wrote to the store. */
export interface RateLimitStoreListener {
  budget(budget: SharedBudget): void;
  /** `bucket` undefined: the pause holds every bucket of the upstream. */
  pause(upstream: string, untilMs: number, bucket: string | undefined): void;
}

/**
 * What must be shared between everything that calls one partner with one API key: admission
 * under the client-side rate, the budget last observed from headers per upstream and bucket,
 * and the 429 pause per upstream and bucket. The in-process store
 * (`createMemoryRateLimitStore`, the default) shares them within one process;
 * `@preflight/ratelimit-redis` shares them across a fleet.
 *
 * Implementations must never throw or reject: a store that cannot reach its backend answers
 * from a local fallback instead, so a request path never fails because of the store.
 */
export interface RateLimitStore {
  /**
   * Admission of one send to `upstream` under `rate`. May answer synchronously (the in-process
   * store does, so the common path costs no promise). `now` is the caller's clock.
   */
  admit(upstream: string, rate: RateOption, now: number): Admission | Promise<Admission>;
  /**
   * Optional: gives back a send admitted for `at` (epoch ms, the caller's clock) that will not
   * happen (its caller aborted, or the wait was beyond `maxQueueWaitMs`), so the next admission
   * may take its place. A store without it simply loses the place (it errs on sending less).
   */
  release?(upstream: string, rate: RateOption, at: number, now: number): void;
  /** Records a response's budget for everyone reading the store. */
  recordBudget(budget: SharedBudget): void;
  /** Records a 429 pause (`bucket` undefined: the whole upstream); pauses only extend. */
  recordPause(upstream: string, untilMs: number, bucket: string | undefined): void;
  /** Calls `listener` with budgets and pauses recorded through the store; returns unsubscribe. */
  subscribe(listener: RateLimitStoreListener): () => void;
}

/** Admission without waiting; shared so the fast path allocates nothing. */
export const ADMITTED_NOW: Admission = Object.freeze({ waitMs: 0, admitted: true });
