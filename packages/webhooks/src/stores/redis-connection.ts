import { Redis, type RedisOptions } from 'ioredis';
import { settlesWithin } from '../deadline.js';
import { WebhookConfigError } from '../errors.js';

/** Where Redis is: a `redis://` URL or ioredis options. */
export type RedisConnectionOptions = string | RedisOptions;

/**
 * A client of our own (we close it), with an 'error' listener so connection errors never crash
 * the process. `failFast` clients refuse commands while disconnected and time out stuck ones, so
 * a request path answers 503 instead of waiting for Redis to return.
 */
export function connect(
  option: string,
  value: unknown,
  extra: RedisOptions & { failFast?: boolean },
): Redis {
  const { failFast, ...rest } = extra;
  const tuning: RedisOptions = failFast
    ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2000, ...rest }
    : rest;
  let client: Redis;
  if (typeof value === 'string') {
    if (!/^rediss?:\/\//.test(value))
      throw new WebhookConfigError(option, 'a redis:// URL or ioredis options', value);
    client = new Redis(value, tuning);
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    client = new Redis({ ...(value as RedisOptions), ...tuning });
  } else {
    throw new WebhookConfigError(option, 'a redis:// URL or ioredis options', value);
  }
  // Reported by the commands that fail instead.
  client.on('error', () => undefined);
  return client;
}

// One wait per client however many requests arrive while it connects (one listener, not one each).
const waits = new WeakMap<Redis, Promise<void>>();

/**
 * Resolves once a fail-fast client is connected, waiting at most `ms` for the connection: with
 * the offline queue off, a command sent before it would fail although Redis is fine.
 */
export function whenReady(client: Redis, ms = 1000): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  let wait = waits.get(client);
  if (wait === undefined) {
    wait = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('ready', onReady);
        reject(new Error(`redis not connected (${client.status})`));
      }, ms);
      const onReady = (): void => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', onReady);
    }).finally(() => waits.delete(client));
    waits.set(client, wait);
  }
  return wait;
}

/** Closes a client we created, without waiting forever for a server that went away. */
export async function disconnect(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  await settlesWithin(client.quit(), 1000);
  client.disconnect();
}
