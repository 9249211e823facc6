import { describe, expect, it } from 'vitest';
import {
  createMemoryDedupeStore,
  createMemoryQueue,
  createWebhookVerifier,
  isWebhookConfigError,
  isWebhookError,
  signStandardWebhook,
  WebhookConfigError,
  WebhookQueueError,
  type WebhookVerifierOptions,
} from '../src/index.js';
import { createRedisQueue } from '../src/redis.js';
import { optionsObject } from '../src/validate.js';

function thrown(make: () => unknown): WebhookConfigError {
  try {
    make();
  } catch (error) {
    if (error instanceof WebhookConfigError) return error;
    throw error;
  }
  throw new Error('accepted invalid options');
}

describe('errors', () => {
  it('an invalid option names it, the rule and what was given', () => {
    const error = thrown(() => createMemoryQueue({ handler: () => undefined, concurrency: 0 }));
    expect(error.option).toBe('concurrency');
    expect(error.code).toBe('ERR_WEBHOOK_CONFIG');
    expect(error.message).toBe(
      '@preflight/webhooks: option `concurrency` must be an integer from 1 to 1000; got 0',
    );
  });

  it('never repeats a string option: secrets and URLs with credentials stay out of the message', () => {
    const secret = thrown(() =>
      createWebhookVerifier({ scheme: 'stripe', secrets: ['whsec_s3cr3tvalue', ''] }),
    );
    expect(secret.option).toBe('secrets');
    expect(secret.message).not.toContain('s3cr3t');
    expect(secret.message).toContain('got an array');
    const url = thrown(() => createRedisQueue({ connection: 'http://admin:hunter2@cache:6379' }));
    expect(url.option).toBe('connection');
    expect(url.message).not.toContain('hunter2');
    expect(url.message).toContain('got a string');
  });

  it('an unknown key lists the accepted ones', () => {
    const error = thrown(() =>
      createMemoryQueue({ handler: () => undefined, retries: 3 } as never),
    );
    expect(error.option).toBe('retries');
    for (const key of ['handler', 'attempts', 'backoffMs', 'concurrency', 'maxBacklog', 'now'])
      expect(error.message).toContain(key);
  });

  it('isWebhookError and isWebhookConfigError match by class and by code (duplicated installs)', () => {
    const config = new WebhookConfigError('source', 'a non-empty string');
    expect(isWebhookError(config) && isWebhookConfigError(config)).toBe(true);
    const full = new WebhookQueueError('ERR_WEBHOOK_QUEUE_FULL', 'the backlog holds 1 events');
    expect(isWebhookError(full)).toBe(true);
    expect(isWebhookConfigError(full)).toBe(false);
    const fromCopy = Object.assign(new Error('@preflight/webhooks: option `x` must be y'), {
      code: 'ERR_WEBHOOK_CONFIG',
      option: 'x',
    });
    expect(isWebhookError(fromCopy)).toBe(true);
    expect(isWebhookConfigError(fromCopy)).toBe(true);
    expect(isWebhookError(Object.assign(new Error('x'), { code: 'ERR_HEALTH_CONFIG' }))).toBe(
      false,
    );
    expect(isWebhookError(null)).toBe(false);
    expect(isWebhookConfigError('ERR_WEBHOOK_CONFIG')).toBe(false);
  });
});

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const TS = 1_700_000_000;
const BODY = '{"id":1}';

// The one `optionsObject` of every package (tooling/house-rules checks the source is the same):
// `undefined` means every default unless the object is required, `undefined` values are
// dropped (they mean "the default"), an unknown key names its path and lists the accepted keys.
describe('optionsObject() in @preflight/webhooks', () => {
  const DEFAULTS = { alpha: 1, beta: undefined };

  it('drops undefined values (they mean "the default") and reads undefined as {}', () => {
    const given = optionsObject('options', { alpha: undefined, beta: 2 }, DEFAULTS);
    expect(given).toEqual({ beta: 2 });
    expect(Object.hasOwn(given, 'alpha')).toBe(false);
    expect(optionsObject('scheme', undefined, DEFAULTS)).toEqual({});
  });

  it('keeps its wording for an unknown key, naming the path', () => {
    const error = thrown(() => optionsObject('scheme', { gamma: 2 }, DEFAULTS));
    expect(error.option).toBe('scheme.gamma');
    expect(error.message).toBe(
      '@preflight/webhooks: option `scheme.gamma` must be one of the known options (alpha, beta)',
    );
  });

  it('toleranceSeconds set to undefined is the default 300 s window', () => {
    const verifier = createWebhookVerifier({
      scheme: 'standard',
      secrets: [SECRET],
      toleranceSeconds: undefined,
      now: () => (TS + 300) * 1000,
    });
    const signed = (ts: number) => signStandardWebhook(SECRET, 'msg_1', ts, BODY);
    expect(verifier.verify(signed(TS), Buffer.from(BODY)).ok).toBe(true);
    expect(verifier.verify(signed(TS - 1), Buffer.from(BODY))).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it('every defaulted option of the memory stores may be given as undefined', async () => {
    const dedupe = createMemoryDedupeStore({
      ttlMs: undefined,
      pendingMs: undefined,
      maxEntries: undefined,
      now: undefined,
    });
    expect(await dedupe.claim('evt_1')).toBe('claimed');
    const handled: string[] = [];
    const queue = createMemoryQueue({
      handler: (event) => {
        handled.push(event.id);
      },
      attempts: undefined,
      backoffMs: undefined,
      concurrency: undefined,
      maxBacklog: undefined,
      maxDeadLetters: undefined,
      metrics: undefined,
      logger: undefined,
      now: undefined,
    });
    try {
      await queue.enqueue({
        id: 'evt_1',
        source: 'partner',
        receivedAt: 0,
        timestamp: 0,
        payload: {},
      });
      await expect.poll(() => handled, { timeout: 10_000 }).toEqual(['evt_1']);
    } finally {
      await queue.close();
    }
  });

  it('an unknown key of a custom scheme is named scheme.<key> with the accepted keys', () => {
    const error = thrown(() =>
      createWebhookVerifier({
        secrets: ['s3cret'],
        scheme: { signatureHeader: 'x-sig', algo: 'sha256' },
      } as unknown as WebhookVerifierOptions),
    );
    expect(error.option).toBe('scheme.algo');
    for (const key of ['name', 'signatureHeader', 'algorithm', 'encoding', 'signedContent'])
      expect(error.message).toContain(key);
  });

  it('a factory whose options object is required still names `options` when given none', () => {
    for (const create of [
      () => createWebhookVerifier(undefined as never),
      () => createMemoryQueue(undefined as never),
    ]) {
      expect(thrown(create).option).toBe('options');
    }
    expect(thrown(() => createMemoryDedupeStore(null as never)).option).toBe('options');
  });
});
