import { until } from '@preflight/test-harness';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryDedupeStore,
  createMemoryQueue,
  createWebhookMetrics,
  createWebhookVerifier,
  type DedupeStore,
  signStandardWebhook,
  type WebhookEvent,
  type WebhookQueue,
  webhookReceiver,
} from '../src/index.js';
import { sample, testMeter } from './support/metrics.js';
import { serve } from './support/serve.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NOW = 1_790_000_000_000;
const verifier = createWebhookVerifier({ scheme: 'standard', secrets: [SECRET], now: () => NOW });

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.reverse()) await c();
  closers = [];
});

interface Setup {
  queue?: WebhookQueue;
  dedupe?: DedupeStore;
  before?: express.RequestHandler;
  maxBodyBytes?: number;
}

async function setup(s: Setup = {}) {
  const processed: WebhookEvent[] = [];
  const logs: string[] = [];
  const log = (obj: object, msg: string) => void logs.push(`${msg} ${JSON.stringify(obj)}`);
  const m = testMeter();
  const metrics = createWebhookMetrics({ meter: m.meter, now: () => NOW + 5000 });
  const queue = s.queue ?? createMemoryQueue({ handler: (e) => void processed.push(e), metrics });
  const app = express();
  if (s.before) app.use(s.before);
  app.post(
    '/webhooks',
    webhookReceiver({
      verifier,
      queue,
      source: 'partner',
      metrics,
      logger: { info: log, warn: log, error: log },
      storeTimeoutMs: 200,
      now: () => NOW,
      ...(s.dedupe ? { dedupe: s.dedupe } : {}),
      ...(s.maxBodyBytes ? { maxBodyBytes: s.maxBodyBytes } : {}),
    }),
  );
  app.get('/webhooks', webhookReceiver({ verifier, queue, source: 'partner', metrics }));
  const server = await serve(app);
  closers.push(async () => {
    await server.close();
    await m.shutdown();
  });
  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${server.url}/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const signed = (id: string, body = JSON.stringify({ type: 'payment.succeeded', data: { id } })) =>
    post(body, { ...signStandardWebhook(SECRET, id, NOW / 1000, body) });
  return { processed, logs, scrape: m.scrape, post, signed, url: server.url };
}

describe('webhookReceiver()', () => {
  it('acknowledges a verified delivery with 202 only after it is queued, and the handler gets it', async () => {
    const t = await setup();
    const res = await t.signed('msg_1');
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ received: true });
    await until(() => t.processed.length === 1, 'the event processed');
    expect(t.processed[0]).toEqual({
      id: 'msg_1',
      source: 'partner',
      receivedAt: NOW,
      timestamp: NOW,
      payload: { type: 'payment.succeeded', data: { id: 'msg_1' } },
    });
    expect(
      sample(await t.scrape(), 'preflight_webhook_received_total', { source: 'partner' }),
    ).toBe(1);
  });

  it('answers 401 with only the reason for each verification failure, and counts it', async () => {
    const t = await setup();
    const body = '{"a":1}';
    const good = signStandardWebhook(SECRET, 'msg_1', NOW / 1000, body);
    const cases: [Record<string, string>, string][] = [
      [{}, 'missing_signature'],
      [{ ...good, 'webhook-timestamp': 'soon' }, 'malformed_signature'],
      [{ ...good, 'webhook-id': 'msg_2' }, 'bad_signature'],
      [signStandardWebhook(SECRET, 'msg_1', NOW / 1000 - 301, body), 'stale_timestamp'],
    ];
    for (const [headers, reason] of cases) {
      const res = await t.post(body, headers);
      expect(res.status, reason).toBe(401);
      expect(await res.json()).toEqual({ error: reason });
    }
    const text = await t.scrape();
    for (const [, reason] of cases) {
      expect(sample(text, 'preflight_webhook_rejected_total', { reason })).toBe(1);
      expect(sample(text, 'preflight_webhook_failed_total', { reason })).toBe(1);
    }
    expect(t.processed).toEqual([]);
    expect(t.logs.join('\n')).not.toContain(SECRET.slice(6));
  });

  it('acknowledges a redelivered event with 200 without processing it twice', async () => {
    const t = await setup();
    expect((await t.signed('msg_1')).status).toBe(202);
    const again = await t.signed('msg_1');
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    await until(() => t.processed.length === 1, 'the event processed');
    const text = await t.scrape();
    expect(sample(text, 'preflight_webhook_rejected_total', { reason: 'duplicate' })).toBe(1);
    // A duplicate is the partner doing its job, not a failure the alert should see.
    expect(sample(text, 'preflight_webhook_failed_total', { reason: 'duplicate' })).toBeUndefined();
  });

  it('answers 503 with Retry-After while another delivery of the same event is being stored', async () => {
    const dedupe = createMemoryDedupeStore();
    await dedupe.claim('msg_1');
    const t = await setup({ dedupe });
    const res = await t.signed('msg_1');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
  });

  it('answers 413 payload_too_large past maxBodyBytes, declared or streamed', async () => {
    const t = await setup({ maxBodyBytes: 64 });
    const big = JSON.stringify({ pad: 'x'.repeat(100) });
    const declared = await t.post(big, {});
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: 'payload_too_large' });
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const chunked = await fetch(`${t.url}/webhooks`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(
      sample(await t.scrape(), 'preflight_webhook_rejected_total', { reason: 'payload_too_large' }),
    ).toBe(2);
  });

  it('answers 400 malformed_body for a correctly signed body that is not JSON', async () => {
    const t = await setup();
    const body = 'not json';
    const res = await t.post(body, { ...signStandardWebhook(SECRET, 'msg_1', NOW / 1000, body) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'malformed_body' });
  });

  it('answers 400 when acceptPayload refuses the body (or throws), before acknowledging', async () => {
    const processed: unknown[] = [];
    const queue = createMemoryQueue({ handler: (e) => void processed.push(e) });
    const app = express();
    app.post(
      '/wh',
      webhookReceiver({
        verifier,
        queue,
        source: 'partner',
        acceptPayload: (p) => {
          if (p === 'boom') throw new Error('boom');
          return typeof p === 'object' && p !== null && 'type' in p;
        },
      }),
    );
    const server = await serve(app);
    closers.push(() => server.close());
    const send = (body: string) =>
      fetch(`${server.url}/wh`, {
        method: 'POST',
        headers: signStandardWebhook(SECRET, `msg_${body.length}`, NOW / 1000, body),
        body,
      });
    expect((await send('{"data":{}}')).status).toBe(400);
    expect((await send('"boom"')).status).toBe(400);
    expect((await send('{"type":"x"}')).status).toBe(202);
    await until(() => processed.length === 1, 'the event processed');
  });

  it('dedupe store down: 503 with Retry-After, nothing acknowledged, counted as store_unavailable', async () => {
    const down: DedupeStore = {
      claim: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
      commit: async () => undefined,
      release: async () => undefined,
    };
    const t = await setup({ dedupe: down });
    const res = await t.signed('msg_1');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toEqual({ error: 'store_unavailable' });
    expect(
      sample(await t.scrape(), 'preflight_webhook_failed_total', { reason: 'store_unavailable' }),
    ).toBe(1);
  });

  it('queue refusing or hanging: 503, and the claim is released so the redelivery is taken', async () => {
    const stored: string[] = [];
    let mode: 'reject' | 'hang' | 'ok' = 'reject';
    const queue: WebhookQueue = {
      enqueue: async (e) => {
        if (mode === 'reject') throw new Error('READONLY');
        if (mode === 'hang') return new Promise(() => undefined);
        stored.push(e.id);
      },
      stats: async () => ({ backlog: stored.length, oldestPendingAt: undefined, deadLetter: 0 }),
      deadLetters: async () => [],
      close: async () => undefined,
    };
    const t = await setup({ queue });
    expect((await t.signed('msg_1')).status).toBe(503);
    mode = 'hang';
    expect((await t.signed('msg_1')).status).toBe(503); // storeTimeoutMs: 200
    mode = 'ok';
    expect((await t.signed('msg_1')).status).toBe(202);
    expect(stored).toEqual(['msg_1']);
  });

  it('uses a raw Buffer left by express.raw(), and refuses (500) a body a JSON parser already consumed', async () => {
    const raw = await setup({ before: express.raw({ type: () => true }) });
    expect((await raw.signed('msg_1')).status).toBe(202);
    const parsed = await setup({ before: express.json() });
    const res = await parsed.signed('msg_1');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'raw_body_unavailable' });
    expect(parsed.logs.join('\n')).toContain('mount it before express.json()');
  });

  it('answers 405 to other methods', async () => {
    const t = await setup();
    const res = await fetch(`${t.url}/webhooks`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('reports backlog size, oldest age and dead letters of its queue as gauges', async () => {
    const queue: WebhookQueue = {
      enqueue: async () => undefined,
      stats: async () => ({ backlog: 7, oldestPendingAt: NOW - 60_000, deadLetter: 2 }),
      deadLetters: async () => [],
      close: async () => undefined,
    };
    const t = await setup({ queue });
    const text = await t.scrape();
    expect(sample(text, 'preflight_webhook_backlog_size', { source: 'partner' })).toBe(7);
    expect(sample(text, 'preflight_webhook_backlog_age_seconds', { source: 'partner' })).toBe(65);
    expect(sample(text, 'preflight_webhook_dead_letter_size', { source: 'partner' })).toBe(2);
  });

  it('rejects bad options at creation, naming the option', () => {
    const queue = createMemoryQueue({ handler: () => undefined });
    const cases: [Record<string, unknown>, string][] = [
      [{ queue, source: 'p' }, 'verifier'],
      [{ verifier, source: 'p' }, 'queue'],
      [{ verifier, queue }, 'source'],
      [{ verifier, queue, source: 'p', maxBodyBytes: 0 }, 'maxBodyBytes'],
      [{ verifier, queue, source: 'p', dedupe: {} }, 'dedupe'],
      [{ verifier, queue, source: 'p', limit: '1mb' }, 'limit'],
    ];
    for (const [options, name] of cases)
      expect(() => webhookReceiver(options as never), name).toThrow(`\`${name}\``);
  });
});
