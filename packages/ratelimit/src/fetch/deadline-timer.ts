import type { Sleep } from './sleep.js';

/**
 * The clock and timer a {@link DeadlineTimer} runs on: the real one, or one driven by the
 * `now`/`sleep` injected into `createRateLimitedFetch` (see {@link sleepTimerHost}).
 */
export interface TimerHost {
  /** Milliseconds, never going back. */
  now(): number;
  /**
   * Calls `fire` once after `ms`. Returns a cancel function when a wake left pending would
   * cost something (hold the process open, show as a pending timer); the timer calls it once
   * no deadline is armed. Without one, an idle wake is left to fire and finds nothing due.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a host that never cancels returns nothing
  schedule(fire: () => void, ms: number): (() => void) | void;
}

/**
 * Real time: `performance.now()` and an unref'd `setTimeout`, never cleared: a wake with
 * nothing due costs less than a clear and re-arm per request.
 */
export const REAL_TIMER_HOST: TimerHost = {
  now: () => performance.now(),
  schedule(fire, ms) {
    setTimeout(fire, ms).unref();
  },
};

/**
 * Time from an injected clock and sleep (tests, simulations): the same shared timer then runs
 * on them. An injected sleep may not be unref'd, so its wake is cancelled once idle. A sleep
 * that resolves is taken at its word, its `ms` have passed even when `now` says less (a real
 * clock beside a sleep that skips waits): otherwise the timer would wake to find nothing due
 * and sleep again, over and over, without yielding to I/O.
 */
export function sleepTimerHost(now: () => number, sleep: Sleep): TimerHost {
  let reached = Number.NEGATIVE_INFINITY;
  const current = () => Math.max(now(), reached);
  return {
    now: current,
    schedule(fire, ms) {
      const target = current() + ms;
      const cancel = new AbortController();
      sleep(ms, cancel.signal).then(
        () => {
          reached = Math.max(reached, target);
          fire();
        },
        () => undefined,
      );
      return () => cancel.abort();
    },
  };
}

/** One armed deadline; pass it back to `disarm`. */
export interface Deadline<T> {
  readonly at: number;
  readonly target: T;
}

/** Per-attempt timeouts of one wrapper sharing a single timer. */
export interface DeadlineTimer<T> {
  /** Calls the timer's `onExpire(target)` once `timeoutMs` have passed, unless disarmed first. */
  arm(target: T): Deadline<T>;
  disarm(deadline: Deadline<T>): void;
  /** Deadlines armed and not yet expired or disarmed. */
  size(): number;
}

/**
 * Every attempt of a wrapper has the same timeout, so deadlines are armed in the order they
 * expire: a `Set` in insertion order is the queue, and one timer armed for its head serves
 * them all. Arming and disarming cost a `Set` insert and delete and no timer: creating and
 * clearing a `setTimeout` per request measured several per cent of a loopback request's CPU.
 * The timer is unref'd, so it never keeps the process alive on its own.
 */
export function createDeadlineTimer<T>(
  timeoutMs: number,
  onExpire: (target: T) => void,
  host: TimerHost = REAL_TIMER_HOST,
): DeadlineTimer<T> {
  const pending = new Set<Deadline<T>>();
  // Whether a wake is scheduled; it fires at or before the head's deadline. `wake` numbers the
  // current one, so a wake cancelled too late to stop (already resolving) does nothing.
  let scheduled = false;
  let wake = 0;
  let cancel: (() => void) | undefined;

  function schedule(at: number): void {
    scheduled = true;
    const current = ++wake;
    const stop = host.schedule(
      () => {
        if (current === wake) sweep();
      },
      Math.max(1, Math.ceil(at - host.now())),
    );
    cancel = typeof stop === 'function' ? stop : undefined;
  }

  function sweep(): void {
    scheduled = false;
    cancel = undefined;
    const at = host.now();
    const expired: Deadline<T>[] = [];
    for (const deadline of pending) {
      if (deadline.at > at) break;
      expired.push(deadline);
    }
    for (const deadline of expired) pending.delete(deadline);
    // Re-armed before the callbacks run, so deadlines they arm find the timer scheduled.
    for (const head of pending) {
      schedule(head.at);
      break;
    }
    for (const deadline of expired) onExpire(deadline.target);
  }

  return {
    arm(target) {
      const deadline: Deadline<T> = { at: host.now() + timeoutMs, target };
      pending.add(deadline);
      if (!scheduled) schedule(deadline.at);
      return deadline;
    },
    disarm(deadline) {
      // The wake is left to fire: finding nothing due, it re-arms for the next deadline or
      // stops. One wake-up per timeout period instead of a clear and re-arm per request, unless
      // the host asks for idle wakes to be cancelled.
      pending.delete(deadline);
      if (pending.size === 0 && cancel !== undefined) {
        cancel();
        cancel = undefined;
        scheduled = false;
        wake++;
      }
    },
    size: () => pending.size,
  };
}
