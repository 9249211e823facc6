import { describe, expect, it } from 'vitest';
import { createWebhookQueue, type QueuedEvent } from '../src/service/webhook-queue.js';

const event = (id: string, receivedAt = 1000): QueuedEvent => ({
  id,
  type: 'purchase.completed',
  data: {},
  receivedAt,
});

describe('webhook queue', () => {
  it('processes events in order, off the request, and drains', async () => {
    const seen: string[] = [];
    const queue = createWebhookQueue({ process: (e) => void seen.push(e.id) });
    queue.push(event('a'));
    queue.push(event('b'));
    expect(seen).toEqual([]); // acknowledged first, processed later
    await queue.drain();
    expect(seen).toEqual(['a', 'b']);
    expect(queue.size()).toBe(0);
  });

  it('reports when the oldest unprocessed event arrived (the backlog-age gauge)', async () => {
    let release: () => void = () => undefined;
    const queue = createWebhookQueue({
      process: () => new Promise<void>((r) => (release = r)),
    });
    expect(queue.oldestPendingAt()).toBeUndefined();
    queue.push(event('a', 1000));
    queue.push(event('b', 2000));
    expect(queue.oldestPendingAt()).toBe(1000);
    await new Promise((r) => setImmediate(r));
    release();
    await new Promise((r) => setImmediate(r));
    expect(queue.oldestPendingAt()).toBe(2000);
    release();
    await queue.drain();
  });

  it('counts a processing failure and carries on with the next event', async () => {
    const failed: string[] = [];
    const done: string[] = [];
    const queue = createWebhookQueue({
      process: (e) => {
        if (e.id === 'bad') throw new Error('boom');
        done.push(e.id);
      },
      onFailure: (e) => failed.push(e.id),
    });
    queue.push(event('bad'));
    queue.push(event('good'));
    await queue.drain();
    expect(failed).toEqual(['bad']);
    expect(done).toEqual(['good']);
  });

  it('refuses events beyond maxBacklog so the sender redelivers later', () => {
    const queue = createWebhookQueue({ process: () => undefined, maxBacklog: 2 });
    expect([queue.push(event('a')), queue.push(event('b')), queue.push(event('c'))]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
