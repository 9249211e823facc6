import {
  BUDGET_WAITS,
  type BudgetWaits,
  type BudgetWaitsQuery,
  budgetWaits,
  NO_WAIT,
} from './budget-waits.js';
import { RetryAfterTooLongError } from './errors.js';
import type { FetchConfig } from './fetch-config.js';
import { ADMITTED_NOW, type Admission } from './rate-limit-store.js';
import type { RateLimitTracker } from './tracker.js';

interface CallInfo {
  readonly method: string;
  readonly attempts: number;
  /** Bucket the request draws from; undefined waits for every bucket of the upstream. */
  readonly bucket: string | undefined;
  /** Epoch ms before which this call must not send (its own 429 wait). */
  readonly notBefore: number;
}

// Waits a single send accepts before giving up on a pause that keeps being extended.
const MAX_RECHECKS = 64;

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

function budgetQuery(tracker: RateLimitTracker): BudgetWaitsQuery {
  const fast = (tracker as { [BUDGET_WAITS]?: BudgetWaitsQuery })[BUDGET_WAITS];
  if (typeof fast === 'function') return fast;
  return (upstream, now, only) => budgetWaits(tracker.state(upstream)?.buckets ?? [], now, only);
}

/**
 * Everything a send waits for, in order: admission under the client-side rate (by the store:
 * in-process, or shared by a fleet), pacing of a low budget, then the shared gate (a 429 pause
 * or an exhausted budget) checked last, right before sending, so requests queued behind the
 * rate limit also wait out a pause set meanwhile.
 */
export function createSendGate(config: FetchConfig) {
  let lastPaced = Number.NEGATIVE_INFINITY;
  const { tracker, upstream, now, sleep, maxWaitMs, rate, store } = config;

  async function waitUntil(at: number, signal: AbortSignal | undefined): Promise<void> {
    const delay = at - now();
    if (delay > 0) await sleep(delay, signal);
  }

  const query = budgetQuery(tracker);
  const readBudget = (bucket: string | undefined): BudgetWaits =>
    config.pace ? query(upstream, now(), bucket) : NO_WAIT;

  /** Waits for the admitted send's turn; a store that admitted nothing is asked again later. */
  async function waitForAdmission(
    first: Admission | Promise<Admission>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    let admission = await first;
    while (!admission.admitted && rate !== null) {
      // At least 1 ms: a store answering "not yet, ask again now" must not spin.
      await sleep(Math.max(1, admission.waitMs), signal);
      admission = await store.admit(upstream, rate, now());
    }
    if (admission.waitMs > 0) await sleep(admission.waitMs, signal);
  }

  async function waitSlowly(
    call: CallInfo,
    signal: AbortSignal | undefined,
    admission: Admission | Promise<Admission>,
  ): Promise<void> {
    await waitForAdmission(admission, signal);
    let budget = readBudget(call.bucket);
    if (budget.paceMs > 0) {
      // Pacing is advisory: never longer than maxWaitMs per send.
      const slot = Math.max(now(), lastPaced + Math.min(budget.paceMs, maxWaitMs));
      lastPaced = slot;
      await waitUntil(slot, signal);
      budget = readBudget(call.bucket);
    }
    // A pause can be extended while we wait (a later 429): re-check after each wait. Bounded,
    // and never falls through to sending while still paused.
    for (let check = 0; ; check++) {
      const at = now();
      const paused = tracker.pausedUntil(upstream, call.bucket);
      const until = Math.max(paused, budget.exhaustedUntil, call.notBefore);
      if (until <= at) return;
      if (until - at > maxWaitMs || check >= MAX_RECHECKS) {
        throw new RetryAfterTooLongError({
          upstream,
          method: call.method,
          attempts: call.attempts,
          waitMs: Math.ceil(until - at),
          maxWaitMs,
        });
      }
      await sleep(until - at, signal);
      budget = readBudget(call.bucket);
    }
  }

  /**
   * Resolves when the call may send. Returns `undefined` (no promise, no extra tick) in the
   * common case where nothing asks it to wait.
   */
  return function waitForTurn(call: CallInfo, signal: AbortSignal | undefined) {
    const at = now();
    let admission = ADMITTED_NOW;
    if (rate !== null) {
      const answer = store.admit(upstream, rate, at);
      if (isPromise(answer)) return waitSlowly(call, signal, answer);
      admission = answer;
    }
    const budget = readBudget(call.bucket);
    const blocked =
      admission.waitMs > 0 ||
      !admission.admitted ||
      budget.paceMs > 0 ||
      budget.exhaustedUntil > at ||
      call.notBefore > at ||
      tracker.pausedUntil(upstream, call.bucket) > at;
    return blocked ? waitSlowly(call, signal, admission) : undefined;
  };
}
