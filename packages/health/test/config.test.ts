import { describe, expect, it } from 'vitest';
import { resolveChecks } from '../src/checks/check-config.js';
import {
  createHealth,
  type HealthCheck,
  HealthConfigError,
  type HealthOptions,
  httpCheck,
  isHealthError,
} from '../src/index.js';
import { optionsObject } from '../src/validate.js';

const ok: HealthCheck['check'] = async () => {};

function rejection(options: unknown): HealthConfigError {
  try {
    createHealth(options as HealthOptions)?.close();
  } catch (error) {
    if (error instanceof HealthConfigError) return error;
    throw error;
  }
  throw new Error('createHealth accepted invalid options');
}

describe('createHealth option validation', () => {
  it.each([
    [
      'duplicate check names',
      {
        checks: [
          { name: 'db', check: ok },
          { name: 'db', check: ok },
        ],
      },
      'checks[1].name',
      /duplicates/,
    ],
    [
      'a zero timeout',
      { checks: [{ name: 'db', check: ok, timeoutMs: 0 }] },
      'checks[0].timeoutMs',
      /integer from 1/,
    ],
    [
      'a negative timeout',
      { checks: [{ name: 'db', check: ok, timeoutMs: -5 }] },
      'checks[0].timeoutMs',
      /integer from 1/,
    ],
    [
      'a non-finite timeout',
      { checks: [{ name: 'db', check: ok, timeoutMs: Number.POSITIVE_INFINITY }] },
      'checks[0].timeoutMs',
      /Infinity/,
    ],
    [
      'a negative cacheMs',
      { checks: [{ name: 'db', check: ok, cacheMs: -1 }] },
      'checks[0].cacheMs',
      /integer from 0/,
    ],
    ['a missing check function', { checks: [{ name: 'db' }] }, 'checks[0].check', /function/],
    [
      'a name with a colon',
      { checks: [{ name: 'db:main', check: ok }] },
      'checks[0].name',
      /letters, digits/,
    ],
    ['an empty name', { checks: [{ name: '', check: ok }] }, 'checks[0].name', /1-64/],
    [
      'a misspelt check option',
      { checks: [{ name: 'db', check: ok, timeout: 100 }] },
      'checks[0].timeout',
      /accepted: .*timeoutMs/,
    ],
    [
      'non-boolean critical',
      { checks: [{ name: 'db', check: ok, critical: 'yes' }] },
      'checks[0].critical',
      /true or false/,
    ],
    [
      'tags that are not strings',
      { checks: [{ name: 'db', check: ok, tags: [1] }] },
      'checks[0].tags',
      /strings/,
    ],
    ['checks that is not an array', { checks: { name: 'db', check: ok } }, 'checks', /array/],
    ['a basePath with a trailing slash', { basePath: '/health/' }, 'basePath', /no trailing slash/],
    ['a basePath with route syntax', { basePath: '/:id' }, 'basePath', /path like/],
    ['an unknown showDetails', { showDetails: 'sometimes' }, 'showDetails', /'never', 'always'/],
    ['a negative drainDelayMs', { drainDelayMs: -1 }, 'drainDelayMs', /integer from 0/],
    ['a zero shutdownTimeoutMs', { shutdownTimeoutMs: 0 }, 'shutdownTimeoutMs', /integer from 1/],
    ['a zero maxOutputLength', { maxOutputLength: 0 }, 'maxOutputLength', /integer from 1/],
    [
      'a non-function onShutdown hook',
      { onShutdown: [async () => {}, 'close db'] },
      'onShutdown[1]',
      /function/,
    ],
    ['bad signal names', { signals: ['TERM'] }, 'signals', /SIGTERM/],
    [
      'a logger without pino methods',
      { logger: { log: () => {} } },
      'logger',
      /info, warn and error/,
    ],
    ['a non-function sanitize', { sanitize: 'redact' }, 'sanitize', /function/],
    ['an unknown option', { drainDelay: 0 }, 'drainDelay', /accepted: .*drainDelayMs/],
  ])('throws HealthConfigError naming the option for %s', (_case, options, option, message) => {
    const error = rejection(options);
    expect(error.option).toBe(option);
    expect(error.code).toBe('ERR_HEALTH_CONFIG');
    expect(error.message).toMatch(
      new RegExp(`^@preflight/health: ${option.replace(/[[\]]/g, '\\$&')} `),
    );
    expect(error.message).toMatch(message);
    expect(isHealthError(error)).toBe(true);
  });

  it('accepts an empty options object and undefined values as defaults', () => {
    createHealth().close();
    createHealth({
      basePath: undefined,
      checks: [{ name: 'db', check: ok, timeoutMs: undefined }],
    }).close();
  });
});

describe('httpCheck option validation', () => {
  it('rejects a non-http URL without repeating it (it may hold credentials)', () => {
    expect(() => httpCheck('ftp://user:s3cret@example.com/')).toThrow(HealthConfigError);
    try {
      httpCheck('not a url with s3cret');
    } catch (error) {
      expect((error as HealthConfigError).option).toBe('url');
      expect((error as Error).message).not.toContain('s3cret');
    }
  });

  it('rejects bad expectStatus, timeoutMs and headers, naming the option', () => {
    expect(() => httpCheck('http://127.0.0.1/', { expectStatus: 700 })).toThrow(/expectStatus/);
    expect(() => httpCheck('http://127.0.0.1/', { expectStatus: [] })).toThrow(/expectStatus/);
    expect(() => httpCheck('http://127.0.0.1/', { timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => httpCheck('http://127.0.0.1/', { headers: { 'x-key': 5 } as never })).toThrow(
      /headers/,
    );
  });
});

// The one `optionsObject` of every package (tooling/house-rules checks the source is the same):
// `undefined` means every default, an unknown key names its path and lists the accepted keys.
describe('optionsObject() in @preflight/health', () => {
  const DEFAULTS = { alpha: 1, beta: undefined };

  it('reads undefined as every default and drops undefined values', () => {
    expect(optionsObject('options', undefined, DEFAULTS)).toEqual({});
    const given = optionsObject('options', { alpha: undefined, beta: 2 }, DEFAULTS);
    expect(given).toEqual({ beta: 2 });
    expect(Object.hasOwn(given, 'alpha')).toBe(false);
  });

  it('names an unknown key under its object and lists every accepted key last', () => {
    expect(() => optionsObject('server', { alpha: 1, gamma: 2 }, DEFAULTS)).toThrow(
      expect.objectContaining({
        option: 'server.gamma',
        message: '@preflight/health: server.gamma is not an option; accepted: alpha, beta',
      }),
    );
  });

  it('a check given as undefined names checks[i]: an item of the list is required', () => {
    const error = rejection({ checks: [{ name: 'db', check: ok }, undefined] });
    expect(error.option).toBe('checks[1]');
    expect(error.message).toMatch(
      /checks\[1\] must be an object \{ name, check, .*; got undefined$/,
    );
  });

  it.each([
    ['null', null],
    ['a string', 'checks'],
    ['an array', []],
  ])('refuses %s as the options object, naming `options`', (_case, options) => {
    const error = rejection(options);
    expect(error.option).toBe('options');
    expect(error.message).toMatch(/^@preflight\/health: options must be an object; got /);
  });

  it('a check option set to undefined takes its default', () => {
    const given = {
      critical: undefined,
      timeoutMs: undefined,
      cacheMs: undefined,
      tags: undefined,
    };
    const [check] = resolveChecks([{ name: 'db', check: ok, ...given }]);
    expect(check).toEqual(resolveChecks([{ name: 'db', check: ok }])[0]);
    expect(check).toMatchObject({
      critical: true,
      timeoutMs: 2000,
      cacheMs: 1000,
      tags: ['ready'],
    });
  });
});
