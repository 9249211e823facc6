import type { Meter } from '@opentelemetry/api';
import { createOptionValidators, type RateOption } from '@preflight/ratelimit';
import { RedisStoreConfigError } from './errors.js';
import { type SendCommand, toSendCommand } from './redis-client.js';

/** The part of a pino-style logger the store calls. */
export interface RedisStoreLogger {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

/** What the store does while Redis is unreachable. */
export interface RedisStoreFallbackOptions {
  /**
   * Rate of the in-process limiter each replica falls back to, for every upstream.
   * @default the fleet rate divided by `replicas` (at least 1 request per window)
   */
  readonly rate?: RateOption | undefined;
  /**
   * How many replicas you run: while Redis is away, each admits `1 / replicas` of the fleet
   * rate, so the fleet together stays within it. Set it; the default assumes one replica.
   * @default 1
   */
  readonly replicas?: number | undefined;
}

/** Options of `createRedisRateLimitStore`; only `client` is required. */
export interface RedisRateLimitStoreOptions {
  /**
   * Your connected client: ioredis (`new Redis(url)`, `Cluster`), node-redis
   * (`await createClient({ url }).connect()`), or their Valkey forks. The store never closes it.
   */
  readonly client: unknown;
  /**
   * Prefix of every key (keys are `<prefix>{<upstream>}:…`; the braces are Cluster's hash tag).
   * @default 'preflight:ratelimit:'
   */
  readonly prefix?: string | undefined;
  /**
   * Longest wait for any Redis reply; then the call falls back to the local limiter.
   * @default 50
   */
  readonly timeoutMs?: number | undefined;
  /** @default { replicas: 1 } */
  readonly fallback?: RedisStoreFallbackOptions | undefined;
  /**
   * While falling back, how often (at most) a `PING` checks whether Redis answers again.
   * @default 1000
   */
  readonly retryMs?: number | undefined;
  /**
   * Meter for the store's metrics. Without one, the global provider's
   * `@preflight/ratelimit-redis` meter as it is when the store records, so the store may be
   * created before or after the SDK starts.
   * @default metrics.getMeter('@preflight/ratelimit-redis'), at recording time
   */
  readonly meter?: Meter | undefined;
  /**
   * pino-style logger: one `warn` when the store falls back, one `info` when it is shared again.
   * @default undefined
   */
  readonly logger?: RedisStoreLogger | undefined;
}

export interface RedisStoreConfig {
  readonly send: SendCommand;
  readonly prefix: string;
  readonly timeoutMs: number;
  readonly fallbackRate: RateOption | null;
  readonly replicas: number;
  readonly retryMs: number;
  /** The `meter` option; `undefined`: the global provider's, looked up at recording time. */
  readonly meter: Meter | undefined;
  readonly logger: RedisStoreLogger | undefined;
}

/** Every option with its default (`undefined`: none); the known keys. */
const DEFAULTS = {
  client: undefined,
  prefix: 'preflight:ratelimit:',
  timeoutMs: 50,
  fallback: {},
  retryMs: 1000,
  meter: undefined,
  logger: undefined,
} as const satisfies { readonly [K in keyof Required<RedisRateLimitStoreOptions>]: unknown };

const FALLBACK_DEFAULTS = { rate: undefined, replicas: 1 } as const satisfies {
  readonly [K in keyof Required<RedisStoreFallbackOptions>]: unknown;
};

// The same helpers as @preflight/ratelimit's options, throwing this package's error.
const { integerOption, objectOption, optionsObject, rateOption, stringOption } =
  createOptionValidators(RedisStoreConfigError);

const PREFIX = /^[^{}]{0,200}$/;

/** Validates the options once, at creation; throws naming the bad option. */
export function resolveStoreConfig(options: RedisRateLimitStoreOptions): RedisStoreConfig {
  const o = optionsObject<RedisRateLimitStoreOptions>('options', options, DEFAULTS, {
    required: true,
    what: 'an object with at least `client`',
  });
  // `null` defaults: `fallback` has accepted keys it does not know since its first release
  // (only the top-level keys were ever checked), and rejecting them now would break a store
  // configured with one at startup.
  const fallback = optionsObject<RedisStoreFallbackOptions>('fallback', o.fallback, null, {
    what: '{ rate?, replicas? }',
  });
  return {
    send: toSendCommand(o.client),
    prefix: stringOption('prefix', o.prefix ?? DEFAULTS.prefix, {
      empty: true,
      blank: true,
      pattern: PREFIX,
      what: 'a string of at most 200 characters without braces',
    }),
    timeoutMs: integerOption('timeoutMs', o.timeoutMs ?? DEFAULTS.timeoutMs, {
      min: 1,
      max: 60_000,
    }),
    fallbackRate: rateOption('fallback.rate', fallback.rate ?? FALLBACK_DEFAULTS.rate),
    replicas: integerOption('fallback.replicas', fallback.replicas ?? FALLBACK_DEFAULTS.replicas, {
      min: 1,
      max: 100_000,
    }),
    retryMs: integerOption('retryMs', o.retryMs ?? DEFAULTS.retryMs, { min: 1, max: 3_600_000 }),
    meter:
      o.meter === undefined
        ? undefined
        : objectOption<Meter>('meter', o.meter, { methods: ['createHistogram', 'createCounter'] }),
    logger:
      o.logger === undefined
        ? undefined
        : objectOption<RedisStoreLogger>('logger', o.logger, { methods: ['warn'] }),
  };
}

/**
 * The local limiter's rate for a fleet `rate` (`fallback.rate`, else rate / replicas), as one
 * request per interval: spaced evenly like the shared admission, so a replica that falls back
 * alone does not add a burst on top of the others' shared sends.
 */
export function fallbackRateFor(config: RedisStoreConfig, rate: RateOption): RateOption {
  const { requests, perMs } = config.fallbackRate ?? {
    requests: Math.max(1, Math.floor(rate.requests / config.replicas)),
    perMs: rate.perMs,
  };
  return { requests: 1, perMs: Math.ceil(perMs / requests) };
}
