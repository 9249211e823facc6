import express from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemoryQueue,
  createWebhookVerifier,
  signStandardWebhook,
  webhookReceiver,
} from '../src/index.js';
import { serve } from './support/serve.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('webhookReceiver() over real HTTP with arbitrary input', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let processed = 0;
  beforeAll(async () => {
    const queue = createMemoryQueue({
      handler: () => {
        processed += 1;
      },
    });
    const verifier = createWebhookVerifier({ scheme: 'standard', secrets: [SECRET] });
    const app = express();
    app.post('/wh', webhookReceiver({ verifier, queue, source: 'partner', maxBodyBytes: 4096 }));
    server = await serve(app);
  });
  afterAll(() => server.close());

  const token = fc.stringMatching(/^[\x21-\x7e]{0,80}$/);
  const headers = fc.record(
    {
      'webhook-id': token,
      'webhook-timestamp': fc.oneof(token, fc.integer({ min: 0, max: 2e9 }).map(String)),
      'webhook-signature': fc.oneof(token, fc.stringMatching(/^v1a?,[A-Za-z0-9+/=]{0,100}$/)),
      'content-type': fc.constantFrom('application/json', 'text/plain', 'application/octet-stream'),
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(fc.string({ maxLength: 300 }), fc.json(), fc.constant('x'.repeat(5000)));

  it('answers every forged or garbled delivery with a 4xx naming a reason, and acknowledges none', async () => {
    await fc.assert(
      fc.asyncProperty(headers, body, async (h, b) => {
        const res = await fetch(`${server.url}/wh`, { method: 'POST', headers: h, body: b });
        const answer = (await res.json()) as { error?: string };
        expect([400, 401, 413]).toContain(res.status);
        expect(typeof answer.error).toBe('string');
      }),
      { numRuns: 150 },
    );
    expect(processed).toBe(0);
  });

  it('acknowledges any correctly signed JSON body, whatever its content', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.json({ maxDepth: 3 }), async (json) => {
        n += 1;
        const headersSigned = signStandardWebhook(SECRET, `msg_prop_${n}`, Date.now() / 1000, json);
        const res = await fetch(`${server.url}/wh`, {
          method: 'POST',
          headers: headersSigned,
          body: json,
        });
        await res.arrayBuffer();
        expect(res.status).toBe(202);
      }),
      { numRuns: 100 },
    );
  });
});
