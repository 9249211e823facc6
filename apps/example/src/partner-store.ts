import type { RateLimitStore } from '@preflight/ratelimit';
import { createRedisRateLimitStore } from '@preflight/ratelimit-redis';
import { Redis } from 'ioredis';
import type { ServiceConfig } from './config.js';

/** The shared partner budget when `REDIS_URL` is set, and how to let go of its client. */
export interface PartnerStore {
  readonly store: RateLimitStore | undefined;
  /** Resolves once the Redis client is connected (at once without Redis). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * With `REDIS_URL`, one Redis client for the rate-limit store; without it, the in-process
 * store. The store bounds every command by its `timeoutMs`, so the client's defaults are fine.
 */
export function createPartnerStore(
  config: ServiceConfig,
  logger: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void },
): PartnerStore {
  if (config.redisUrl === undefined) {
    return { store: undefined, ready: async () => undefined, close: async () => undefined };
  }
  const client = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
  // Connection errors reach us through the store's fallback warning; don't crash on them.
  client.on('error', () => undefined);
  const store = createRedisRateLimitStore({
    client,
    timeoutMs: config.redisTimeoutMs,
    fallback: { replicas: config.replicas },
    logger,
  });
  const connected = new Promise<void>((resolve) => client.once('ready', () => resolve()));
  return {
    store,
    ready: () => connected,
    close: async () => {
      client.disconnect();
    },
  };
}
