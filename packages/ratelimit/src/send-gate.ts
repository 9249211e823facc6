import {
  BUDGET_WAITS,
  type BudgetWaits,
  type BudgetWaitsQuery,
  budgetWaits,
  NO_WAIT,
} from './budget-waits.js';
import { RetryAfterTooLongError } from './errors.js';
import type { FetchConfig } from './fetch-config.js';
import { createSlidingWindow } from './sliding-window.js';
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

function budgetQuery(tracker: RateLimitTracker): BudgetWaitsQuery {
  const fast = (tracker as { [BUDGET_WAITS]?: BudgetWaitsQuery })[BUDGET_WAITS];
  if (typeof fast === 'function') return fast;
  return (upstream, now, only) => budgetWaits(tracker.state(upstream)?.buckets ?? [], now, only);
}

/**
 * Everything a send waits for, in order: the client-side rate, pacing of a low budget, then
 * the shared gate (a 429 pause or an exhausted budget) checked last, right before sending, so
 * requests queued behind the rate limit also wait out a pause set meanwhile.
 */
export function createSendGate(config: FetchConfig) {
  const window = config.rate === null ? null : createSlidingWindow(config.rate);
  let lastPaced = Number.NEGATIVE_INFINITY;
  const { tracker, upstream, now, sleep, maxWaitMs } = config;

  async function waitUntil(at: number, signal: AbortSignal | undefined): Promise<void> {
    const delay = at - now();
    if (delay > 0) await sleep(delay, signal);
  }

  const query = budgetQuery(tracker);
  const readBudget = (bucket: string | undefined): BudgetWaits =>
    config.pace ? query(upstream, now(), bucket) : NO_WAIT;

  async function waitSlowly(
    call: CallInfo,
    signal: AbortSignal | undefined,
    windowSlot: number,
  ): Promise<void> {
    await waitUntil(windowSlot, signal);
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
    const windowSlot = window === null ? at : window.reserve(at);
    const budget = readBudget(call.bucket);
    const blocked =
      windowSlot > at ||
      budget.paceMs > 0 ||
      budget.exhaustedUntil > at ||
      call.notBefore > at ||
      tracker.pausedUntil(upstream, call.bucket) > at;
    return blocked ? waitSlowly(call, signal, windowSlot) : undefined;
  };
}
