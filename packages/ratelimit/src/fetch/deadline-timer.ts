/** The clock and timer a {@link DeadlineTimer} runs on; tests pass a fake one. */
export interface TimerHost {
  /** Monotonic milliseconds. */
  now(): number;
  /** Calls `fire` once after `ms`; must not keep the process alive. */
  schedule(fire: () => void, ms: number): void;
}

/** Real time: `performance.now()` and an unref'd `setTimeout`. */
export const REAL_TIMER_HOST: TimerHost = {
  now: () => performance.now(),
  schedule(fire, ms) {
    setTimeout(fire, ms).unref();
  },
};

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
  // Whether a timer is scheduled; it fires at or before the head's deadline.
  let scheduled = false;

  function schedule(at: number): void {
    scheduled = true;
    host.schedule(sweep, Math.max(1, Math.ceil(at - host.now())));
  }

  function sweep(): void {
    scheduled = false;
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
      // The timer is left to fire: finding nothing due, it re-arms for the next deadline or
      // stops. One wake-up per timeout period instead of a clear and re-arm per request.
      pending.delete(deadline);
    },
    size: () => pending.size,
  };
}
