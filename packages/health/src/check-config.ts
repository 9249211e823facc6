import type { HealthCheck, ResolvedCheck } from './check.js';
import { HealthConfigError } from './errors.js';
import { integerOption as count } from './integer-option.js';

const CHECK_DEFAULTS = { critical: true, timeoutMs: 2000, cacheMs: 1000, tags: ['ready'] } as const;
const CHECK_KEYS = new Set(['name', 'check', ...Object.keys(CHECK_DEFAULTS)]);
// Names become a metric attribute and a `"name:measurement"` body key: keep them short and plain.
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Validates the `checks` option and fills in per-check defaults. */
export function resolveChecks(checks: readonly HealthCheck[]): readonly ResolvedCheck[] {
  if (!Array.isArray(checks)) throw new HealthConfigError('checks', 'must be an array of checks');
  const seen = new Set<string>();
  return checks.map((check: HealthCheck, i) => {
    const at = `checks[${i}]`;
    if (typeof check !== 'object' || check === null) {
      throw new HealthConfigError(
        at,
        'must be an object { name, check, critical?, timeoutMs?, cacheMs?, tags? }',
      );
    }
    for (const key of Object.keys(check)) {
      if (!CHECK_KEYS.has(key)) {
        throw new HealthConfigError(
          `${at}.${key}`,
          `is not a check option; accepted: ${[...CHECK_KEYS].join(', ')}`,
        );
      }
    }
    if (typeof check.name !== 'string' || !NAME.test(check.name)) {
      throw new HealthConfigError(
        `${at}.name`,
        `must be 1-64 letters, digits, '_', '.' or '-'; got ${JSON.stringify(check.name)}`,
      );
    }
    if (seen.has(check.name)) {
      throw new HealthConfigError(
        `${at}.name`,
        `duplicates the check name "${check.name}"; names must be unique`,
      );
    }
    seen.add(check.name);
    if (typeof check.check !== 'function') {
      throw new HealthConfigError(`${at}.check`, 'must be a function (signal) => Promise');
    }
    const critical = check.critical ?? CHECK_DEFAULTS.critical;
    if (typeof critical !== 'boolean')
      throw new HealthConfigError(`${at}.critical`, 'must be true or false');
    const tags = check.tags ?? CHECK_DEFAULTS.tags;
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) {
      throw new HealthConfigError(
        `${at}.tags`,
        `must be an array of strings such as ['ready', 'startup']`,
      );
    }
    return {
      name: check.name,
      check: check.check,
      critical,
      timeoutMs: count(check.timeoutMs, `${at}.timeoutMs`, CHECK_DEFAULTS.timeoutMs, 1),
      cacheMs: count(check.cacheMs, `${at}.cacheMs`, CHECK_DEFAULTS.cacheMs, 0),
      tags: [...tags],
    };
  });
}
