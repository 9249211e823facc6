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
 * order without a queue; a reservation abandoned by an aborted caller is simply not reused.
 */
export function createSlidingWindow({ requests, perMs }: RateOption) {
  const slots = new Array<number>(requests).fill(Number.NEGATIVE_INFINITY);
  let head = 0;
  return {
    /** Epoch ms at which the caller may send (≥ `now`); the slot is taken. */
    reserve(now: number): number {
      const at = Math.max(now, (slots[head] ?? Number.NEGATIVE_INFINITY) + perMs);
      slots[head] = at;
      head = (head + 1) % requests;
      return at;
    },
  };
}
