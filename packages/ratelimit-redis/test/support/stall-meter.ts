/**
 * Measures when this process could not run at all: descheduled on a loaded machine, or blocked.
 * A timer chain fires every `periodMs`; a tick that comes `toleranceMs` or more late means the
 * event loop was unavailable from when it was due until it ran, since an idle loop runs a due
 * timer at once. A latency minus the stalls inside it is the time the code under test took on
 * a machine that runs it (its own timers, waits and I/O); stalls of other processes are not in
 * it, so it only fits code that runs in this process.
 */
export function startStallMeter(periodMs = 5, toleranceMs = 5) {
  // [due + tolerance, fired] of each late tick, performance.now() ms.
  const stalls: Array<readonly [number, number]> = [];
  let last = performance.now();
  let timer: NodeJS.Timeout;
  const tick = () => {
    const now = performance.now();
    const from = last + periodMs + toleranceMs;
    if (now > from) stalls.push([from, now]);
    last = now;
    timer = setTimeout(tick, periodMs);
  };
  timer = setTimeout(tick, periodMs);

  return {
    /**
     * Stalled ms inside [from, to] (performance.now() stamps taken by running code, so no stall
     * straddles them). Call right at `to`: a stall that has just ended but whose tick has not
     * run yet counts too.
     */
    stalledBetween(from: number, to: number): number {
      const open = last + periodMs + toleranceMs;
      const all = open < to ? [...stalls, [open, to] as const] : stalls;
      let ms = 0;
      for (const [start, end] of all) ms += Math.max(0, Math.min(end, to) - Math.max(start, from));
      return ms;
    },
    stop(): void {
      clearTimeout(timer);
    },
  };
}
