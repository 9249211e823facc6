import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The slice of `perf_hooks.IntervalHistogram` liveness reads (nanoseconds). */
export interface DelayHistogram {
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
  const p99Ms = (): number => {
    const ns = histogram.percentile(99);
    return Number.isFinite(ns) ? ns / 1e6 : 0;
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
      const current = p99Ms();
      if (now() - windowStart >= WINDOW_MS) {
        previousP99Ms = current;
        histogram.reset();
        windowStart = now();
      }
      return Math.max(previousP99Ms, current);
    },
    stop() {
      if (started) histogram.disable();
      started = false;
    },
  };
}
