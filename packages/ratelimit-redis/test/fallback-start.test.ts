import { refusedPort } from '@preflight/test-harness';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisRateLimitStore } from '../src/index.js';

// The fallback is primed (its first admission one interval out) only when this replica admitted
// through Redis within the last window: the shared budget may just have been spent. A replica
// that starts while Redis is unreachable has spent nothing, so its first call goes at once.

const RATE = { requests: 20, perMs: 1_000 }; // fallback with 4 replicas: one per 200 ms
const clients: Redis[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

async function unreachableClient(): Promise<Redis> {
  // Nothing listens on this loopback port, for the whole run: every command fails.
  const client = new Redis(`redis://127.0.0.1:${await refusedPort()}`, {
    maxRetriesPerRequest: 1,
    retryStrategy: () => 50,
  });
  client.on('error', () => undefined);
  clients.push(client);
  return client;
}

describe('createRedisRateLimitStore – starting while Redis is unreachable', () => {
  it('admits the first call at once, then spaces calls at the fallback rate', async () => {
    const store = createRedisRateLimitStore({
      client: await unreachableClient(),
      timeoutMs: 50,
      fallback: { replicas: 4 },
    });
    const now = Date.now();
    const first = await store.admit('partner', RATE, now);
    expect(first).toEqual({ admitted: true, waitMs: 0 });
    const second = await store.admit('partner', RATE, now);
    expect(second.admitted).toBe(true);
    expect(second.waitMs).toBeGreaterThan(150);
  });
});
