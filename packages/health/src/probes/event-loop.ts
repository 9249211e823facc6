import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The slice of `perf_hooks.IntervalHistogram` liveness reads (nanoseconds). */
export interface DelayHistogram {
  /** Samples recorded since the last reset. */
  readonly count: number;
  percentile(p: number): number;
  reset(): void;
  enable(): boolean;
  disable(): boolean;
}

/** Reports the event loop's p99 delay over a sliding pair of windows. */
export interface EventLoopMonitor {
  /** p99 delay in ms: the larger of the last complete window and the current one. */
  delayMs(): number;
  stop(): void;
}

const WINDOW_MS = 10_000;

/**
 * Samples the event loop with `monitorEventLoopDelay`. A window keeps one slow GC pause from
 * failing liveness while sustained delay (a wedged process) does.
 */
export function createEventLoopMonitor(
  now: () => number,
  histogram: DelayHistogram = monitorEventLoopDelay({ resolution: 20 }),
): EventLoopMonitor {
  let started = false;
  let windowStart = 0;
  let previousP99Ms = 0;
  const toMs = (ns: number): number => (Number.isFinite(ns) ? ns / 1e6 : 0);
  // A full window is judged on its p99 however few samples it holds: few samples over 10 s
  // means the loop was blocked. A partial window's p99 is its maximum until it holds ~100
  // samples, so one startup or GC pause would decide it; cap the rank so that at least two
  // samples must reach the reported delay.
  const partialP99Ms = (): number => {
    const n = histogram.count;
    return n < 2 ? 0 : toMs(histogram.percentile(Math.min(99, (100 * (n - 1)) / n)));
  };
  return {
    delayMs() {
      // Enabled on first probe so a health object that is never probed costs nothing.
      if (!started) {
        started = true;
        histogram.enable();
        windowStart = now();
        return 0;
      }
      if (now() - windowStart < WINDOW_MS) return Math.max(previousP99Ms, partialP99Ms());
      previousP99Ms = toMs(histogram.percentile(99));
      histogram.reset();
      windowStart = now();
      return previousP99Ms;
    },
    stop() {
      if (started) histogram.disable();
      started = false;
    },
  };
}
