/** Client-side rate: at most `requests` sends in any `perMs` window. */
export interface RateOption {
  /** Sends allowed per window (an integer from 1 to 1 000 000), e.g. 100. */
  readonly requests: number;
  /** Window length in milliseconds (1 to 86 400 000), e.g. 60 000 for "per minute". */
  readonly perMs: number;
}

/**
 * Reservations in a ring of the last `requests` send times: a send may go once the send
 * `requests` places back is `perMs` old. Reserving up front keeps concurrent callers in FIFO
 * order without a queue. A caller that leaves before its turn (aborted) gives its slot back and
 * the next reservation takes it, so abandoned calls never delay the live ones.
 */
export function createSlidingWindow({ requests, perMs }: RateOption) {
  const slots = new Array<number>(requests).fill(Number.NEGATIVE_INFINITY);
  let head = 0;
  // Future slots given back, earliest first. A slot already past cannot be reused: the ring
  // counted a send at that instant, and a later send in its place could exceed the rate.
  const freed: number[] = [];

  function dropPast(now: number): void {
    while ((freed[0] ?? Number.POSITIVE_INFINITY) < now) freed.shift();
  }

  return {
    /** Epoch ms at which the caller may send (≥ `now`); the slot is taken. */
    reserve(now: number): number {
      dropPast(now);
      const reused = freed.shift();
      if (reused !== undefined) return reused;
      const at = Math.max(now, (slots[head] ?? Number.NEGATIVE_INFINITY) + perMs);
      slots[head] = at;
      head = (head + 1) % requests;
      return at;
    },
    /** Gives back a reserved slot that will not be used. */
    release(slot: number, now: number): void {
      if (slot <= now) return;
      let i = freed.length;
      while (i > 0 && (freed[i - 1] ?? 0) > slot) i--;
      freed.splice(i, 0, slot);
    },
  };
}
