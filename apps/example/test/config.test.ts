import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

// Standard Webhooks secrets are whsec_ + base64.
const SECRET = 'whsec_dGVzdC13ZWJob29rLXNlY3JldC0wMQ==';
const OLD = 'whsec_b2xkLXdlYmhvb2stc2VjcmV0LTAx';
const BASE = { PARTNER_API_KEY: 'pk_test_x', WEBHOOK_SECRET: SECRET };

describe('loadConfig', () => {
  it('refuses to start without PARTNER_API_KEY, naming the variable', () => {
    expect(() => loadConfig({ WEBHOOK_SECRET: 'whsec_x' })).toThrow(
      /PARTNER_API_KEY must be set to the partner API key/,
    );
    expect(() => loadConfig({ ...BASE, PARTNER_API_KEY: '  ' })).toThrow(/PARTNER_API_KEY/);
  });

  it('refuses to start without WEBHOOK_SECRET', () => {
    expect(() => loadConfig({ PARTNER_API_KEY: 'k' })).toThrow(/WEBHOOK_SECRET/);
  });

  it('defaults to 127.0.0.1:3000 and keeps the previous webhook secret for rotation', () => {
    const c = loadConfig({ ...BASE, WEBHOOK_SECRET_PREVIOUS: OLD });
    expect(c).toMatchObject({ host: '127.0.0.1', port: 3000, drainDelayMs: 5000 });
    expect(c.webhookSecrets).toEqual([SECRET, OLD]);
    expect(c).toMatchObject({
      webhookScheme: 'standard',
      redisUrl: undefined,
      webhookWorker: true,
    });
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '3e3'],
    ['SHUTDOWN_DRAIN_MS', '-1'],
    ['PARTNER_URL', 'ftp://127.0.0.1'],
    ['PARTNER_URL', 'not a url'],
    ['WEBHOOK_SCHEME', 'github'],
    ['WEBHOOK_SECRET', 'whsec_not base64!'],
    ['REDIS_URL', 'localhost:6379'],
    ['WEBHOOK_WORKER', 'maybe'],
    ['WEBHOOK_WORKER', 'off'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['REPLICAS', '0'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ ...BASE, [name]: value })).toThrow(
      new RegExp(`example: ${name} must`),
    );
  });

  it('takes the commerce scheme, whose secret is any string, and a worker-less Redis receiver', () => {
    const c = loadConfig({
      ...BASE,
      WEBHOOK_SCHEME: 'timestamp-hmac',
      WEBHOOK_SECRET: 'plain-commerce-secret',
      REDIS_URL: 'redis://127.0.0.1:6379',
      WEBHOOK_WORKER: 'off',
    });
    expect(c).toMatchObject({ webhookScheme: 'timestamp-hmac', webhookWorker: false });
  });

  it('never puts the webhook secret in an error message', () => {
    expect(() => loadConfig({ ...BASE, WEBHOOK_SECRET: 'whsec_leak me' })).toThrow(
      /WEBHOOK_SECRET/,
    );
    try {
      loadConfig({ ...BASE, WEBHOOK_SECRET: 'whsec_leak me' });
    } catch (err) {
      expect(String(err)).not.toContain('leak');
    }
  });

  it('never puts the API key in an error message', () => {
    try {
      loadConfig({ PARTNER_API_KEY: 'pk_live_secret', WEBHOOK_SECRET: 'w', PORT: 'x' });
    } catch (err) {
      expect(String(err)).not.toContain('pk_live_secret');
      return;
    }
    throw new Error('expected loadConfig to throw');
  });
});
