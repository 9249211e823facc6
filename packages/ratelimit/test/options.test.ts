import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveFetchConfig } from '../src/fetch/fetch-config.js';
import { RETRY_BUDGET_DEFAULTS } from '../src/fetch/retry-budget.js';
import {
  createMemoryRateLimitStore,
  createOptionValidators,
  createRateLimitedFetch,
  createRateLimitTracker,
  isRateLimitConfigError,
  type RateLimitedFetchOptions,
  type RateLimitTrackerOptions,
} from '../src/index.js';
import { resolveTrackerConfig } from '../src/tracker/tracker-config.js';
import { optionsObject } from '../src/validate.js';

function thrown(create: () => unknown): Error & { option: string } {
  try {
    create();
  } catch (error) {
    expect(isRateLimitConfigError(error)).toBe(true);
    return error as Error & { option: string };
  }
  throw new Error('expected a RateLimitConfigError');
}

// Every option of the public interfaces: a key missing from the accepted list would be
// rejected although documented, an extra one accepted although unknown.
const FETCH_OPTIONS: ReadonlyArray<keyof RateLimitedFetchOptions> = [
  'upstream',
  'fetch',
  'tracker',
  'meter',
  'logger',
  'bucket',
  'rate',
  'store',
  'pace',
  'maxAttempts',
  'backoffBaseMs',
  'backoffMaxMs',
  'attemptTimeoutMs',
  'maxWaitMs',
  'maxPauseMs',
  'maxQueued',
  'maxQueueWaitMs',
  'retryBudget',
  'idempotencyKey',
  'idempotencyKeyHeader',
  'maxErrorBodyBytes',
  'onGiveUp',
  'now',
  'sleep',
  'random',
];
const TRACKER_OPTIONS: ReadonlyArray<keyof RateLimitTrackerOptions> = [
  'meter',
  'logger',
  'lowWatermark',
  'now',
  'maxUpstreams',
  'maxBucketsPerUpstream',
  'store',
];

const accepted = (message: string) => message.slice(message.indexOf('accepted: ') + 10).split(', ');

describe('options – one form for every factory', () => {
  it('lists every createRateLimitedFetch option when a key is unknown', () => {
    const error = thrown(() => createRateLimitedFetch({ upstream: 'p', retrys: 3 } as never));
    expect(error.option).toBe('options.retrys');
    expect(accepted(error.message).sort()).toEqual([...FETCH_OPTIONS].sort());
  });

  it('lists every createRateLimitTracker option when a key is unknown', () => {
    const error = thrown(() => createRateLimitTracker({ meters: {} } as never));
    expect(error.option).toBe('options.meters');
    expect(accepted(error.message).sort()).toEqual([...TRACKER_OPTIONS].sort());
  });

  it('names an unknown retryBudget key with its path', () => {
    const error = thrown(() =>
      createRateLimitedFetch({ upstream: 'p', retryBudget: { rate: 1 } as never }),
    );
    expect(error.option).toBe('retryBudget.rate');
    expect(accepted(error.message)).toEqual(['ratio', 'minPerSecond', 'burst']);
  });

  it.each([
    [
      () => createRateLimitedFetch({ upstream: 'p', maxAttempts: 0 }),
      'maxAttempts',
      'must be an integer from 1 to 100; got 0',
    ],
    [
      () => createRateLimitedFetch({ upstream: 'p', pace: 'yes' as never }),
      'pace',
      'must be true or false; got a string ("yes")',
    ],
    [
      () => createRateLimitedFetch({ upstream: 'p', retryBudget: { ratio: -1 } }),
      'retryBudget.ratio',
      'must be a number from 0 to 100; got -1',
    ],
    [
      () => createRateLimitedFetch({ upstream: 'p', rate: { requests: 1, perMs: 0 } }),
      'rate.perMs',
      'must be an integer from 1 to 86400000; got 0',
    ],
    [() => createRateLimitTracker({ now: 5 as never }), 'now', 'must be a function; got 5'],
    [
      () => createRateLimitTracker({ logger: {} as never }),
      'logger',
      'must be an object with method(s) warn; missing warn; got object',
    ],
    [
      () => createMemoryRateLimitStore({ maxKeys: 1.5 }),
      'maxKeys',
      'must be an integer from 1 to 9007199254740991; got 1.5',
    ],
  ])('reads "option `path` <rule>; got <value>" (%#)', (create, option, rule) => {
    const error = thrown(create);
    expect(error.option).toBe(option);
    expect(error.message).toBe(`@preflight/ratelimit: option \`${option}\` ${rule}`);
  });

  it('keeps accepting unknown keys of the memory store (it never rejected them)', () => {
    expect(() => createMemoryRateLimitStore({ maxkeys: 5 } as never)).not.toThrow();
  });
});

describe('createOptionValidators – properties', () => {
  class TestOptionError extends Error {
    constructor(
      readonly option: string,
      rule: string,
    ) {
      super(`option \`${option}\` ${rule}`);
    }
  }
  const { integerOption, numberOption, rateOption } = createOptionValidators(TestOptionError);
  const anyValue = fc.oneof(
    fc.integer({ min: -1000, max: 1000 }),
    fc.double(),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.object(),
  );

  it('integerOption returns exactly the whole numbers within the bounds, else names the option', () => {
    fc.assert(
      fc.property(
        anyValue,
        fc.integer({ min: -100, max: 100 }),
        fc.nat(200),
        (value, min, span) => {
          const max = min + span;
          const valid =
            typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
          try {
            expect(integerOption('a.b', value, { min, max })).toBe(value);
            expect(valid).toBe(true);
          } catch (error) {
            expect(valid).toBe(false);
            expect(error).toBeInstanceOf(TestOptionError);
            expect((error as TestOptionError).option).toBe('a.b');
            expect((error as Error).message).toMatch(
              /^option `a\.b` must be an integer from -?\d+ to -?\d+; got /,
            );
          }
        },
      ),
    );
  });

  it('numberOption never lets NaN, infinities or non-numbers through', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const valid = typeof value === 'number' && Number.isFinite(value) && value >= 0;
        let accepted = true;
        try {
          numberOption('n', value, { min: 0, max: Number.MAX_VALUE });
        } catch (error) {
          accepted = false;
          expect((error as TestOptionError).option).toBe('n');
        }
        expect(accepted).toBe(valid);
      }),
    );
  });

  it('rateOption accepts absent and null as "no rate" and names the bad field otherwise', () => {
    fc.assert(
      fc.property(anyValue, anyValue, (requests, perMs) => {
        const ok = (v: unknown, max: number) =>
          typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;
        try {
          expect(rateOption('rate', { requests, perMs })).toEqual({ requests, perMs });
          expect(ok(requests, 1_000_000) && ok(perMs, 86_400_000)).toBe(true);
        } catch (error) {
          const option = (error as TestOptionError).option;
          expect(option).toBe(ok(requests, 1_000_000) ? 'rate.perMs' : 'rate.requests');
        }
      }),
    );
    expect(rateOption('rate', null)).toBeNull();
    expect(rateOption('rate', undefined)).toBeNull();
  });
});

const OBJECT_DEFAULTS = { alpha: 1, beta: undefined, gamma: 'x' };
const unknownKey = fc
  .string({ minLength: 1 })
  .filter((k) => !Object.hasOwn(OBJECT_DEFAULTS, k) && k !== '__proto__');

// The one `optionsObject` of every package (tooling/house-rules checks the source is the same),
// here bound to RateLimitConfigError as `createOptionValidators` binds it for ratelimit-redis.
describe('optionsObject()', () => {
  it('names any unknown key `<option>.<key>` (or `<keyPrefix><key>`) and lists the accepted keys last (property)', () => {
    fc.assert(
      fc.property(unknownKey, fc.jsonValue(), (key, value) => {
        const nested = thrown(() =>
          optionsObject('budget', { alpha: 2, [key]: value }, OBJECT_DEFAULTS),
        );
        expect(nested.option).toBe(`budget.${key}`);
        expect(accepted(nested.message)).toEqual(['alpha', 'beta', 'gamma']);
        const top = thrown(() => optionsObject('options', { [key]: value }, OBJECT_DEFAULTS));
        expect(top.option).toBe(key);
        const prefixed = thrown(() =>
          optionsObject('options', { [key]: value }, OBJECT_DEFAULTS, { keyPrefix: 'options.' }),
        );
        expect(prefixed.option).toBe(`options.${key}`);
        expect(prefixed.message).toBe(
          `@preflight/ratelimit: option \`options.${key}\` is not a known option; accepted: alpha, beta, gamma`,
        );
      }),
    );
  });

  it('reads undefined as {} unless required, drops undefined values, refuses what is not an object', () => {
    expect(optionsObject('budget', undefined, OBJECT_DEFAULTS)).toEqual({});
    // Dropping undefined values is the shared source's: its property test is in @preflight/metrics.
    const given = optionsObject('budget', { alpha: undefined, gamma: 'y' }, OBJECT_DEFAULTS);
    expect(given).toEqual({ gamma: 'y' });
    expect(Object.hasOwn(given, 'alpha')).toBe(false);
    const missing = thrown(() =>
      optionsObject('options', undefined, OBJECT_DEFAULTS, { required: true }),
    );
    expect(missing.message).toBe(
      '@preflight/ratelimit: option `options` must be an object; got undefined',
    );
    for (const value of [null, 5, 'x', []]) {
      const error = thrown(() =>
        optionsObject('budget', value, OBJECT_DEFAULTS, { what: '{ alpha }' }),
      );
      expect(error.option).toBe('budget');
      expect(error.message).toMatch(
        /^@preflight\/ratelimit: option `budget` must be \{ alpha \}; got /,
      );
    }
  });

  it('with null defaults accepts any key (the objects that never rejected one)', () => {
    fc.assert(
      fc.property(unknownKey, fc.jsonValue(), (key, value) => {
        const out = optionsObject('fallback', { [key]: value, alpha: undefined }, null);
        expect(out).toEqual({ [key]: value });
        expect(Object.hasOwn(out, 'alpha')).toBe(false);
      }),
    );
  });
});

describe('@preflight/ratelimit factories: undefined means the default', () => {
  it('every defaulted createRateLimitedFetch option given as undefined resolves as if left out', () => {
    const store = createMemoryRateLimitStore();
    const tracker = createRateLimitTracker({ store, now: () => 0 });
    const given = {
      fetch: undefined,
      logger: undefined,
      bucket: undefined,
      rate: undefined,
      store: undefined,
      pace: undefined,
      maxAttempts: undefined,
      backoffBaseMs: undefined,
      backoffMaxMs: undefined,
      attemptTimeoutMs: undefined,
      maxWaitMs: undefined,
      maxPauseMs: undefined,
      maxQueued: undefined,
      maxQueueWaitMs: undefined,
      retryBudget: undefined,
      idempotencyKey: undefined,
      idempotencyKeyHeader: undefined,
      maxErrorBodyBytes: undefined,
      onGiveUp: undefined,
      now: undefined,
      sleep: undefined,
      random: undefined,
    };
    // The default store and timer host are made per call: compared by kind, the rest by value.
    const {
      timerHost: _a,
      store: storeA,
      ...withUndefined
    } = resolveFetchConfig({
      upstream: 'p',
      tracker,
      ...given,
    });
    const {
      timerHost: _b,
      store: storeB,
      ...leftOut
    } = resolveFetchConfig({ upstream: 'p', tracker });
    expect(withUndefined).toEqual(leftOut);
    expect(Object.keys(storeA)).toEqual(Object.keys(storeB));
    expect(withUndefined).toMatchObject({ maxAttempts: 3, rate: null, pace: true });
  });

  it('a retryBudget with undefined fields is the default budget', () => {
    const config = resolveFetchConfig({
      upstream: 'p',
      retryBudget: { ratio: undefined, minPerSecond: undefined, burst: undefined },
    });
    expect(config.retryBudget).toEqual(RETRY_BUDGET_DEFAULTS);
  });

  it('tracker and memory-store options given as undefined take their defaults', () => {
    const config = resolveTrackerConfig({
      maxUpstreams: undefined,
      maxBucketsPerUpstream: undefined,
      lowWatermark: undefined,
      now: undefined,
    });
    expect(config).toMatchObject(resolveTrackerConfig({}));
    expect(() => createMemoryRateLimitStore({ maxKeys: undefined })).not.toThrow();
  });

  it('createRateLimitedFetch given no options still names `options`', () => {
    const error = thrown(() => resolveFetchConfig(undefined as never));
    expect(error.option).toBe('options');
    expect(error.message).toBe(
      '@preflight/ratelimit: option `options` must be an object with at least `upstream`; got undefined',
    );
  });
});
