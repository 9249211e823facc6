import { describe, expect, it } from 'vitest';
import {
  createMemoryQueue,
  createWebhookVerifier,
  isWebhookConfigError,
  isWebhookError,
  WebhookConfigError,
  WebhookQueueError,
} from '../src/index.js';
import { createRedisQueue } from '../src/redis.js';

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
