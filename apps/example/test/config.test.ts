import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const BASE = { PARTNER_API_KEY: 'pk_test_x', WEBHOOK_SECRET: 'whsec_x' };

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
    const c = loadConfig({ ...BASE, WEBHOOK_SECRET_PREVIOUS: 'whsec_old' });
    expect(c).toMatchObject({ host: '127.0.0.1', port: 3000, drainDelayMs: 5000 });
    expect(c.webhookSecrets).toEqual(['whsec_x', 'whsec_old']);
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '3e3'],
    ['SHUTDOWN_DRAIN_MS', '-1'],
    ['PARTNER_URL', 'ftp://127.0.0.1'],
    ['PARTNER_URL', 'not a url'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ ...BASE, [name]: value })).toThrow(
      new RegExp(`example: ${name} must`),
    );
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
