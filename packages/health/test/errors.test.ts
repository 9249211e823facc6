import { describe, expect, it } from 'vitest';
import { CheckTimeoutError, HealthConfigError, isHealthError } from '../src/index.js';

describe('isHealthError', () => {
  it('matches errors of this package by class', () => {
    expect(isHealthError(new HealthConfigError('basePath', 'must be a path'))).toBe(true);
    expect(isHealthError(new CheckTimeoutError('db', 5))).toBe(true);
  });

  it('matches by code an error thrown by another copy of the package (duplicated install)', () => {
    const copy = Object.assign(new Error('@preflight/health: basePath must be a path'), {
      code: 'ERR_HEALTH_CONFIG',
      option: 'basePath',
    });
    expect(isHealthError(copy)).toBe(true);
  });

  it('does not match other errors or values', () => {
    expect(isHealthError(new Error('x'))).toBe(false);
    expect(isHealthError(Object.assign(new Error('x'), { code: 'ERR_WEBHOOK_CONFIG' }))).toBe(
      false,
    );
    expect(isHealthError({ code: 42 })).toBe(false);
    expect(isHealthError(null)).toBe(false);
    expect(isHealthError('ERR_HEALTH_CONFIG')).toBe(false);
  });
});
