import { optionsObject, stringOption } from '../validate.js';
import {
  type ClaimResult,
  DEDUPE_TTL_DEFAULTS,
  type DedupeStore,
  type DedupeTtlOptions,
  resolveDedupeTtl,
} from './dedupe-store.js';
import { connect, disconnect, type RedisConnectionOptions, whenReady } from './redis-connection.js';

/** Options of {@link createRedisDedupeStore}. */
export interface RedisDedupeOptions extends DedupeTtlOptions {
  /** Redis shared by every replica. */
  readonly connection: RedisConnectionOptions;
  /** Key prefix. @default 'preflight:webhooks:dedupe:' */
  readonly prefix?: string;
}

/** Every option with its default (`undefined`: required); the known keys. */
const DEFAULTS = {
  connection: undefined,
  prefix: 'preflight:webhooks:dedupe:',
  ...DEDUPE_TTL_DEFAULTS,
} as const satisfies { readonly [K in keyof Required<RedisDedupeOptions>]: unknown };

const PENDING = 'pending';
const DONE = 'done';
// Release only a claim, never a committed id (another replica may have committed meanwhile).
const RELEASE = `if redis.call('GET', KEYS[1]) == '${PENDING}' then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Dedupe on Redis, shared by every replica: a claim is `SET key pending NX PX pendingMs`, a
 * commit `SET key done PX ttlMs`. Commands fail fast while Redis is away (the receiver answers
 * 503 and the partner redelivers).
 */
export function createRedisDedupeStore(options: RedisDedupeOptions): DedupeStore {
  const o = optionsObject('options', options, DEFAULTS, { required: true });
  const prefix = stringOption('prefix', o.prefix ?? DEFAULTS.prefix);
  const { ttlMs, pendingMs } = resolveDedupeTtl(o);
  const redis = connect('connection', o.connection, { failFast: true });

  return {
    async claim(id): Promise<ClaimResult> {
      await whenReady(redis);
      const key = prefix + id;
      const set = await redis.set(key, PENDING, 'PX', pendingMs, 'NX');
      if (set === 'OK') return 'claimed';
      return (await redis.get(key)) === DONE ? 'duplicate' : 'in_flight';
    },
    async commit(id) {
      await whenReady(redis);
      await redis.set(prefix + id, DONE, 'PX', ttlMs);
    },
    async release(id) {
      await whenReady(redis);
      await redis.eval(RELEASE, 1, prefix + id);
    },
    close: () => disconnect(redis),
  };
}
