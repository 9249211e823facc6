import { describe, expect, it } from 'vitest';
import {
  createWebhookMetrics,
  WEBHOOK_PROMETHEUS_METRICS as P,
  PROCESSING_DURATION_BUCKETS,
} from '../src/index.js';
import { sample, testMeter } from './support/metrics.js';

describe('createWebhookMetrics()', () => {
  it('scrapes under the names the shipped alerts read', async () => {
    const m = testMeter();
    const metrics = createWebhookMetrics({ meter: m.meter, now: () => 10_000 });
    metrics.received('loyalty');
    metrics.rejected('loyalty', 'bad_signature');
    metrics.attempt('loyalty', 0.02, true);
    metrics.attempt('loyalty', 0.3, false);
    metrics.deadLettered('loyalty');
    metrics.observeBacklog('loyalty', () => 4000);
    const text = await m.scrape();
    expect(sample(text, P.received, { source: 'loyalty' })).toBe(1);
    expect(sample(text, P.rejected, { reason: 'bad_signature' })).toBe(1);
    expect(sample(text, P.failed, { reason: 'bad_signature' })).toBe(1);
    expect(sample(text, P.failed, { reason: 'processing' })).toBe(1);
    expect(sample(text, P.processed, { source: 'loyalty' })).toBe(1);
    expect(sample(text, P.deadLettered, { source: 'loyalty' })).toBe(1);
    expect(sample(text, P.backlogAge, { source: 'loyalty' })).toBe(6);
    // The histogram carries the advised boundaries, in seconds.
    for (const le of PROCESSING_DURATION_BUCKETS)
      expect(sample(text, P.processingDurationBucket, { outcome: 'success', le: String(le) })).toBe(
        le < 0.02 ? 0 : 1,
      );
    await m.shutdown();
  });

  it('leaves a queue out of a scrape when its stats fail or are too slow, never stalling it', async () => {
    const m = testMeter();
    const metrics = createWebhookMetrics({ meter: m.meter, statsTimeoutMs: 50 });
    metrics.observeQueue('slow', () => new Promise(() => undefined));
    metrics.observeQueue('down', () => Promise.reject(new Error('ECONNREFUSED')));
    metrics.observeQueue('ok', () => ({ backlog: 1, oldestPendingAt: undefined, deadLetter: 0 }));
    const text = await m.scrape();
    expect(sample(text, P.backlogSize, { source: 'ok' })).toBe(1);
    expect(sample(text, P.backlogAge, { source: 'ok' })).toBe(0);
    expect(sample(text, P.backlogSize, { source: 'slow' })).toBeUndefined();
    expect(sample(text, P.backlogSize, { source: 'down' })).toBeUndefined();
    await m.shutdown();
  });

  it('rejects bad options by name', () => {
    expect(() => createWebhookMetrics({ meter: {} as never })).toThrow('`meter`');
    expect(() => createWebhookMetrics({ now: 1 } as never)).toThrow('`now`');
    expect(() => createWebhookMetrics({ statsTimeoutMs: 0 })).toThrow('`statsTimeoutMs`');
  });
});
