import { HealthConfigError } from '../errors.js';
import {
  arrayOption,
  booleanOption,
  functionOption,
  integerOption,
  MAX_TIMER_MS,
  optionsObject,
  stringOption,
} from '../validate.js';
import type { HealthCheck, ResolvedCheck } from './check.js';

/** Every key of a check with its default (`undefined`: required); the known keys. */
const CHECK_DEFAULTS = {
  name: undefined,
  check: undefined,
  critical: true,
  timeoutMs: 2000,
  cacheMs: 1000,
  tags: ['ready'],
} as const satisfies { readonly [K in keyof Required<HealthCheck>]: unknown };

// Names become a metric attribute and a `"name:measurement"` body key: keep them short and plain.
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Validates the `checks` option and fills in per-check defaults. */
export function resolveChecks(checks: readonly HealthCheck[]): readonly ResolvedCheck[] {
  arrayOption('checks', checks, () => true, 'an array of checks');
  const seen = new Set<string>();
  return checks.map((given: HealthCheck, i) => {
    const at = `checks[${i}]`;
    // An item of `checks` is required: `undefined` there is a hole, not "every default".
    const check = optionsObject<HealthCheck>(at, given, CHECK_DEFAULTS, {
      required: true,
      what: 'an object { name, check, critical?, timeoutMs?, cacheMs?, tags? }',
    });
    const name = stringOption(`${at}.name`, check.name, {
      pattern: NAME,
      what: `1-64 letters, digits, '_', '.' or '-'`,
    });
    if (seen.has(name)) {
      throw new HealthConfigError(
        `${at}.name`,
        `duplicates the check name "${name}"; names must be unique`,
      );
    }
    seen.add(name);
    return {
      name,
      check: functionOption(`${at}.check`, check.check, 'a function (signal) => Promise'),
      critical: booleanOption(`${at}.critical`, check.critical ?? CHECK_DEFAULTS.critical),
      timeoutMs: integerOption(`${at}.timeoutMs`, check.timeoutMs ?? CHECK_DEFAULTS.timeoutMs, {
        min: 1,
        max: MAX_TIMER_MS,
      }),
      cacheMs: integerOption(`${at}.cacheMs`, check.cacheMs ?? CHECK_DEFAULTS.cacheMs, {
        min: 0,
        max: MAX_TIMER_MS,
      }),
      tags: [
        ...arrayOption<string>(
          `${at}.tags`,
          check.tags ?? CHECK_DEFAULTS.tags,
          (t) => typeof t === 'string',
          `an array of strings such as ['ready', 'startup']`,
        ),
      ],
    };
  });
}
