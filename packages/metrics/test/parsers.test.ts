import { readCapped } from '@preflight/express-route';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationToMs, isPromDuration, msToDuration } from '../src/alerts/prometheus-duration.js';
import { errorCodeFromBody } from '../src/index.js';

describe('errorCodeFromBody()', () => {
  it('finds the code in every common error shape', () => {
    expect(errorCodeFromBody({ error: { code: 'AUTH_INVALID_KEY', message: 'x' } })).toBe(
      'AUTH_INVALID_KEY',
    );
    expect(errorCodeFromBody({ code: 'RATE_LIMITED' })).toBe('RATE_LIMITED');
    expect(errorCodeFromBody({ error_code: 'INSUFFICIENT_CREDITS' })).toBe('INSUFFICIENT_CREDITS');
    expect(errorCodeFromBody({ error: 'AUTH_INSUFFICIENT_SCOPE' })).toBe('AUTH_INSUFFICIENT_SCOPE');
  });

  it('never throws and returns a non-empty string or undefined for any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const code = errorCodeFromBody(body);
        expect(code === undefined || (typeof code === 'string' && code.length > 0)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('returns exactly the code placed in a nested error object, whatever else the body holds (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (code, rest) => {
          expect(errorCodeFromBody({ ...rest, error: { code } })).toBe(code);
        },
      ),
    );
  });
});

describe('readCapped()', () => {
  const stream = (chunks: Uint8Array[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(c);
        controller.close();
      },
    });

  it('returns the text up to the cap and undefined past it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }),
        fc.nat(300),
        async (chunks, cap) => {
          const size = chunks.reduce((n, c) => n + c.byteLength, 0);
          const text = await readCapped(stream(chunks), cap);
          if (size > cap) expect(text).toBeUndefined();
          else expect(text).toBe(Buffer.concat(chunks).toString('utf8'));
        },
      ),
    );
  });

  it('returns undefined for a null body or a stream that errors', async () => {
    expect(await readCapped(null, 10)).toBeUndefined();
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('reset'));
      },
    });
    expect(await readCapped(failing, 10)).toBeUndefined();
  });
});

describe('Prometheus durations', () => {
  it('accepts Prometheus duration literals and rejects everything else', () => {
    for (const ok of ['0s', '5m', '1h30m', '250ms', '3d', '2w'])
      expect(isPromDuration(ok)).toBe(true);
    for (const bad of ['', '5', '5 m', '-1m', '1.5h', 'm5', '5M', 5])
      expect(isPromDuration(bad)).toBe(false);
  });

  it('formats whole seconds back to a literal that parses to the same value (property)', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), (seconds) => {
        const literal = msToDuration(seconds * 1000);
        expect(isPromDuration(literal)).toBe(true);
        expect(durationToMs(literal)).toBe(seconds * 1000);
      }),
    );
  });
});
