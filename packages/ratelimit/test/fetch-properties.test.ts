import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRateLimitedFetch, isRetryAfterTooLongError, type Sleep } from '../src/index.js';

// The wrapper's wait logic under arbitrary upstream headers. The transport is a stub here on
// purpose (thousands of runs); the same logic meets a real loopback server in the other files.
const TIMEOUT_MS = 30_000;
const MAX_WAIT_MS = 60_000;

function harness() {
  let now = Date.UTC(2026, 0, 1);
  const waits: number[] = [];
  const sleep: Sleep = (ms, signal) => {
    if (ms === TIMEOUT_MS) {
      // The attempt timeout never fires: responses below are immediate.
      return new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    waits.push(ms);
    now += ms;
    return Promise.resolve();
  };
  return { now: () => now, sleep, waits };
}

const headerValue = fc.oneof(
  fc.string(),
  fc.stringMatching(/^[-+ 0-9.,xXeE]{0,20}$/),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
);
const headerName = fc.constantFrom(
  'retry-after',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'ratelimit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'date',
);

describe('createRateLimitedFetch properties', () => {
  it('never waits a negative, NaN, infinite or over-cap time, whatever the headers say', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(429, 503, 500, 408),
        fc.dictionary(headerName, headerValue, { maxKeys: 4 }),
        async (status, headers) => {
          const clock = harness();
          let calls = 0;
          const fetch = createRateLimitedFetch({
            upstream: 'partner',
            now: clock.now,
            sleep: clock.sleep,
            maxWaitMs: MAX_WAIT_MS,
            fetch: async () => {
              calls++;
              const safe = Object.fromEntries(
                Object.entries(headers).map(([k, v]) => [k, v.replace(/[^\x20-\x7e]/g, '')]),
              );
              return calls === 1
                ? new Response(null, { status, headers: safe })
                : new Response('ok');
            },
          });
          try {
            const response = await fetch('http://127.0.0.1/');
            expect(response.status).toBe(200);
          } catch (error) {
            expect(isRetryAfterTooLongError(error)).toBe(true);
          }
          for (const ms of clock.waits) {
            expect(Number.isFinite(ms)).toBe(true);
            expect(ms).toBeGreaterThanOrEqual(0);
            expect(ms).toBeLessThanOrEqual(MAX_WAIT_MS);
          }
          expect(calls).toBeLessThanOrEqual(3);
        },
      ),
      { numRuns: 500 },
    );
  });
});
