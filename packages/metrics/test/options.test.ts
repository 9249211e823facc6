import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTE_VALUES,
  alertRules,
  createBusinessMetrics,
  createMetrics,
  createWebhookMetrics,
  httpMetrics,
  instrumentFetch,
  isMetricsError,
  METRIC_NAMES,
  MetricsOptionError,
  PEER_PROMETHEUS_NAMES,
  PROMETHEUS_NAMES,
  startTelemetry,
} from '../src/index.js';
import { optionsObject } from '../src/validate.js';

// Every factory resolves its options the same way: a typo names the unknown key and lists the
// accepted ones (derived from the defaults literal, so the list cannot drift from the options).

function rejection(fn: () => unknown): MetricsOptionError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MetricsOptionError) return error;
    throw error;
  }
  throw new Error('expected a MetricsOptionError');
}

describe('options', () => {
  it.each([
    [
      'createMetrics',
      () => createMetrics({ serviceName: 's', cardinality: 5 } as never),
      'cardinality',
      [
        'serviceName',
        'serviceVersion',
        'resourceAttributes',
        'global',
        'server',
        'runtimeMetrics',
        'eventLoopResolutionMs',
        'cardinalityLimit',
        'views',
      ],
    ],
    [
      'createMetrics server',
      () => createMetrics({ serviceName: 's', server: { port: 1, path: '/m' } } as never),
      'server.path',
      ['port', 'host', 'endpoint'],
    ],
    [
      'startTelemetry',
      () => startTelemetry({ serviceName: 's', reader: 1 } as never),
      'reader',
      ['serviceName', 'metricReaders', 'sdk'],
    ],
    [
      'alertRules',
      () => alertRules({ threshold: {} } as never),
      'threshold',
      [
        'job',
        'naming',
        'rateWindow',
        'eventWindow',
        'forScale',
        'for',
        'include',
        'exclude',
        'thresholds',
        'slo',
        'severities',
        'runbookBaseUrl',
        'labels',
      ],
    ],
    [
      'alertRules slo',
      () => alertRules({ slo: { latencyThreshold: 1 } } as never),
      'slo.latencyThreshold',
      ['availability', 'latency', 'latencyThresholdSeconds'],
    ],
    [
      'alertRules severities',
      () => alertRules({ severities: { warn: 'x' } } as never),
      'severities.warn',
      ['page', 'ticket', 'info'],
    ],
    [
      'createBusinessMetrics',
      () => createBusinessMetrics({ names: [] } as never),
      'names',
      ['meter', 'events'],
    ],
    [
      'createWebhookMetrics',
      () => createWebhookMetrics({ clock: Date.now } as never),
      'clock',
      ['meter', 'now'],
    ],
    [
      'httpMetrics',
      () => httpMetrics({ skip: [] } as never),
      'skip',
      ['meter', 'unmatchedRoute', 'knownMethods', 'bodySizes', 'ignore', 'now'],
    ],
    [
      'instrumentFetch',
      () => instrumentFetch(fetch, { upstream: 'u', codes: [] } as never),
      'codes',
      ['upstream', 'meter', 'errorCodes', 'readErrorCode', 'maxErrorBodyBytes', 'now'],
    ],
  ])('%s names the unknown key and lists the accepted ones', (_, fn, option, accepted) => {
    const error = rejection(fn);
    expect(isMetricsError(error)).toBe(true);
    expect(error.code).toBe('ERR_PREFLIGHT_METRICS_OPTION');
    expect(error.option).toBe(option);
    expect(error.message).toMatch(/^@preflight\/metrics: option "/);
    for (const key of accepted) expect(error.message).toContain(key);
  });

  it('treats undefined options as their defaults everywhere', () => {
    const groups = alertRules({
      job: undefined,
      naming: undefined,
      thresholds: { balance: undefined },
    });
    expect(groups.length).toBeGreaterThan(0);
    expect(() => createBusinessMetrics({ meter: undefined, events: undefined })).not.toThrow();
    expect(() => createWebhookMetrics({ now: undefined })).not.toThrow();
  });

  it('takes the meter only when it is a Meter', () => {
    expect(rejection(() => createWebhookMetrics({ meter: {} } as never)).option).toBe('meter');
    expect(rejection(() => httpMetrics({ meter: { createCounter() {} } } as never)).option).toBe(
      'meter',
    );
  });
});

describe('isMetricsError()', () => {
  it('matches by class and, across duplicated installs, by code prefix only', () => {
    const copy = Object.assign(new Error('other copy'), { code: 'ERR_PREFLIGHT_METRICS_OPTION' });
    expect(isMetricsError(copy)).toBe(true);
    expect(
      isMetricsError(Object.assign(new Error('x'), { code: 'ERR_PREFLIGHT_LOGGER_OPTION' })),
    ).toBe(false);
    expect(isMetricsError({ code: 42 })).toBe(false);
    expect(isMetricsError(null)).toBe(false);
    expect(isMetricsError('ERR_PREFLIGHT_METRICS_OPTION')).toBe(false);
  });
});

describe('metric name constants', () => {
  it('are frozen objects, so no caller can rename a series for everyone', () => {
    for (const names of [METRIC_NAMES, PROMETHEUS_NAMES, PEER_PROMETHEUS_NAMES, ATTRIBUTE_VALUES]) {
      expect(Object.isFrozen(names)).toBe(true);
      expect(() => {
        (names as Record<string, string>).extra = 'x';
      }).toThrow(TypeError);
    }
  });
});

describe('optionsObject()', () => {
  const DEFAULTS = { alpha: 1, beta: undefined, gamma: 'x' };

  it('rejects any key outside the defaults literal, naming it and listing the accepted keys (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((k) => !Object.hasOwn(DEFAULTS, k) && k !== '__proto__'),
        fc.jsonValue(),
        (key, value) => {
          const error = rejection(() =>
            optionsObject('server', { alpha: 2, [key]: value }, DEFAULTS),
          );
          expect(error.option).toBe(`server.${key}`);
          expect(error.message).toContain('alpha, beta, gamma');
        },
      ),
    );
  });

  it('keeps every known key with a defined value and drops undefined ones (property)', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            alpha: fc.option(fc.integer(), { nil: undefined }),
            gamma: fc.option(fc.string(), { nil: undefined }),
          },
          { requiredKeys: [] },
        ),
        (input) => {
          const out = optionsObject('options', input, DEFAULTS);
          expect(out).toEqual(
            Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
          );
          expect(Object.values(out)).not.toContain(undefined);
        },
      ),
    );
  });

  it.each([null, 'x', 5, ['alpha']])('refuses %j as an options object', (value) => {
    expect(rejection(() => optionsObject('options', value, DEFAULTS)).option).toBe('options');
  });
});

// The one `optionsObject` of every package (tooling/house-rules checks the source is the same).
describe('optionsObject(): undefined and the wording of an unknown key', () => {
  const DEFAULTS = { alpha: 1, beta: undefined };

  it('reads undefined as every default, unless the object is required', () => {
    expect(optionsObject('server', undefined, DEFAULTS)).toEqual({});
    const error = rejection(() =>
      optionsObject('options', undefined, DEFAULTS, { required: true }),
    );
    expect(error.option).toBe('options');
    expect(error.message).toBe(
      '@preflight/metrics: option "options" must be an object (received undefined)',
    );
  });

  it('keeps its wording for an unknown key: the key is what was received', () => {
    const error = rejection(() => optionsObject('server', { gamma: 2 }, DEFAULTS));
    expect(error.option).toBe('server.gamma');
    expect(error.message).toBe(
      '@preflight/metrics: option "server.gamma" must be a known option name (one of alpha, beta) (received "gamma")',
    );
  });

  it('factories whose options object is required still name `options` when given none', () => {
    const fetchImpl = async () => new Response('');
    for (const create of [
      () => instrumentFetch(fetchImpl, undefined as never),
      () => createMetrics(undefined as never),
      () => startTelemetry(undefined as never),
    ]) {
      expect(rejection(create).option).toBe('options');
    }
  });

  it('factories with optional options take undefined as every default', () => {
    expect(() => httpMetrics(undefined)).not.toThrow();
    expect(alertRules(undefined)).toEqual(alertRules({}));
  });

  it('an option set to undefined takes its default, nested objects included', () => {
    expect(
      alertRules({
        naming: undefined,
        thresholds: { errorRatio: undefined },
        slo: undefined,
        severities: { page: undefined },
      }),
    ).toEqual(alertRules({}));
  });

  it('an unknown nested key names its path and lists the accepted keys', () => {
    const error = rejection(() => alertRules({ slo: { availabilty: 0.99 } as never }));
    expect(error.option).toBe('slo.availabilty');
    expect(error.message).toContain('(one of availability, latency, latencyThresholdSeconds)');
  });
});
