import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRedisRateLimitStore,
  isRateLimitRedisError,
  isRedisStoreConfigError,
  RATELIMIT_REDIS_METRICS,
} from '../src/index.js';

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const downClient = {
  call: async () => {
    throw new Error('connection refused');
  },
};

const RATE = { requests: 10, perMs: 1000 };

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('createRedisRateLimitStore – the global meter rule', () => {
  afterEach(() => {
    metrics.disable();
  });

  it('records on an SDK started after the store was created', async () => {
    // Answers the script loads at creation, then fails: the admission falls back and counts it.
    let failing = false;
    const client = {
      call: async () => {
        if (failing) throw new Error('connection refused');
        return 'OK';
      },
    };
    const store = createRedisRateLimitStore({ client });
    await settle();
    failing = true;
    const reader = new TestReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    await store.admit('partner', RATE, Date.now());
    await settle();
    const { resourceMetrics } = await reader.collect();
    const names = resourceMetrics.scopeMetrics
      .filter((scope) => scope.scope.name === '@preflight/ratelimit-redis')
      .flatMap((scope) => scope.metrics.map((m) => m.descriptor.name));
    expect(names).toContain(RATELIMIT_REDIS_METRICS.storeDuration);
    expect(names).toContain(RATELIMIT_REDIS_METRICS.fallbacks);
  });
});

describe('errors', () => {
  it('guards recognise errors from another copy of the package by code', () => {
    const foreign = Object.assign(new Error('x'), { code: 'ERR_RATELIMIT_REDIS_CONFIG' });
    expect(isRateLimitRedisError(foreign)).toBe(true);
    expect(isRedisStoreConfigError(foreign)).toBe(true);
    expect(isRateLimitRedisError(new Error('plain'))).toBe(false);
    expect(isRateLimitRedisError({ code: 'ERR_RATELIMIT_CONFIG' })).toBe(false);
  });

  it('read "option `path` <rule>; got <value>"', () => {
    let error: unknown;
    try {
      createRedisRateLimitStore({ client: downClient, timeoutMs: 0 });
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toBe(
      '@preflight/ratelimit-redis: option `timeoutMs` must be an integer from 1 to 60000; got 0',
    );
  });
});
