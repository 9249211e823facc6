import { type Meter, metrics } from '@opentelemetry/api';
import type { RateOption } from '@preflight/ratelimit';
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
   * Meter for the store's metrics.
   * @default metrics.getMeter('@preflight/ratelimit-redis') (no-op without an SDK)
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
  readonly meter: Meter;
  readonly logger: RedisStoreLogger | undefined;
}

const DEFAULTS = { prefix: 'preflight:ratelimit:', timeoutMs: 50, replicas: 1, retryMs: 1000 };
const KNOWN = new Set(['client', 'prefix', 'timeoutMs', 'fallback', 'retryMs', 'meter', 'logger']);

function wholeNumber(option: string, value: unknown, min: number, max: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
    return value;
  }
  throw new RedisStoreConfigError(
    option,
    `must be an integer from ${min} to ${max}, got ${String(value)}`,
  );
}

function resolveRate(rate: RateOption | undefined): RateOption | null {
  if (rate === undefined) return null;
  if (typeof rate !== 'object' || rate === null) {
    throw new RedisStoreConfigError('fallback.rate', 'must be { requests, perMs }');
  }
  return {
    requests: wholeNumber('fallback.rate.requests', rate.requests, 1, 1_000_000),
    perMs: wholeNumber('fallback.rate.perMs', rate.perMs, 1, 86_400_000),
  };
}

/** Validates the options once, at creation; throws naming the bad option. */
export function resolveStoreConfig(options: RedisRateLimitStoreOptions): RedisStoreConfig {
  if (typeof options !== 'object' || options === null) {
    throw new RedisStoreConfigError('options', 'must be an object with at least `client`');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key))
      throw new RedisStoreConfigError(key, `is not an option (known: ${[...KNOWN].join(', ')})`);
  }
  const prefix = options.prefix ?? DEFAULTS.prefix;
  if (typeof prefix !== 'string' || prefix.length > 200 || /[{}]/.test(prefix)) {
    throw new RedisStoreConfigError(
      'prefix',
      'must be a string of at most 200 characters without braces',
    );
  }
  const fallback = options.fallback ?? {};
  if (typeof fallback !== 'object' || fallback === null) {
    throw new RedisStoreConfigError('fallback', 'must be { rate?, replicas? }');
  }
  const logger = options.logger;
  if (logger !== undefined && typeof logger?.warn !== 'function') {
    throw new RedisStoreConfigError('logger', 'must have a `warn(obj, msg)` method');
  }
  const meter = options.meter ?? metrics.getMeter('@preflight/ratelimit-redis');
  if (typeof meter?.createHistogram !== 'function' || typeof meter.createCounter !== 'function') {
    throw new RedisStoreConfigError('meter', 'must be an OpenTelemetry Meter');
  }
  return {
    send: toSendCommand(options.client),
    prefix,
    timeoutMs: wholeNumber('timeoutMs', options.timeoutMs ?? DEFAULTS.timeoutMs, 1, 60_000),
    fallbackRate: resolveRate(fallback.rate),
    replicas: wholeNumber('fallback.replicas', fallback.replicas ?? DEFAULTS.replicas, 1, 100_000),
    retryMs: wholeNumber('retryMs', options.retryMs ?? DEFAULTS.retryMs, 1, 3_600_000),
    meter,
    logger,
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
