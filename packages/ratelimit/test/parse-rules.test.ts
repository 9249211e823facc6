import { describe, expect, it } from 'vitest';
import { parseRateLimit } from '../src/index.js';

const NOW = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
const EPOCH_S = NOW.getTime() / 1000;
const retryAfter = (value: string, extra: Record<string, string> = {}) =>
  parseRateLimit({ 'retry-after': value, ...extra }, { now: NOW }).retryAfterSeconds;
const xReset = (value: string) =>
  parseRateLimit({ 'x-ratelimit-limit': '10', 'x-ratelimit-reset': value }, { now: NOW })
    .resetSeconds;

describe('parseRateLimit – inputs', () => {
  it('reads Node IncomingHttpHeaders records, string arrays included', () => {
    const info = parseRateLimit(
      { 'x-ratelimit-limit': ['100', '100'], 'x-ratelimit-remaining': '7', 'set-cookie': ['a=b'] },
      { now: NOW },
    );
    expect([info.limit, info.remaining]).toEqual([100, 7]);
  });

  it('matches header names case-insensitively, also when one name comes in two casings', () => {
    const info = parseRateLimit(
      { 'X-RATELIMIT-LIMIT': '60', 'x-ratelimit-limit': '60' },
      { now: NOW },
    );
    expect(info.limit).toBe(60);
    const conflict = parseRateLimit({ 'X-RATELIMIT-LIMIT': '60', 'x-ratelimit-limit': '61' });
    expect(conflict.limit).toBeNull();
  });

  it('returns all-null for null, undefined, non-objects and empty headers', () => {
    for (const input of [null, undefined, 42, 'x-ratelimit-limit: 5', {}] as never[]) {
      expect(parseRateLimit(input)).toMatchObject({ limit: null, dialect: null, buckets: [] });
    }
  });

  it('ignores non-string values in a record', () => {
    const info = parseRateLimit({ 'x-ratelimit-limit': { toString: () => '5' } } as never);
    expect(info.limit).toBeNull();
  });

  it('accepts now as epoch milliseconds', () => {
    expect(
      parseRateLimit({ 'x-ratelimit-reset': String(EPOCH_S + 5) }, { now: NOW.getTime() })
        .resetSeconds,
    ).toBe(5);
  });
});

describe('parseRateLimit – number grammar', () => {
  it.each([
    ['0x10', 'hexadecimal'],
    ['1e3', 'exponent'],
    ['-5', 'negative'],
    ['+5', 'signed'],
    ['Infinity', 'non-finite'],
    ['NaN', 'NaN'],
    ['', 'empty'],
    ['   ', 'blank'],
    ['.5', 'no integer part'],
    ['5.', 'no fraction digits'],
    ['9007199254740993', 'beyond MAX_SAFE_INTEGER'],
    ['120 seconds', 'trailing text'],
    ['5,', 'trailing comma'],
  ])('gives null for %j (%s)', (value) => {
    expect(parseRateLimit({ 'x-ratelimit-limit': value }).limit).toBeNull();
    expect(retryAfter(value)).toBeNull();
  });

  it('accepts digits with decimals and surrounding whitespace', () => {
    expect(retryAfter(' 1.5 ')).toBe(1.5);
    expect(parseRateLimit({ 'x-ratelimit-remaining': '\t42 ' }).remaining).toBe(42);
  });

  it('collapses identical comma-joined duplicates and rejects conflicting ones', () => {
    expect(retryAfter('60, 60')).toBe(60);
    expect(retryAfter('60, 61')).toBeNull();
    expect(parseRateLimit({ 'x-ratelimit-remaining': '5, 5' }).remaining).toBe(5);
    expect(parseRateLimit({ 'x-ratelimit-remaining': '5, 6' }).remaining).toBeNull();
  });

  it('clamps limit − used at 0 when usage exceeds the limit', () => {
    expect(parseRateLimit({ 'x-ratelimit-limit': '10', 'x-ratelimit-used': '12' }).remaining).toBe(
      0,
    );
    expect(parseRateLimit({ 'x-shopify-shop-api-call-limit': '45/40' }).remaining).toBe(0);
  });

  it('stays fast and null on 64 KiB values', () => {
    const huge = '9'.repeat(65_536);
    const list = Array.from({ length: 10_000 }, () => '1').join(', ');
    const started = performance.now();
    for (const value of [huge, list, `"${'a'.repeat(65_536)}";r=1`, ` ${'\t'.repeat(65_536)}`]) {
      const info = parseRateLimit({
        ratelimit: value,
        'ratelimit-policy': value,
        'x-ratelimit-limit': value,
        'retry-after': value,
        'x-ratelimit-reset-requests': value,
        'sforce-limit-info': value,
        date: value,
      });
      expect(info.limit).toBeNull();
      expect(info.retryAfterSeconds).toBeNull();
    }
    // Generous bound: a quadratic parser would take seconds here.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('parseRateLimit – resets', () => {
  it('reads a bare reset by magnitude: epoch ms, epoch seconds, else delta seconds', () => {
    expect(xReset(String(NOW.getTime() + 2500))).toBe(2.5);
    expect(xReset(String(EPOCH_S + 90))).toBe(90);
    expect(xReset('90')).toBe(90);
    expect(xReset('999999999')).toBe(999_999_999);
  });

  it('clamps past absolute resets at 0', () => {
    expect(xReset(String(EPOCH_S - 10))).toBe(0);
    expect(xReset('2025-12-31T23:59:00Z')).toBe(0);
  });

  it('reads RFC 3339 with offsets, HTTP-dates and JavaScript Date strings', () => {
    expect(xReset('2026-01-01T01:00:30+01:00')).toBe(30);
    expect(xReset('2025-12-31T23:00:30-01:00')).toBe(30);
    expect(xReset('Thu, 01 Jan 2026 00:00:45 GMT')).toBe(45);
    expect(xReset('Thu Jan 01 2026 01:00:15 GMT+0100 (Central European Standard Time)')).toBe(15);
  });

  it('treats impossible calendar dates as malformed', () => {
    expect(xReset('2026-02-31T00:00:00Z')).toBeNull();
    expect(xReset('2026-01-01T24:00:00Z')).toBeNull();
    expect(retryAfter('Sat, 31 Feb 2026 00:00:00 GMT')).toBeNull();
    expect(retryAfter('Thu, 01 Jan 2026 00:61:00 GMT')).toBeNull();
  });

  it('reads years below 100 as such (not as 19xx)', () => {
    expect(xReset('0099-12-31T23:59:59Z')).toBe(0);
    // Year 0 is a leap year; 1900 is not.
    expect(xReset('0000-02-29T00:00:00Z')).toBe(0);
  });

  it('accepts 29 February only in leap years', () => {
    expect(xReset('2028-02-29T00:00:00Z')).toBeGreaterThan(0);
    expect(xReset('2027-02-29T00:00:00Z')).toBeNull();
  });

  it('does not read a window length (w=) as a reset', () => {
    const info = parseRateLimit({ 'ratelimit-policy': '"hour";q=1000;w=3600' });
    expect(info.resetSeconds).toBeNull();
    expect(info.buckets[0]?.windowSeconds).toBe(3600);
  });
});

describe('parseRateLimit – Retry-After', () => {
  it('reads delay-seconds, including 0 (no 60 s substitution)', () => {
    expect(retryAfter('0')).toBe(0);
    expect(retryAfter('120')).toBe(120);
  });

  it('reads all three RFC 9110 HTTP-date formats', () => {
    expect(retryAfter('Thu, 01 Jan 2026 00:02:00 GMT')).toBe(120);
    expect(retryAfter('Thursday, 01-Jan-26 00:02:00 GMT')).toBe(120);
    expect(retryAfter('Thu Jan  1 00:02:00 2026')).toBe(120);
  });

  it('expands two-digit years to the most recent year not over 50 years ahead', () => {
    // From 2026, "76" is 2076 (50 years ahead) but "77" would be 2077: read as 1977, past.
    const now = { now: NOW };
    const in2076 = parseRateLimit({ 'retry-after': 'Wednesday, 01-Jan-76 00:00:00 GMT' }, now);
    expect(in2076.retryAfterSeconds).toBe((Date.UTC(2076, 0, 1) - NOW.getTime()) / 1000);
    expect(retryAfter('Saturday, 01-Jan-77 00:00:00 GMT')).toBe(0);
  });

  it('measures an HTTP-date against the Date header when present and valid', () => {
    const at = 'Thu, 01 Jan 2026 00:02:00 GMT';
    expect(retryAfter(at, { date: 'Thu, 01 Jan 2026 00:01:30 GMT' })).toBe(30);
    expect(retryAfter(at, { date: 'not a date' })).toBe(120);
  });

  it('gives 0 for past dates', () => {
    expect(retryAfter('Wed, 31 Dec 2025 23:00:00 GMT')).toBe(0);
  });

  it('collapses identical duplicated dates and rejects differing ones', () => {
    const at = 'Thu, 01 Jan 2026 00:02:00 GMT';
    expect(retryAfter(`${at}, ${at}`)).toBe(120);
    expect(retryAfter(`${at}, Thu, 01 Jan 2026 00:03:00 GMT`)).toBeNull();
    expect(retryAfter(`${at}, 120`)).toBe(120);
  });

  it('keeps huge values exact instead of overflowing (the wrapper applies its cap)', () => {
    expect(retryAfter('99999999999')).toBe(99_999_999_999);
  });
});

describe('parseRateLimit – precedence and buckets', () => {
  const all = {
    ratelimit: '"ietf";r=1;t=1',
    'ratelimit-policy': '"ietf";q=10;w=1',
    'ratelimit-limit': '20',
    'ratelimit-remaining': '2',
    'x-ratelimit-limit': '30',
    'x-ratelimit-remaining': '3',
    'x-rate-limit-limit': '40',
    'x-ratelimit-limit-requests': '50',
    'x-shopify-shop-api-call-limit': '1/60',
  };

  it('prefers IETF structured fields > draft RateLimit-* > X- forms > vendor forms', () => {
    const drop = (...names: string[]) =>
      Object.fromEntries(Object.entries(all).filter(([name]) => !names.includes(name)));
    expect(parseRateLimit(all).dialect).toBe('ietf');
    expect(parseRateLimit(drop('ratelimit', 'ratelimit-policy')).limit).toBe(20);
    expect(
      parseRateLimit(
        drop('ratelimit', 'ratelimit-policy', 'ratelimit-limit', 'ratelimit-remaining'),
      ).limit,
    ).toBe(30);
    expect(
      parseRateLimit(
        drop(
          'ratelimit',
          'ratelimit-policy',
          'ratelimit-limit',
          'ratelimit-remaining',
          'x-ratelimit-limit',
          'x-ratelimit-remaining',
        ),
      ).limit,
    ).toBe(40);
    expect(
      parseRateLimit({
        'x-ratelimit-limit-requests': '50',
        'x-shopify-shop-api-call-limit': '1/60',
      }).limit,
    ).toBe(50);
  });

  it('falls through to the next dialect when a higher one is present but malformed', () => {
    const info = parseRateLimit({ ratelimit: 'default;r=5', 'x-ratelimit-limit': '9' });
    expect(info.dialect).toBe('x-ratelimit');
  });

  it('treats IETF items whose name is not a quoted string as malformed', () => {
    const info = parseRateLimit({ ratelimit: 'default;r=5;t=1, "ok";r=7;t=2' });
    expect(info.buckets.map((b) => b.name)).toEqual(['ok']);
    expect(info.remaining).toBe(7);
  });

  it('picks the IETF item closest to exhaustion as primary', () => {
    const info = parseRateLimit({
      ratelimit: '"minute";r=40;t=20, "day";r=100;t=3000',
      'ratelimit-policy': '"minute";q=50;w=60, "day";q=10000;w=86400',
    });
    expect(info.bucket).toBe('day');
    expect([info.limit, info.remaining, info.resetSeconds]).toEqual([10000, 100, 3000]);
  });

  it('lists Salesforce app buckets beside the org-wide api-usage primary', () => {
    const info = parseRateLimit({
      'sforce-limit-info': 'api-usage=18/5000, per-app-api-usage=17/250(appName=sample-app)',
    });
    expect(info.bucket).toBe('api-usage');
    expect(info.buckets.map((b) => [b.name, b.remaining])).toEqual([
      ['api-usage', 4982],
      ['per-app-api-usage', 233],
    ]);
  });

  it('does not mistake Discord X-RateLimit-Reset-After for an OpenAI resource', () => {
    const info = parseRateLimit({ 'x-ratelimit-reset-after': '2.5' });
    expect([info.dialect, info.resetSeconds]).toEqual(['discord', 2.5]);
  });

  it('truncates bucket names taken from headers to 64 characters', () => {
    const info = parseRateLimit({
      'x-ratelimit-limit': '5',
      'x-ratelimit-bucket': 'b'.repeat(500),
    });
    expect(info.bucket).toHaveLength(64);
  });
});
