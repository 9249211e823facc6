import { describe, expect, it } from 'vitest';
import { isRetryAfterTooLongError } from '../src/index.js';
import { drive } from './fake-clock.js';
import { rejectedOption, T0, useWrappedServer } from './wrapped-server.js';

const setup = useWrappedServer();

describe('createRateLimitedFetch – a 429 whose Retry-After exceeds maxWaitMs', () => {
  it('records the whole Retry-After as a pause: later calls fail fast with the remaining wait, sending nothing', async () => {
    const { fetch, clock, tracker, server, url } = await setup([
      { status: 429, headers: { 'retry-after': '3600' } },
      { status: 200 },
    ]);
    const first = await drive(clock, fetch(url));
    expect(isRetryAfterTooLongError(first.error)).toBe(true);
    expect(tracker.pausedUntil('partner')).toBe(T0 + 3_600_000);

    clock.advance(600_000);
    for (let i = 0; i < 50; i++) {
      const { error } = await drive(clock, fetch(url));
      expect(isRetryAfterTooLongError(error)).toBe(true);
      if (!isRetryAfterTooLongError(error)) return;
      expect([error.waitMs, error.attempts]).toEqual([3_000_000, 0]);
    }
    // 50 calls during the window, one request: the partner is not hammered.
    expect(server.received).toHaveLength(1);
    expect(clock.waits).toEqual([]);

    clock.advance(3_000_000);
    expect((await drive(clock, fetch(url))).value?.status).toBe(200);
    expect(server.received).toHaveLength(2);
  });

  it('pauses only the bucket the 429 names when requests are mapped to buckets', async () => {
    const { fetch, clock, server, url } = await setup(
      [
        {
          status: 429,
          headers: {
            'retry-after': '600',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-resource': 'search',
          },
        },
        { status: 200 },
      ],
      { bucket: ({ url }) => (url.includes('/search') ? 'search' : 'core') },
    );
    expect(isRetryAfterTooLongError((await drive(clock, fetch(`${url}/search`))).error)).toBe(true);
    expect(isRetryAfterTooLongError((await drive(clock, fetch(`${url}/search`))).error)).toBe(true);
    expect((await drive(clock, fetch(`${url}/core`))).value?.status).toBe(200);
    expect(server.received.map((r) => r.url)).toEqual(['/search', '/core']);
  });

  it('caps the recorded pause at maxPauseMs (24 h by default)', async () => {
    const { fetch, clock, tracker, url } = await setup([
      { status: 429, headers: { 'retry-after': '99999999999' } },
      { status: 200 },
    ]);
    await drive(clock, fetch(url));
    expect(tracker.pausedUntil('partner')).toBe(T0 + 86_400_000);
    clock.advance(86_400_000);
    expect((await drive(clock, fetch(url))).value?.status).toBe(200);
  });

  it('honours a smaller maxPauseMs', async () => {
    const { fetch, clock, tracker, url } = await setup(
      [{ status: 429, headers: { 'retry-after': '3600' } }],
      { maxPauseMs: 300_000 },
    );
    await drive(clock, fetch(url));
    expect(tracker.pausedUntil('partner')).toBe(T0 + 300_000);
  });

  it('keeps short Retry-After values as a wait-and-retry within the call', async () => {
    const { fetch, clock, server, url } = await setup([
      { status: 429, headers: { 'retry-after': '20' } },
      { status: 200 },
    ]);
    expect((await drive(clock, fetch(url))).value?.status).toBe(200);
    expect(clock.waits).toEqual([20_000]);
    expect(server.received).toHaveLength(2);
  });

  it.each([[-1], [Number.NaN], ['1h'], [366 * 86_400_000]])(
    'rejects maxPauseMs %j naming the option',
    (value) => {
      expect(rejectedOption({ maxPauseMs: value })).toBe('maxPauseMs');
    },
  );
});
