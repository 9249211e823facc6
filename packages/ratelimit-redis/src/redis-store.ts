import {
  type Admission,
  createMemoryRateLimitStore,
  type RateLimitStore,
  type RateLimitStoreListener,
  type RateOption,
  type SharedBudget,
} from '@preflight/ratelimit';
import { createRedisGuard } from './redis-guard.js';
import {
  fallbackRateFor,
  type RedisRateLimitStoreOptions,
  resolveStoreConfig,
} from './redis-store-config.js';
import { ADMIT_SCRIPT, BUDGET_SCRIPT, createScript, PAUSE_SCRIPT } from './scripts.js';
import {
  createSharedStateReader,
  encodeBucket,
  PRIMARY_FIELD,
  WHOLE_UPSTREAM,
} from './shared-state.js';
import { storeInstruments } from './store-metrics.js';

const MAX_FIELDS = 64; // buckets (header-provided names) kept per upstream in each hash
const MAX_KEY_CACHE = 1024;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The keys of one upstream; all share one hash tag, so one script can touch them on a Cluster. */
export interface UpstreamKeys {
  /** GCRA state of one rate: the theoretical arrival time, in µs of Redis time. */
  readonly admission: (rate: RateOption) => string;
  /** Hash: bucket name (`''` for the whole upstream) → pause end, epoch ms. */
  readonly pauses: string;
  /** Hash: bucket name → its last observed budget; field `''` names the primary bucket. */
  readonly budgets: string;
}

/**
 * `{…}` is Redis Cluster's hash tag: only the part inside the braces picks the slot. The
 * upstream name is percent-encoded, so braces in it cannot end the tag early.
 */
export function upstreamKeys(prefix: string, upstream: string): UpstreamKeys {
  const tag = `${prefix}{${encodeURIComponent(upstream)}}`;
  return {
    admission: (rate) => `${tag}:admit:${rate.requests}/${rate.perMs}`,
    pauses: `${tag}:pauses`,
    budgets: `${tag}:budgets`,
  };
}

function parseAdmission(reply: unknown): { admitted: boolean; waitMs: number } | undefined {
  if (!Array.isArray(reply) || reply.length < 4) return undefined;
  const waitMs = Number(reply[1]);
  if (!Number.isFinite(waitMs) || waitMs < 0) return undefined;
  return { admitted: Number(reply[0]) === 1, waitMs };
}

/**
 * A {@link RateLimitStore} on Redis (or Valkey) that holds a whole fleet to one partner budget:
 * GCRA admission in one `EVALSHA` round trip on Redis's clock, the freshest observed budget and
 * every 429 pause shared by all replicas. Every call is bounded by `timeoutMs`; while Redis is
 * away each replica admits locally at `fallback.rate`, and goes back to shared admission by
 * itself once Redis answers. Never throws on a request path.
 *
 * @example
 * const store = createRedisRateLimitStore({ client: new Redis(process.env.REDIS_URL), fallback: { replicas: 4 } });
 * const partnerFetch = createRateLimitedFetch({ upstream: 'partner', store, rate: { requests: 600, perMs: 60_000 } });
 */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): RateLimitStore {
  const config = resolveStoreConfig(options);
  const { send, prefix } = config;
  const instruments = storeInstruments(config.meter);
  const guard = createRedisGuard(config, instruments);
  const admitScript = createScript(ADMIT_SCRIPT);
  const pauseScript = createScript(PAUSE_SCRIPT);
  const budgetScript = createScript(BUDGET_SCRIPT);
  const local = createMemoryRateLimitStore();
  const listeners = new Set<RateLimitStoreListener>();
  const reader = createSharedStateReader(listeners);
  const keyCache = new Map<string, UpstreamKeys>();
  const primed = new Map<string, number>();
  const lastShared = new Map<string, number>();

  // Loaded once up front so the first EVALSHA usually hits; NOSCRIPT later reloads via EVAL.
  for (const script of [admitScript, pauseScript, budgetScript]) {
    guard.run('probe', () => send('SCRIPT', ['LOAD', script.source])).catch(() => undefined);
  }

  function keysOf(upstream: string): UpstreamKeys {
    let keys = keyCache.get(upstream);
    if (keys === undefined) {
      keys = upstreamKeys(prefix, upstream);
      keyCache.set(upstream, keys);
      if (keyCache.size > MAX_KEY_CACHE) keyCache.delete(keyCache.keys().next().value as string);
    }
    return keys;
  }

  function fallbackAdmit(upstream: string, rate: RateOption, now: number): Admission {
    const localRate = fallbackRateFor(config, rate);
    if (primed.get(upstream) !== guard.episode) {
      // The shared budget may have just been spent (this replica admitted through Redis within
      // the window): the outage then starts one interval from now, not with a send at once
      // from every replica.
      primed.set(upstream, guard.episode);
      if (primed.size > MAX_KEY_CACHE) primed.delete(primed.keys().next().value as string);
      if (now - (lastShared.get(upstream) ?? Number.NEGATIVE_INFINITY) < rate.perMs)
        local.admit(upstream, localRate, now);
    }
    const admission = local.admit(upstream, localRate, now) as Admission;
    if (admission.waitMs > 0)
      instruments().admissionsDelayed.add(1, { upstream, mode: 'fallback' });
    return admission;
  }

  async function admitShared(upstream: string, rate: RateOption, now: number) {
    const keys = keysOf(upstream);
    // µs, rounded up: admissions are never closer than perMs / requests.
    const interval = String(Math.ceil((rate.perMs * 1000) / rate.requests));
    const started = performance.now();
    const reply = await guard.run('admit', () =>
      admitScript.run(send, [keys.admission(rate), keys.pauses, keys.budgets], [interval]),
    );
    const at = now + (performance.now() - started);
    if (reply === undefined) return fallbackAdmit(upstream, rate, at);
    const admission = parseAdmission(reply);
    if (admission === undefined) {
      guard.reject(new Error('unexpected admission reply'));
      return fallbackAdmit(upstream, rate, at);
    }
    const [, , pauses, budgets] = reply as unknown[];
    try {
      reader.pauses(upstream, pauses, at);
      reader.budgets(upstream, budgets);
    } catch {
      // A listener that throws must not fail the admission.
    }
    if (admission.admitted) {
      lastShared.delete(upstream);
      lastShared.set(upstream, at);
      if (lastShared.size > MAX_KEY_CACHE)
        lastShared.delete(lastShared.keys().next().value as string);
    }
    if (admission.waitMs === 0) return admission;
    instruments().admissionsDelayed.add(1, { upstream, mode: 'shared' });
    if (admission.admitted) return admission;
    // Ask again one round trip early: the ask then reaches Redis about when the turn comes,
    // instead of a round trip after it (a turn nobody takes at once is capacity lost).
    const roundTrip = performance.now() - started;
    return { admitted: false, waitMs: Math.max(0, admission.waitMs - roundTrip) };
  }

  function write(operation: 'record_budget' | 'record_pause', task: () => Promise<unknown>) {
    // While down, writes are dropped rather than queued: this replica's tracker keeps them.
    if (guard.down) return;
    guard.run(operation, task).catch(() => undefined);
  }

  return {
    admit(upstream, rate, now) {
      if (guard.down) {
        guard.probe();
        return fallbackAdmit(upstream, rate, now);
      }
      return admitShared(upstream, rate, now);
    },

    release(upstream, rate, at, now) {
      // Shared admissions are never reserved ahead; only the fallback's are. Forwarding a shared
      // one would free a slot the local window never gave, for a later outage to hand out.
      if (guard.down) local.release?.(upstream, fallbackRateFor(config, rate), at, now);
    },

    recordBudget(budget: SharedBudget) {
      if (budget.buckets.length === 0) return;
      const args: string[] = [String(budget.observedAt), '', String(MAX_FIELDS)];
      let latestReset = 0;
      for (const bucket of budget.buckets.slice(0, MAX_FIELDS)) {
        args.push(bucket.name, encodeBucket(bucket, budget.observedAt));
        if (bucket.resetAt !== null) latestReset = Math.max(latestReset, bucket.resetAt);
      }
      if (budget.primary !== null) {
        args.push(PRIMARY_FIELD, `${budget.observedAt}|${budget.primary}`);
      }
      // Kept until the latest reset it names (an hour when none), so nothing leaks.
      const ttl =
        latestReset > budget.observedAt ? latestReset - budget.observedAt + 1000 : HOUR_MS;
      args[1] = String(Math.min(Math.ceil(ttl), DAY_MS));
      const keys = keysOf(budget.upstream);
      write('record_budget', () => budgetScript.run(send, [keys.budgets], args));
    },

    recordPause(upstream, untilMs, bucket) {
      const ttl = Math.ceil(untilMs - Date.now()) + 1000;
      if (!Number.isFinite(ttl) || ttl <= 1000) return;
      const keys = keysOf(upstream);
      const args = [
        bucket ?? WHOLE_UPSTREAM,
        String(Math.ceil(untilMs)),
        String(ttl),
        String(MAX_FIELDS),
      ];
      write('record_pause', () => pauseScript.run(send, [keys.pauses], args));
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
