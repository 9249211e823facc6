import { describe, expect, it } from 'vitest';
import { isRedisStoreConfigError } from '../src/index.js';
import { type RedisRateLimitStoreOptions, resolveStoreConfig } from '../src/redis-store-config.js';

// The store's options go through @preflight/ratelimit's one `optionsObject` (bound to this
// package's error by `createOptionValidators`); these pin what this package relies on.

const client = { call: async () => 'OK' };

function thrown(create: () => unknown): Error & { option: string } {
  try {
    create();
  } catch (error) {
    expect(isRedisStoreConfigError(error)).toBe(true);
    return error as Error & { option: string };
  }
  throw new Error('expected a RedisStoreConfigError');
}

const accepted = (message: string) => message.slice(message.indexOf('accepted: ') + 10).split(', ');

describe('resolveStoreConfig() options object', () => {
  it('an unknown key is named as given and lists every option', () => {
    const error = thrown(() =>
      resolveStoreConfig({ client, timeout: 5 } as unknown as RedisRateLimitStoreOptions),
    );
    expect(error.option).toBe('timeout');
    expect(accepted(error.message)).toEqual([
      'client',
      'prefix',
      'timeoutMs',
      'fallback',
      'retryMs',
      'meter',
      'logger',
    ]);
  });

  it('keeps accepting unknown fallback keys (they were never checked)', () => {
    const config = resolveStoreConfig({
      client,
      fallback: { replicas: 3, replica: 4 } as never,
    });
    expect(config.replicas).toBe(3);
  });

  it('options and fallback fields given as undefined take their defaults', () => {
    const config = resolveStoreConfig({
      client,
      prefix: undefined,
      timeoutMs: undefined,
      fallback: { rate: undefined, replicas: undefined },
      retryMs: undefined,
      meter: undefined,
      logger: undefined,
    });
    expect(config).toMatchObject({
      prefix: 'preflight:ratelimit:',
      timeoutMs: 50,
      fallbackRate: null,
      replicas: 1,
      retryMs: 1000,
      meter: undefined,
      logger: undefined,
    });
    expect(resolveStoreConfig({ client, fallback: undefined }).replicas).toBe(1);
  });

  it.each([
    ['no options', undefined, 'options', 'must be an object with at least `client`; got undefined'],
    ['null', null, 'options', 'must be an object with at least `client`; got null'],
    [
      'a fallback that is not an object',
      { client, fallback: 4 },
      'fallback',
      'must be { rate?, replicas? }; got 4',
    ],
  ])('refuses %s, naming the option', (_case, options, option, rule) => {
    const error = thrown(() => resolveStoreConfig(options as never));
    expect(error.option).toBe(option);
    expect(error.message).toBe(`@preflight/ratelimit-redis: option \`${option}\` ${rule}`);
  });
});
