import type { Attributes } from '@opentelemetry/api';
import type { FallbackReason, StoreOperation } from './metric-names.js';
import type { RedisStoreConfig } from './redis-store-config.js';
import type { StoreInstruments } from './store-metrics.js';

// Commands the client may hold for us at once (a hung Redis keeps them pending until the
// client gives up); beyond it the store stops sending, so nothing queues without bound.
const MAX_IN_FLIGHT = 1000;
const TIMED_OUT = Symbol('timed out');
const WARN_EVERY_MS = 60_000;

/**
 * Bounds every store call by `timeoutMs` and tracks whether Redis is usable. The first failure
 * switches to fallback (one warning, one count); while falling back nothing is sent except a
 * `PING` at most every `retryMs`, and the first answer switches back to shared mode.
 */
export function createRedisGuard(config: RedisStoreConfig, instruments: () => StoreInstruments) {
  const { send, timeoutMs, retryMs, logger } = config;
  let down = false;
  let episode = 0;
  let lastFailure = 0;
  let lastWarning: number | undefined;
  let probing = false;
  let inFlight = 0;

  function log(level: 'warn' | 'info', obj: object, msg: string): void {
    try {
      if (level === 'warn') logger?.warn(obj, msg);
      else logger?.info?.(obj, msg);
    } catch {
      // A failing log sink must not fail the request path.
    }
  }

  function fail(reason: FallbackReason, error?: unknown): void {
    lastFailure = performance.now();
    if (down) return;
    down = true;
    schedule();
    episode += 1;
    instruments().fallbacks.add(1, { reason });
    // One warning per outage, and a flapping Redis (answering, then not) is one outage a minute.
    if (lastWarning !== undefined && lastFailure - lastWarning < WARN_EVERY_MS) return;
    lastWarning = lastFailure;
    log(
      'warn',
      { reason, timeoutMs, err: error === undefined ? undefined : String(error).slice(0, 200) },
      'rate-limit store: Redis unavailable, admitting with the local fallback limiter',
    );
  }

  async function bounded<T>(operation: StoreOperation, task: () => Promise<T>) {
    if (inFlight >= MAX_IN_FLIGHT) {
      fail('overload');
      return TIMED_OUT;
    }
    const started = performance.now();
    inFlight += 1;
    const pending = task();
    pending.then(
      () => {
        inFlight -= 1;
      },
      () => {
        inFlight -= 1;
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const attributes: Attributes = { operation, outcome: 'ok' };
    try {
      const result = await Promise.race([
        pending,
        new Promise<typeof TIMED_OUT>((resolve) => {
          // After a stall of this process's own event loop, timers run before the I/O that
          // arrived meanwhile; setImmediate lets that I/O (the reply) win first, so a busy
          // replica does not mistake its own pause for a slow Redis.
          timer = setTimeout(() => setImmediate(resolve, TIMED_OUT), timeoutMs);
        }),
      ]);
      if (result === TIMED_OUT) attributes.outcome = 'timeout';
      return result;
    } catch (error) {
      attributes.outcome = 'error';
      throw error;
    } finally {
      clearTimeout(timer);
      instruments().duration.record((performance.now() - started) / 1000, attributes);
    }
  }

  // While down, a timer probes even without traffic (unref'd: it never keeps a process alive).
  let probeTimer: NodeJS.Timeout | undefined;
  function schedule(): void {
    if (probeTimer !== undefined || !down) return;
    probeTimer = setTimeout(() => {
      probeTimer = undefined;
      probe();
      schedule();
    }, retryMs);
    probeTimer.unref();
  }

  function probe(): void {
    if (probing || performance.now() - lastFailure < retryMs) return;
    probing = true;
    bounded('probe', () => send('PING', [])).then(
      (reply) => {
        probing = false;
        if (reply === TIMED_OUT) {
          lastFailure = performance.now();
          return;
        }
        down = false;
        log('info', {}, 'rate-limit store: Redis answers again, shared admission resumed');
      },
      () => {
        probing = false;
        lastFailure = performance.now();
      },
    );
  }

  return {
    /** True while the store answers from its local fallback. */
    get down() {
      return down;
    },
    /**
     * Runs `task` against Redis within `timeoutMs`; `undefined` when Redis is down, slow or
     * failing (never throws). While down it only lets a background probe through.
     */
    async run<T>(operation: StoreOperation, task: () => Promise<T>): Promise<T | undefined> {
      if (down) {
        probe();
        return undefined;
      }
      try {
        const result = await bounded(operation, task);
        if (result !== TIMED_OUT) return result;
        fail('timeout');
      } catch (error) {
        fail('error', error);
      }
      return undefined;
    },
    /** Counts the switches to fallback: a new value is a new outage. */
    get episode() {
      return episode;
    },
    /** While down: checks (at most every `retryMs`, in the background) whether Redis is back. */
    probe,
    /** A reply the store cannot read counts as a failing Redis. */
    reject(error: unknown): void {
      fail('error', error);
    },
  };
}
