import { createServer } from 'node:http';
import { readCapped } from '@preflight/express-route';
import { describe, expect, it } from 'vitest';
import { close, listen } from './support/scrape.js';

// instrumentFetch() looks for the partner's error code in a clone of the error body, capped.
// A caller that never reads (or cancels) its own copy must not leave that read pending: on a
// tee'd clone, cancel() settles only when the other branch is read or cancelled too.

const settledOrPending = <T>(promise: Promise<T>, ms = 3000) =>
  Promise.race([
    promise.then(() => 'settled' as const),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms).unref()),
  ]);

describe('the capped error-body read of instrumentFetch()', () => {
  it('settles for an oversized chunked error body although the caller never reads the original', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.write(`{"code":"INTERNAL_ERROR","pad":"${'x'.repeat(128 * 1024)}`);
      res.end('"}');
    });
    const base = await listen(server);
    try {
      const response = await fetch(base);
      expect(await settledOrPending(readCapped(response.clone().body, 1024))).toBe('settled');
      await response.body?.cancel();
    } finally {
      await close(server);
    }
  });
});
