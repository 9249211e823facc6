import { describe, expect, it } from 'vitest';
import {
  createHealth,
  type HealthCheck,
  HealthConfigError,
  type HealthOptions,
} from '../src/index.js';

const ALL_OPTIONS: readonly (keyof HealthOptions)[] = [
  'checks',
  'basePath',
  'showDetails',
  'sanitize',
  'maxOutputLength',
  'maxBodyBytes',
  'maxEventLoopDelayMs',
  'drainDelayMs',
  'shutdownTimeoutMs',
  'onShutdown',
  'signals',
  'exit',
  'logger',
  'interceptProbes',
  'meter',
  'now',
];
const ALL_CHECK_KEYS: readonly (keyof HealthCheck)[] = [
  'name',
  'check',
  'critical',
  'timeoutMs',
  'cacheMs',
  'tags',
];

function unknownKeyError(make: () => unknown): HealthConfigError {
  try {
    make();
  } catch (error) {
    if (error instanceof HealthConfigError) return error;
    throw error;
  }
  throw new Error('an unknown key was accepted');
}

describe('known option keys', () => {
  it('accepts every documented option (undefined means the default)', () => {
    const options = Object.fromEntries(ALL_OPTIONS.map((k) => [k, undefined])) as HealthOptions;
    createHealth(options).close();
  });

  it('an unknown option lists every accepted one, including those without a default', () => {
    const error = unknownKeyError(() => createHealth({ timeout: 5 } as HealthOptions));
    expect(error.option).toBe('timeout');
    const accepted = error.message.slice(error.message.indexOf('accepted: ') + 10).split(', ');
    expect([...accepted].sort()).toEqual([...ALL_OPTIONS].sort());
  });

  it('an unknown check key lists every accepted check key', () => {
    const error = unknownKeyError(() =>
      createHealth({ checks: [{ name: 'db', check: async () => {}, retries: 2 } as HealthCheck] }),
    );
    expect(error.option).toBe('checks[0].retries');
    const accepted = error.message.slice(error.message.indexOf('accepted: ') + 10).split(', ');
    expect([...accepted].sort()).toEqual([...ALL_CHECK_KEYS].sort());
  });
});

describe('option messages', () => {
  it('say "must be" once for a rule given in full', () => {
    expect(() => createHealth({ showDetails: 'sometimes' as never })).toThrow(
      `@preflight/health: showDetails must be 'never', 'always' or (req) => boolean; got "sometimes"`,
    );
  });
});
