import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStrictNumber } from '../src/headers/number-grammar.js';
import { parseRateLimit } from '../src/index.js';

/** The grammar as a regex, the obviously-correct reading the scanner must agree with. */
function reference(text: string): number | null {
  if (text.length > 160) return null;
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 40 || !/^\d+(?:\.\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value <= Number.MAX_SAFE_INTEGER ? value : null;
}

const numberLike = fc.oneof(
  fc.stringMatching(/^[0-9.]{0,45}$/),
  fc.stringMatching(/^[ \t]?[0-9]{1,20}(\.[0-9]{0,20})?[ \t.x]?$/),
  fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String),
  fc.constantFrom('9007199254740991', '9007199254740992', '9007199254740993', '0.5.', '1.', '.5'),
  fc.double({ min: 0, noNaN: true }).map(String),
  fc.string(),
);

const PER_RESOURCE = [
  'x-ratelimit-limit-requests',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-reset-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-tokens',
  'x-ratelimit-requests-limit',
  'x-ratelimit-requests-remaining',
  'anthropic-ratelimit-input-tokens-limit',
  'anthropic-ratelimit-input-tokens-remaining',
  'anthropic-ratelimit-requests-reset',
];
const FIXED = [
  'ratelimit-limit',
  'ratelimit-remaining',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-rate-limit-limit',
  'retry-after',
];
const value = fc.oneof(
  fc.nat({ max: 100_000 }).map(String),
  fc.constantFrom('1s', '6m0s', '20ms', '2026-01-01T00:01:00Z', '-1', 'x'),
);
const headers = fc.dictionary(fc.constantFrom(...PER_RESOURCE, ...FIXED), value, { maxKeys: 10 });
const NOW = new Date(Date.UTC(2026, 0, 1));

describe('parseRateLimit fast paths read exactly what the general paths read', () => {
  it('scans numbers exactly as the digits[.digits] grammar and Number() read them', () => {
    fc.assert(
      fc.property(numberLike, (text) => {
        expect(parseStrictNumber(text)).toBe(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('gives the same result whatever the case of the header names', () => {
    fc.assert(
      fc.property(headers, fc.infiniteStream(fc.boolean()), (input, upper) => {
        const mixed: Record<string, string> = {};
        for (const [name, v] of Object.entries(input)) {
          const cased = [...name].map((ch) => (upper.next().value ? ch.toUpperCase() : ch));
          mixed[cased.join('')] = v;
        }
        expect(parseRateLimit(mixed, { now: NOW })).toEqual(parseRateLimit(input, { now: NOW }));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same per-resource buckets whatever the order of the headers', () => {
    fc.assert(
      fc.property(headers, (input) => {
        const reversed = Object.fromEntries(Object.entries(input).reverse());
        expect(parseRateLimit(reversed, { now: NOW })).toEqual(parseRateLimit(input, { now: NOW }));
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips any printable IETF policy name, escaped quotes and backslashes included', () => {
    const printable = fc
      .stringMatching(/^[\x20-\x7e]{1,64}$/)
      .filter((name) => name.trim() === name);
    fc.assert(
      fc.property(printable, fc.nat({ max: 1000 }), (name, remaining) => {
        const quoted = `"${name.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
        const info = parseRateLimit({ ratelimit: `${quoted};r=${remaining};t=30` }, { now: NOW });
        expect(info.bucket).toBe(name);
        expect(info.remaining).toBe(remaining);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads every second-precision UTC timestamp reset as the seconds until it', () => {
    const date = fc.date({
      min: new Date('1970-01-01'),
      max: new Date('9999-12-31'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(
        date,
        date,
        fc.constantFrom('T', 't', ' '),
        fc.constantFrom('Z', 'z'),
        (at, now, t, z) => {
          const text = at.toISOString().slice(0, 19).replace('T', t) + z;
          const whole = Math.floor(at.getTime() / 1000) * 1000;
          const info = parseRateLimit(
            { 'x-ratelimit-limit': '1', 'x-ratelimit-reset': text },
            { now },
          );
          expect(info.resetSeconds).toBe(Math.max(0, (whole - now.getTime()) / 1000));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('rejects impossible calendar times in the short UTC form', () => {
    for (const text of [
      '2026-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:60:00Z',
      '2026-01-0xT00:00:00Z',
    ]) {
      expect(parseRateLimit({ 'x-ratelimit-reset': text }, { now: NOW }).resetSeconds).toBeNull();
    }
  });
});
