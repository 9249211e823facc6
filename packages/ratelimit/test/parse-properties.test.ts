import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRateLimit, type RateLimitInfo } from '../src/index.js';

const NAMES = [
  'ratelimit',
  'ratelimit-policy',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-used',
  'x-ratelimit-reset',
  'x-ratelimit-reset-after',
  'x-rate-limit-reset',
  'x-ratelimit-reset-requests',
  'x-ratelimit-requests-reset',
  'anthropic-ratelimit-tokens-reset',
  'x-shopify-shop-api-call-limit',
  'sforce-limit-info',
  'retry-after',
  'date',
];

// Values close to the grammar are where parsers break: numbers, signs, dates, SF syntax.
const nearMiss = fc.oneof(
  fc.string(),
  fc.stringMatching(/^[-+ 0-9.,;=:"xXeE]{0,24}$/),
  fc.double().map(String),
  fc.integer().map(String),
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => String(d)),
  fc.tuple(fc.string(), fc.integer(), fc.integer()).map(([n, r, t]) => `"${n}";r=${r};t=${t}`),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}/${b}`),
  fc
    .tuple(fc.nat(), fc.constantFrom('h', 'm', 's', 'ms', 'us', 'ns', 'x'))
    .map(([n, u]) => `${n}${u}`),
);

const headers = fc.dictionary(
  fc.constantFrom(...NAMES, 'X-RateLimit-Limit', 'Retry-After'),
  nearMiss,
  {
    maxKeys: 8,
  },
);

function numbersOf(info: RateLimitInfo): number[] {
  const values = [info.limit, info.remaining, info.resetSeconds, info.retryAfterSeconds];
  for (const b of info.buckets) values.push(b.limit, b.remaining, b.resetSeconds, b.windowSeconds);
  return values.filter((v): v is number => v !== null);
}

describe('parseRateLimit properties', () => {
  it('never throws and never yields negative, NaN or infinite numbers', () => {
    fc.assert(
      fc.property(headers, fc.date({ noInvalidDate: true }), (input, now) => {
        const info = parseRateLimit(input, { now });
        for (const value of numbersOf(info)) {
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the same from a record and from WHATWG Headers', () => {
    const headerSafe = fc.dictionary(
      fc.constantFrom(...NAMES),
      nearMiss.map((v) => v.replace(/[^\x20-\x7e]/g, '').trim()),
      { maxKeys: 6 },
    );
    fc.assert(
      fc.property(headerSafe, (input) => {
        const now = new Date(Date.UTC(2026, 0, 1));
        expect(parseRateLimit(new Headers(input), { now })).toEqual(parseRateLimit(input, { now }));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips any safe delay-seconds and any X-RateLimit triple', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.nat({ max: 1_000_000 }),
        fc.nat({ max: 1_000_000 }),
        fc.nat({ max: 999_999_999 }),
        (delay, limit, remaining, reset) => {
          const info = parseRateLimit({
            'retry-after': String(delay),
            'x-ratelimit-limit': String(limit),
            'x-ratelimit-remaining': String(remaining),
            'x-ratelimit-reset': String(reset),
          });
          expect([info.retryAfterSeconds, info.limit, info.remaining, info.resetSeconds]).toEqual([
            delay,
            limit,
            remaining,
            reset,
          ]);
        },
      ),
    );
  });

  it('turns any absolute reset into a wait within [0, reset − now]', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (reset, now) => {
          const expected =
            Math.max(0, Math.floor(reset.getTime() / 1000) * 1000 - now.getTime()) / 1000;
          for (const value of [reset.toUTCString(), `${reset.toISOString().slice(0, 19)}Z`]) {
            const info = parseRateLimit(
              { 'x-ratelimit-limit': '1', 'x-ratelimit-reset': value },
              { now },
            );
            expect(info.resetSeconds).toBeCloseTo(expected, 6);
          }
          const retry = parseRateLimit({ 'retry-after': reset.toUTCString() }, { now });
          expect(retry.retryAfterSeconds).toBeCloseTo(expected, 6);
        },
      ),
    );
  });
});
