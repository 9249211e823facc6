import { QueueFullError, RetryAfterTooLongError } from '../errors.js';
import { ADMITTED_NOW, type Admission } from '../store/rate-limit-store.js';
import { type BudgetWaits, budgetWaits, NO_WAIT } from '../tracker/budget-waits.js';
import type { RateLimitTracker } from '../tracker/tracker.js';
import type { FetchConfig } from './fetch-config.js';

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

type BudgetQuery = (upstream: string, now: number, bucket: string | undefined) => BudgetWaits;

/** The tracker's own `budgetWaits` when it has one, else the same fold over `state()`. */
function budgetQuery(tracker: RateLimitTracker): BudgetQuery {
  if (typeof tracker.budgetWaits === 'function') return tracker.budgetWaits.bind(tracker);
  return (upstream, now, bucket) =>
    budgetWaits(tracker.state(upstream)?.buckets ?? [], now, bucket);
}

/**
 * Everything a send waits for, in order: admission under the client-side rate (by the store:
 * in-process, or shared by a fleet), pacing of a low budget, then the shared gate (a 429 pause
 * or an exhausted budget) checked last, right before sending, so requests queued behind the
 * rate limit also wait out a pause set meanwhile.
 */
export function createSendGate(config: FetchConfig) {
  let lastPaced = Number.NEGATIVE_INFINITY;
  // Calls waiting in the gate (any wait), bounded by maxQueued, and the latest send time
  // admitted to one of them (how long a refused caller should stay away).
  let queued = 0;
  let lastAdmittedAt = 0;
  const { tracker, upstream, now, sleep, maxWaitMs, rate, store, maxQueued, maxQueueWaitMs } =
    config;

  async function waitUntil(at: number, signal: AbortSignal | undefined): Promise<void> {
    const delay = at - now();
    if (delay > 0) await sleep(delay, signal);
  }

  const query = budgetQuery(tracker);
  const readBudget = (bucket: string | undefined): BudgetWaits =>
    config.pace ? query(upstream, now(), bucket) : NO_WAIT;

  function refuse(call: CallInfo, reason: 'full' | 'wait', retryAfterMs: number): never {
    throw new QueueFullError({
      upstream,
      method: call.method,
      attempts: call.attempts,
      reason,
      retryAfterMs: Math.max(0, Math.ceil(retryAfterMs)),
      maxQueued,
      maxQueueWaitMs,
    });
  }

  /** A turn later than `deadline` is refused (and an admitted one given back to the store). */
  function checkQueueWait(call: CallInfo, admission: Admission, deadline: number): void {
    const at = now();
    const sendAt = at + admission.waitMs;
    if (sendAt <= deadline) {
      if (admission.admitted) lastAdmittedAt = Math.max(lastAdmittedAt, sendAt);
      return;
    }
    if (admission.admitted && rate !== null) store.release?.(upstream, rate, sendAt, at);
    refuse(call, 'wait', admission.waitMs);
  }

  /**
   * Waits for the admitted send's turn; a store that admitted nothing is asked again later.
   * An abort before the turn gives the admitted place back, for the next caller to take.
   */
  async function waitForAdmission(
    call: CallInfo,
    first: Admission | Promise<Admission>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const deadline = now() + maxQueueWaitMs;
    let admission = await first;
    checkQueueWait(call, admission, deadline);
    while (!admission.admitted && rate !== null) {
      // At least 1 ms: a store answering "not yet, ask again now" must not spin.
      await sleep(Math.max(1, admission.waitMs), signal);
      admission = await store.admit(upstream, rate, now());
      checkQueueWait(call, admission, deadline);
    }
    if (admission.waitMs <= 0) return;
    const sendAt = now() + admission.waitMs;
    try {
      await sleep(admission.waitMs, signal);
    } catch (error) {
      if (rate !== null) store.release?.(upstream, rate, sendAt, now());
      throw error;
    }
  }

  function enqueue(
    call: CallInfo,
    signal: AbortSignal | undefined,
    admission: Admission | Promise<Admission> | null,
  ): Promise<void> {
    queued++;
    return waitSlowly(call, signal, admission).finally(() => {
      queued--;
    });
  }

  /**
   * `admission` null: the call is held (a pause, an exhausted budget) before it asks the store.
   * A call that had to wait out a hold after its admission asks again: its place was before
   * the hold, and sending now on it would add a burst at the hold's end to the rate.
   */
  async function waitSlowly(
    call: CallInfo,
    signal: AbortSignal | undefined,
    first: Admission | Promise<Admission> | null,
  ): Promise<void> {
    let admission = first;
    for (let check = 0; ; ) {
      if (admission === null) {
        check = await waitOutHolds(call, signal, readBudget(call.bucket), check);
        if (rate === null) return;
        admission = store.admit(upstream, rate, now());
      }
      await waitForAdmission(call, admission, signal);
      let budget = readBudget(call.bucket);
      if (budget.paceMs > 0) {
        // Pacing is advisory: never longer than maxWaitMs per send.
        const slot = Math.max(now(), lastPaced + Math.min(budget.paceMs, maxWaitMs));
        lastPaced = slot;
        await waitUntil(slot, signal);
        budget = readBudget(call.bucket);
      }
      const before = check;
      check = await waitOutHolds(call, signal, budget, check);
      if (check === before || rate === null) return;
      admission = null;
    }
  }

  /**
   * Waits until no pause or exhausted budget holds the call; returns the checks used so far.
   * A pause can be extended while we wait (a later 429): re-check after each wait. Bounded,
   * and never falls through to sending while still paused.
   */
  async function waitOutHolds(
    call: CallInfo,
    signal: AbortSignal | undefined,
    initial: BudgetWaits,
    checks: number,
  ): Promise<number> {
    let budget = initial;
    for (let check = checks; ; check++) {
      const at = now();
      const paused = tracker.pausedUntil(upstream, call.bucket);
      const until = Math.max(paused, budget.exhaustedUntil, call.notBefore);
      if (until <= at) return check;
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
   * common case where nothing asks it to wait. Throws `QueueFullError` at once, before taking a
   * slot, when `maxQueued` calls already wait or the client-side rate would hold this one
   * longer than `maxQueueWaitMs`.
   */
  return function waitForTurn(call: CallInfo, signal: AbortSignal | undefined) {
    const at = now();
    let admission = ADMITTED_NOW;
    if (queued >= maxQueued) refuse(call, 'full', lastAdmittedAt - at);
    const held = call.notBefore > at || tracker.pausedUntil(upstream, call.bucket) > at;
    // Held calls take no place before the hold ends, so its end is no burst.
    if (held && rate !== null) return enqueue(call, signal, null);
    if (rate !== null) {
      const answer = store.admit(upstream, rate, at);
      if (isPromise(answer)) return enqueue(call, signal, answer);
      admission = answer;
      checkQueueWait(call, admission, at + maxQueueWaitMs);
    }
    const budget = readBudget(call.bucket);
    const blocked =
      admission.waitMs > 0 ||
      !admission.admitted ||
      budget.paceMs > 0 ||
      budget.exhaustedUntil > at ||
      held;
    return blocked ? enqueue(call, signal, admission) : undefined;
  };
}
