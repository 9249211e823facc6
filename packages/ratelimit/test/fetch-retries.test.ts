import { refusedPort } from '@preflight/test-harness';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRateLimitedFetch,
  type GiveUpEvent,
  isAttemptTimeoutError,
  isMaybeAppliedError,
  isRetriesExhaustedError,
  isRetryAfterTooLongError,
  isRetryStrategyError,
  type RateLimitedFetchOptions,
} from '../src/index.js';
import { createFakeClock, drive, type FakeClock, until } from './fake-clock.js';
import { type LoopbackServer, type Scripted, startServer } from './loopback-server.js';

const T0 = Date.UTC(2026, 0, 1);
let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(script: Scripted[], options: Partial<RateLimitedFetchOptions> = {}) {
  server = await startServer(script);
  const clock = createFakeClock(T0);
  const giveUps: GiveUpEvent[] = [];
  const fetch = createRateLimitedFetch({
    upstream: 'partner',
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    onGiveUp: (event) => {
      giveUps.push(event);
    },
    ...options,
  });
  return { fetch, clock, giveUps, server, url: `${server.url}/v1/orders` };
}

const json = (body: unknown, status: number, headers: Record<string, string> = {}): Scripted => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

async function run(clock: FakeClock, promise: Promise<Response>) {
  return drive(clock, promise);
}

describe('createRateLimitedFetch – which failures are retried', () => {
  it('passes a 2xx response through untouched, body readable', async () => {
    const { fetch, url, clock } = await setup([{ status: 201, body: 'created' }]);
    const { value } = await run(clock, fetch(url));
    expect(value?.status).toBe(201);
    expect(await value?.text()).toBe('created');
  });

  it('retries 5xx with full-jitter exponential backoff (2 s, 4 s ceilings) until success', async () => {
    const { fetch, url, clock, server } = await setup([
      { status: 503 },
      { status: 500 },
      { status: 200 },
    ]);
    const { value } = await run(clock, fetch(url));
    expect(value?.status).toBe(200);
    expect(server.received).toHaveLength(3);
    // random() = 0.5 → half of each ceiling.
    expect(clock.waits).toEqual([1000, 2000]);
  });

  it('gives up after maxAttempts with the last response and hands it to onGiveUp', async () => {
    const { fetch, url, clock, server, giveUps } = await setup([
      { status: 502, body: 'bad gateway' },
    ]);
    const { error } = await run(clock, fetch(url));
    expect(isRetriesExhaustedError(error)).toBe(true);
    if (!isRetriesExhaustedError(error)) return;
    expect(error.attempts).toBe(3);
    expect(error.response?.status).toBe(502);
    expect(await error.response?.text()).toBe('bad gateway');
    expect(server.received).toHaveLength(3);
    expect(giveUps).toMatchObject([
      { upstream: 'partner', method: 'GET', url, attempts: 3, reason: 'retries_exhausted' },
    ]);
    expect(giveUps[0]?.error).toBe(error);
  });

  it('never retries 4xx other than 408 and 429', async () => {
    for (const status of [400, 401, 403, 404, 409, 422]) {
      const { fetch, url, clock, server, giveUps } = await setup([{ status }, { status: 200 }]);
      const { value } = await run(clock, fetch(url));
      expect(value?.status).toBe(status);
      expect(server.received).toHaveLength(1);
      expect(giveUps).toEqual([]);
      await server.close();
    }
  });

  it('retries 408 Request Timeout', async () => {
    const { fetch, url, clock, server } = await setup([{ status: 408 }, { status: 200 }]);
    expect((await run(clock, fetch(url))).value?.status).toBe(200);
    expect(server.received).toHaveLength(2);
  });

  it('honours maxAttempts: 1 (no retry at all)', async () => {
    const { fetch, url, clock, server } = await setup([{ status: 503 }], { maxAttempts: 1 });
    const { error } = await run(clock, fetch(url));
    expect(isRetriesExhaustedError(error)).toBe(true);
    expect(server.received).toHaveLength(1);
  });
});

describe('createRateLimitedFetch – Retry-After', () => {
  it('waits exactly Retry-After seconds after a 429, then retries', async () => {
    const { fetch, url, clock, server } = await setup([
      { status: 429, headers: { 'retry-after': '5' } },
      { status: 200 },
    ]);
    const { value } = await run(clock, fetch(url));
    expect(value?.status).toBe(200);
    expect(clock.waits).toEqual([5000]);
    expect(server.received).toHaveLength(2);
  });

  it('honours Retry-After: 0 as "now" (no 60 s substitution)', async () => {
    const { fetch, url, clock } = await setup([
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 200 },
    ]);
    expect((await run(clock, fetch(url))).value?.status).toBe(200);
    expect(clock.waits).toEqual([]);
  });

  it('measures an HTTP-date Retry-After against the response Date header', async () => {
    const { fetch, url, clock } = await setup([
      {
        status: 503,
        headers: {
          date: 'Thu, 01 Jan 2026 00:00:00 GMT',
          'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT',
        },
      },
      { status: 200 },
    ]);
    expect((await run(clock, fetch(url))).value?.status).toBe(200);
    expect(clock.waits).toEqual([7000]);
  });

  it('fails with RetryAfterTooLongError beyond maxWaitMs instead of retrying early', async () => {
    const { fetch, url, clock, server, giveUps } = await setup([
      { status: 429, headers: { 'retry-after': '120' } },
      { status: 200 },
    ]);
    const { error } = await run(clock, fetch(url));
    expect(isRetryAfterTooLongError(error)).toBe(true);
    if (!isRetryAfterTooLongError(error)) return;
    expect([error.waitMs, error.maxWaitMs, error.attempts]).toEqual([120_000, 60_000, 1]);
    expect(error.response?.status).toBe(429);
    expect(server.received).toHaveLength(1);
    expect(giveUps.map((g) => g.reason)).toEqual(['retry_after_too_long']);
  });

  it('does not overflow a huge Retry-After into an immediate retry', async () => {
    const { fetch, url, clock, server } = await setup(
      [{ status: 429, headers: { 'retry-after': '99999999999' } }],
      {
        maxWaitMs: 365 * 86_400_000,
      },
    );
    const { error } = await run(clock, fetch(url));
    expect(isRetryAfterTooLongError(error)).toBe(true);
    expect(server.received).toHaveLength(1);
    expect(clock.waits).toEqual([]);
  });

  it.each(['0x10', '120 seconds', '60, 61', '-1', 'NaN'])(
    'falls back to backoff for a malformed Retry-After %j (never "now", never "forever")',
    async (value) => {
      const { fetch, url, clock } = await setup([
        { status: 429, headers: { 'retry-after': value } },
        { status: 200 },
      ]);
      expect((await run(clock, fetch(url))).value?.status).toBe(200);
      // 429 fallback: jitter within [ceiling / 2, ceiling] of the 2 s first ceiling.
      expect(clock.waits).toEqual([1500]);
    },
  );
});

describe('createRateLimitedFetch – timeouts and network errors', () => {
  it('aborts an attempt after attemptTimeoutMs and retries it', async () => {
    const { fetch, url, clock, server } = await setup([{ hang: true }, { status: 200 }]);
    const pending = fetch(url);
    await until(() => server.received.length === 1, 'first request');
    clock.advance(30_000);
    const { value } = await drive(clock, pending);
    expect(value?.status).toBe(200);
    expect(server.received).toHaveLength(2);
  });

  it('reports AttemptTimeoutError as the cause once every attempt timed out', async () => {
    const { fetch, url, clock, server } = await setup([{ hang: true }], { maxAttempts: 2 });
    const pending = drive(clock, fetch(url));
    for (let attempt = 1; attempt <= 2; attempt++) {
      await until(
        () => server.received.length === attempt && clock.inFlight() === 1,
        `attempt ${attempt}`,
      );
      clock.advance(30_000);
    }
    const { error } = await pending;
    expect(isRetriesExhaustedError(error)).toBe(true);
    expect(isAttemptTimeoutError((error as Error).cause)).toBe(true);
  });

  it('retries a GET after a connection reset', async () => {
    const { fetch, url, clock, server } = await setup([{ reset: true }, { status: 200 }]);
    expect((await run(clock, fetch(url))).value?.status).toBe(200);
    expect(server.received).toHaveLength(2);
  });

  it('retries even a POST when the connection was refused (never sent)', async () => {
    const { fetch, clock } = await setup([{ status: 200 }], { maxAttempts: 2 });
    const closedUrl = `http://127.0.0.1:${await refusedPort()}`;
    const { error } = await run(clock, fetch(closedUrl, { method: 'POST', body: '{}' }));
    expect(isRetriesExhaustedError(error)).toBe(true);
    expect((error as { attempts: number }).attempts).toBe(2);
  });
});

describe('createRateLimitedFetch – non-idempotent requests', () => {
  it('does not replay a POST without Idempotency-Key after a 5xx: MaybeAppliedError', async () => {
    const { fetch, url, clock, server, giveUps } = await setup([{ status: 503 }, { status: 200 }]);
    const { error } = await run(clock, fetch(url, { method: 'POST', body: '{"points":10}' }));
    expect(isMaybeAppliedError(error)).toBe(true);
    expect((error as Error).message).toMatch(/may have been applied; reconcile/);
    expect(server.received).toHaveLength(1);
    expect(giveUps.map((g) => g.reason)).toEqual(['maybe_applied']);
  });

  it('does not replay a PATCH after a connection reset mid-request', async () => {
    const { fetch, url, clock, server } = await setup([{ reset: true }, { status: 200 }]);
    const { error } = await run(clock, fetch(url, { method: 'PATCH', body: '{}' }));
    expect(isMaybeAppliedError(error)).toBe(true);
    expect(server.received).toHaveLength(1);
  });

  it('replays a POST that carries an Idempotency-Key, body included', async () => {
    const { fetch, url, clock, server } = await setup([{ status: 503 }, { status: 200 }]);
    const init = { method: 'POST', body: '{"points":10}', headers: { 'idempotency-key': 'k-1' } };
    expect((await run(clock, fetch(url, init))).value?.status).toBe(200);
    expect(server.received.map((r) => [r.headers['idempotency-key'], r.body])).toEqual([
      ['k-1', '{"points":10}'],
      ['k-1', '{"points":10}'],
    ]);
  });

  it('adds one Idempotency-Key per call when asked, the same on every attempt', async () => {
    let n = 0;
    const { fetch, url, clock, server } = await setup([{ status: 500 }, { status: 200 }], {
      idempotencyKey: () => `key-${++n}`,
    });
    await run(clock, fetch(url, { method: 'POST', body: 'x' }));
    await run(clock, fetch(url, { method: 'GET' }));
    expect(server.received.map((r) => r.headers['idempotency-key'])).toEqual([
      'key-1',
      'key-1',
      undefined,
    ]);
  });

  it('replays a Request object with its body on every attempt', async () => {
    const { fetch, url, clock, server } = await setup([{ status: 503 }, { status: 200 }]);
    const request = new Request(url, { method: 'PUT', body: 'payload' });
    expect((await run(clock, fetch(request))).value?.status).toBe(200);
    expect(server.received.map((r) => r.body)).toEqual(['payload', 'payload']);
  });

  it('retries a POST after a 429 (the upstream refused it, nothing was applied)', async () => {
    const { fetch, url, clock, server } = await setup([
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 200 },
    ]);
    expect((await run(clock, fetch(url, { method: 'POST', body: 'x' }))).value?.status).toBe(200);
    expect(server.received).toHaveLength(2);
  });
});

describe('createRateLimitedFetch – retry_strategy bodies', () => {
  it('stops on no_retry even for a 5xx', async () => {
    const { fetch, url, clock, server, giveUps } = await setup([
      json({ error: { code: 'UPSTREAM_DOWN', retry_strategy: 'no_retry' } }, 503),
    ]);
    const { error } = await run(clock, fetch(url));
    expect(isRetryStrategyError(error)).toBe(true);
    expect((error as { strategy: string }).strategy).toBe('no_retry');
    expect(await (error as { response: Response }).response.json()).toMatchObject({
      error: { code: 'UPSTREAM_DOWN' },
    });
    expect(server.received).toHaveLength(1);
    expect(giveUps.map((g) => g.reason)).toEqual(['retry_strategy']);
  });

  it.each(['fix_request', 'contact_support'])('stops on %s for a 429', async (strategy) => {
    const { fetch, url, clock, server } = await setup([
      json({ retry_strategy: strategy }, 429, { 'retry-after': '1' }),
    ]);
    const { error } = await run(clock, fetch(url));
    expect((error as { strategy: string }).strategy).toBe(strategy);
    expect(server.received).toHaveLength(1);
  });

  it('retries a 409 whose body says backoff', async () => {
    const { fetch, url, clock, server } = await setup([
      json({ retry_strategy: 'backoff' }, 409),
      { status: 200 },
    ]);
    expect((await run(clock, fetch(url))).value?.status).toBe(200);
    expect(server.received).toHaveLength(2);
  });

  it('returns a 400 with fix_request to the caller with its body intact', async () => {
    const { fetch, url, clock } = await setup([
      json({ retry_strategy: 'fix_request', field: 'email' }, 400),
    ]);
    const { value } = await run(clock, fetch(url));
    expect(value?.status).toBe(400);
    expect(await value?.json()).toEqual({ retry_strategy: 'fix_request', field: 'email' });
  });

  it('ignores bad JSON, unknown strategies and bodies over maxErrorBodyBytes', async () => {
    const big = JSON.stringify({ retry_strategy: 'no_retry', pad: 'x'.repeat(2000) });
    const { fetch, url, clock, server } = await setup(
      [
        {
          status: 503,
          headers: { 'content-type': 'application/json' },
          body: '{"retry_strategy":',
        },
        json({ retry_strategy: 'maybe_later' }, 503),
        { status: 503, headers: { 'content-type': 'application/json' }, body: big },
        { status: 200 },
      ],
      { maxAttempts: 4, maxErrorBodyBytes: 1024 },
    );
    expect((await run(clock, fetch(url))).value?.status).toBe(200);
    expect(server.received).toHaveLength(4);
  });
});

describe('createRateLimitedFetch – caller abort', () => {
  it('rejects with the caller’s reason while waiting, without further attempts or give-up', async () => {
    const { fetch, url, clock, server, giveUps } = await setup([{ status: 503 }]);
    const controller = new AbortController();
    const pending = fetch(url, { signal: controller.signal });
    await until(() => clock.pendingWaits().length === 1, 'backoff wait');
    const reason = new Error('user navigated away');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(server.received).toHaveLength(1);
    expect(giveUps).toEqual([]);
  });

  it('rejects with the caller’s reason when aborted during an attempt', async () => {
    const { fetch, url, server } = await setup([{ hang: true }]);
    const controller = new AbortController();
    const pending = fetch(url, { signal: controller.signal });
    await until(() => server.received.length === 1, 'request');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('logs and swallows a throwing onGiveUp hook', async () => {
    const warnings: string[] = [];
    const { fetch, url, clock } = await setup([{ status: 500 }], {
      maxAttempts: 1,
      logger: { warn: (_obj, msg) => warnings.push(msg) },
      onGiveUp: () => {
        throw new Error('dlq down');
      },
    });
    const { error } = await run(clock, fetch(url));
    expect(isRetriesExhaustedError(error)).toBe(true);
    expect(warnings).toContain('onGiveUp hook failed');
  });
});
