import { afterEach, describe, expect, it, vi } from 'vitest';
import { realSleep } from '../src/fetch/sleep.js';
import {
  isMaybeAppliedError,
  isRateLimitError,
  isRetriesExhaustedError,
  MaybeAppliedError,
  RateLimitError,
  RetriesExhaustedError,
} from '../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('realSleep', () => {
  it('waits past 2^31 − 1 ms in chunks instead of firing at once', async () => {
    vi.useFakeTimers();
    let done = false;
    const longer = 2 ** 31 + 5_000;
    const sleeping = realSleep(longer).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
  });

  it('rejects with the abort reason and clears its timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const sleeping = realSleep(60_000, controller.signal);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once for an already aborted signal and resolves at once for 0 or NaN', async () => {
    await expect(realSleep(10, AbortSignal.abort('gone'))).rejects.toBe('gone');
    await expect(realSleep(Number.NaN)).resolves.toBeUndefined();
    await expect(realSleep(0)).resolves.toBeUndefined();
  });
});

describe('errors', () => {
  it('share one base class with a stable code and package-prefixed messages', () => {
    const error = new MaybeAppliedError({ upstream: 'partner', method: 'POST', attempts: 1 });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.code).toBe('ERR_RATELIMIT_MAYBE_APPLIED');
    expect(error.message).toMatch(/^@preflight\/ratelimit: POST to partner/);
  });

  it('guards recognise errors from another copy of the package by code', () => {
    const foreign = Object.assign(new Error('x'), { code: 'ERR_RATELIMIT_RETRIES_EXHAUSTED' });
    expect(isRetriesExhaustedError(foreign)).toBe(true);
    expect(isRateLimitError(foreign)).toBe(true);
    expect(isMaybeAppliedError(foreign)).toBe(false);
    expect(isRateLimitError(new Error('plain'))).toBe(false);
    expect(isRetriesExhaustedError(null)).toBe(false);
  });

  it('keeps the cause', () => {
    const cause = new TypeError('fetch failed');
    const error = new RetriesExhaustedError({ upstream: 'p', method: 'GET', attempts: 3, cause });
    expect(error.cause).toBe(cause);
  });
});
