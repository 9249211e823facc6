import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRequestFilter, REQUEST_IGNORE_ACCEPTED, requestPath } from '../src/index.js';

const req = (url: string, originalUrl?: string) =>
  ({ url, ...(originalUrl !== undefined && { originalUrl }) }) as unknown as IncomingMessage;

function matcher(ignore: unknown) {
  const result = createRequestFilter(ignore);
  if (!result.ok) throw new Error(result.accepted);
  return result.ignores;
}

describe('createRequestFilter (the ignore option of requestLogger and httpMetrics)', () => {
  it('matches exact paths without the query string, from originalUrl when mounted', () => {
    const ignores = matcher(['/health/live', '/metrics']);
    expect(ignores?.(req('/health/live'))).toBe(true);
    expect(ignores?.(req('/metrics?x=1'))).toBe(true);
    expect(ignores?.(req('/live', '/health/live'))).toBe(true);
    expect(ignores?.(req('/health/live/x'))).toBe(false);
    expect(ignores?.(req('/Health/live'))).toBe(false);
    expect(ignores?.(req('/v1/orders'))).toBe(false);
  });

  it('passes a predicate through as is, and leaves nothing out for undefined or []', () => {
    const predicate = (r: IncomingMessage) => r.url === '/x';
    expect(matcher(predicate)).toBe(predicate);
    expect(matcher(undefined)).toBeUndefined();
    expect(matcher([])).toBeUndefined();
  });

  it.each([
    ['a string', '/health'],
    ['a path without a leading slash', ['health']],
    ['a non-string entry', ['/ok', 42]],
    ['an object', { paths: ['/health'] }],
    ['null', null],
    ['a number', 0],
  ])('refuses %s, saying what it accepts, without throwing', (_name, value) => {
    expect(createRequestFilter(value)).toEqual({ ok: false, accepted: REQUEST_IGNORE_ACCEPTED });
  });

  it('an ignored path list matches exactly the listed paths, whatever the query (property)', () => {
    const path = fc.stringMatching(/^\/[a-z0-9/_-]{0,20}$/);
    fc.assert(
      fc.property(fc.array(path, { maxLength: 5 }), path, fc.string(), (listed, probe, query) => {
        const ignores = matcher(listed);
        const url = query === '' ? probe : `${probe}?${query}`;
        expect(ignores?.(req(url)) ?? false).toBe(listed.includes(probe));
        expect(requestPath(req(url))).toBe(probe);
      }),
    );
  });
});
