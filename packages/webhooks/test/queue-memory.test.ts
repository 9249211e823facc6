import { until } from '@preflight/test-harness';
import { describe, expect, it } from 'vitest';
import { createMemoryQueue, createWebhookMetrics, type WebhookEvent } from '../src/index.js';
import { sample, testMeter } from './support/metrics.js';

const event = (id: string, receivedAt = 1000): WebhookEvent => ({
  id,
  source: 'partner',
  receivedAt,
  timestamp: receivedAt,
  payload: { id },
});

describe('createMemoryQueue()', () => {
  it('processes enqueued events in order and reports an empty backlog afterwards', async () => {
    const seen: string[] = [];
    const queue = createMemoryQueue({ handler: (e) => void seen.push(e.id) });
    await queue.enqueue(event('a'));
    await queue.enqueue(event('b'));
    await until(() => seen.length === 2, 'both events handled');
    expect(seen).toEqual(['a', 'b']);
    expect(await queue.stats()).toEqual({ backlog: 0, oldestPendingAt: undefined, deadLetter: 0 });
    await queue.close();
  });

  it('an id already queued is not queued twice', async () => {
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const queue = createMemoryQueue({
      handler: async (e) => {
        await gate;
        seen.push(e.id);
      },
    });
    await queue.enqueue(event('a'));
    await queue.enqueue(event('a'));
    expect((await queue.stats()).backlog).toBe(1);
    release();
    await queue.close();
    expect(seen).toEqual(['a']);
  });

  it('retries a throwing handler with backoff, then dead-letters it after the last attempt', async () => {
    const attempts: number[] = [];
    const m = testMeter();
    const queue = createMemoryQueue({
      handler: (_e, a) => {
        attempts.push(a.attempt);
        throw new Error('partner said no');
      },
      attempts: 3,
      backoffMs: 5,
      metrics: createWebhookMetrics({ meter: m.meter }),
    });
    await queue.enqueue(event('a'));
    await until(async () => (await queue.stats()).deadLetter === 1, 'a dead letter');
    expect(attempts).toEqual([1, 2, 3]);
    const [dead] = await queue.deadLetters();
    expect(dead).toMatchObject({ event: { id: 'a' }, attempts: 3, error: 'partner said no' });
    const text = await m.scrape();
    expect(
      sample(text, 'preflight_webhook_failed_total', { source: 'partner', reason: 'processing' }),
    ).toBe(3);
    expect(sample(text, 'preflight_webhook_dead_lettered_total', { source: 'partner' })).toBe(1);
    await queue.close();
  });

  it('a handler that fails once then succeeds is processed, not dead-lettered', async () => {
    let calls = 0;
    const queue = createMemoryQueue({
      handler: () => {
        calls += 1;
        if (calls === 1) throw new Error('flaky');
      },
      backoffMs: 1,
    });
    await queue.enqueue(event('a'));
    await until(
      async () => calls === 2 && (await queue.stats()).backlog === 0,
      'the retry handled and the backlog empty',
    );
    expect((await queue.stats()).deadLetter).toBe(0);
    await queue.close();
  });

  it('is bounded: past maxBacklog enqueue rejects (the receiver answers 503)', async () => {
    const queue = createMemoryQueue({ handler: () => new Promise(() => undefined), maxBacklog: 2 });
    await queue.enqueue(event('a'));
    await queue.enqueue(event('b'));
    await expect(queue.enqueue(event('c'))).rejects.toMatchObject({
      code: 'ERR_WEBHOOK_QUEUE_FULL',
    });
  });

  it('reports the oldest unprocessed event for the backlog-age gauge', async () => {
    const queue = createMemoryQueue({ handler: () => new Promise(() => undefined) });
    await queue.enqueue(event('a', 500));
    await queue.enqueue(event('b', 900));
    expect(await queue.stats()).toEqual({ backlog: 2, oldestPendingAt: 500, deadLetter: 0 });
  });

  it('close() stops taking work and waits for running and waiting handlers', async () => {
    const done: string[] = [];
    const queue = createMemoryQueue({
      handler: async (e) => {
        await new Promise((r) => setTimeout(r, 20));
        done.push(e.id);
      },
    });
    await queue.enqueue(event('a'));
    await queue.enqueue(event('b'));
    await queue.close();
    expect(done).toEqual(['a', 'b']);
    await expect(queue.enqueue(event('c'))).rejects.toMatchObject({
      code: 'ERR_WEBHOOK_QUEUE_CLOSED',
    });
    await queue.close(); // idempotent
  });

  it('rejects bad options by name', () => {
    expect(() => createMemoryQueue({} as never)).toThrow('`handler`');
    expect(() => createMemoryQueue({ handler: () => undefined, attempts: 0 })).toThrow(
      '`attempts`',
    );
    expect(() => createMemoryQueue({ handler: () => undefined, concurrency: 0 })).toThrow(
      '`concurrency`',
    );
  });
});
