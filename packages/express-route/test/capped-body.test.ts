import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCapped, readJsonBody } from '../src/index.js';
import { serve } from './helpers.js';

/** A stream yielding `bytes` in the given chunk sizes (the rest in one last chunk). */
function streamOf(bytes: Uint8Array, cuts: readonly number[]): ReadableStream<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const cut of cuts) {
    if (at >= bytes.length) break;
    chunks.push(bytes.slice(at, at + cut));
    at += cut;
  }
  if (at < bytes.length || chunks.length === 0) chunks.push(bytes.slice(at));
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
}

/** Resolves 'pending' if `promise` has not settled within a generous deadline. */
const settledOrPending = <T>(promise: Promise<T>, ms = 3000) =>
  Promise.race([
    promise.then(() => 'settled' as const),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms).unref()),
  ]);

/** Counts clone() calls of a response: each one is a separate read of its body. */
function countClones(response: Response): { readonly count: number } {
  const counter = { count: 0 };
  const clone = response.clone.bind(response);
  Object.defineProperty(response, 'clone', {
    value: () => {
      counter.count++;
      return clone();
    },
  });
  return counter;
}

describe('readCapped', () => {
  it('returns the text exactly when the body fits the cap, whatever the chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 400 }),
        async (text, cuts, cap) => {
          const bytes = new TextEncoder().encode(text);
          const read = await readCapped(streamOf(bytes, cuts), cap);
          expect(read).toBe(bytes.length <= cap ? text : undefined);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives undefined for a missing body or one that fails while being read', async () => {
    expect(await readCapped(null, 10)).toBeUndefined();
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('socket hang up'));
      },
    });
    expect(await readCapped(failing, 10)).toBeUndefined();
  });

  it('does not wait for the caller: an oversized clone resolves while the original is never read', async () => {
    // A chunked JSON error body, larger than the cap, with no Content-Length to refuse it early.
    const s = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.write(`{"code":"${'x'.repeat(64 * 1024)}`);
      res.end('"}');
    });
    try {
      const response = await fetch(s.base);
      expect(await settledOrPending(readCapped(response.clone().body, 1024))).toBe('settled');
      expect(await settledOrPending(readJsonBody(response, 1024))).toBe('settled');
      expect(await readJsonBody(response, 1024)).toBeUndefined();
      // The caller's copy is still whole.
      expect((await response.text()).length).toBe(64 * 1024 + 11);
    } finally {
      await s.close();
    }
  });
});

describe('readJsonBody', () => {
  const jsonResponse = (body: string, headers: Record<string, string> = {}) =>
    new Response(body, {
      status: 429,
      headers: { 'content-type': 'application/problem+json', ...headers },
    });

  it('reads and parses one body once for every wrapper around the same response, leaving the caller its copy', async () => {
    const response = jsonResponse('{"code":"RATE_LIMITED","retry_strategy":"backoff"}');
    const clones = countClones(response);
    const [a, b] = await Promise.all([
      readJsonBody(response, 65_536),
      readJsonBody(response, 1024),
    ]);
    expect(a).toEqual({ code: 'RATE_LIMITED', retry_strategy: 'backoff' });
    expect(b).toBe(a);
    expect(await readJsonBody(response, 65_536)).toBe(a);
    expect(clones.count).toBe(1);
    expect(await response.json()).toEqual(a);
  });

  it('applies each caller its own cap on the shared read, reading again only past a cap that stopped it', async () => {
    const body = JSON.stringify({ code: 'x'.repeat(100) });
    const small = jsonResponse(body);
    const clones = countClones(small);
    expect(await readJsonBody(small, 10)).toBeUndefined();
    expect(await readJsonBody(small, 5)).toBeUndefined();
    expect(clones.count).toBe(1);
    expect(await readJsonBody(small, 1000)).toEqual({ code: 'x'.repeat(100) });
    expect(clones.count).toBe(2);
    expect(await readJsonBody(small, 50)).toBeUndefined();
    expect(clones.count).toBe(2);
  });

  it.each([
    [
      'a text/html body',
      new Response('{"code":"X"}', { headers: { 'content-type': 'text/html' } }),
    ],
    ['a body without a content type', new Response('{"code":"X"}')],
    ['a declared length over the cap', jsonResponse('{"code":"X"}', { 'content-length': '9999' })],
    ['invalid JSON', jsonResponse('{"code":')],
    ['no body', new Response(null, { status: 500 })],
  ])('gives undefined for %s, never throwing', async (_name, response) => {
    expect(await readJsonBody(response, 100)).toBeUndefined();
  });

  it('gives undefined once the caller has read the body itself', async () => {
    const response = jsonResponse('{"code":"X"}');
    await response.text();
    expect(await readJsonBody(response, 100)).toBeUndefined();
  });
});
