import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'node:http';
import { until } from '@preflight/test-harness';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentLength, monotonicNow, onRequestEnd, type RequestEnd } from '../src/index.js';
import { serve } from './helpers.js';

describe('onRequestEnd (the listener requestLogger and httpMetrics share)', () => {
  it('hangs every listener of one response off one close listener, with one start stamp per clock', async () => {
    let t = 0;
    const clock = () => (t += 10);
    const other = () => 1000;
    const ends: [string, RequestEnd][] = [];
    let closeListeners = -1;
    const s = await serve((req, res) => {
      const before = res.listenerCount('close');
      onRequestEnd(req, res, clock, (end) => ends.push(['logger', end]));
      onRequestEnd(req, res, clock, (end) => ends.push(['metrics', end]));
      onRequestEnd(req, res, other, (end) => ends.push(['other', end]));
      closeListeners = res.listenerCount('close') - before;
      res.setHeader('content-length', '2');
      res.statusCode = 201;
      res.end('ok');
    });
    try {
      const r = await fetch(s.base, { method: 'POST', body: 'hello' });
      expect(await r.text()).toBe('ok');
      await until(() => ends.length === 3, 'three request ends', { everyMs: 5 });
    } finally {
      await s.close();
    }
    expect(closeListeners).toBe(1);
    const facts = { aborted: false, status: 201, requestBytes: 5, responseBytes: 2 };
    // One start (10) and one end reading (20) of the shared clock: both see the same duration.
    expect(ends).toEqual([
      ['logger', { ...facts, durationMs: 10 }],
      ['metrics', { ...facts, durationMs: 10 }],
      ['other', { ...facts, durationMs: 0 }],
    ]);
  });

  it('reports an aborted request once, without a status, and keeps a throwing listener to itself', async () => {
    const ends: RequestEnd[] = [];
    let arrived = false;
    const s = await serve((req, res) => {
      onRequestEnd(req, res, monotonicNow, () => {
        throw new Error('a broken listener');
      });
      onRequestEnd(req, res, monotonicNow, (end) => ends.push(end));
      arrived = true;
      // Never answers: the client goes away.
    });
    try {
      const url = new URL(s.base);
      const client = request({ host: url.hostname, port: url.port, path: '/hang' });
      client.on('error', () => {});
      client.end();
      // Abort once the handler has attached its listeners, however long a loaded machine takes
      // to get there: a fixed wait could destroy the socket before the request was even read.
      await until(() => arrived, 'the request at the handler', { everyMs: 5 });
      client.destroy();
      await until(() => ends.length === 1, 'the aborted request end', { everyMs: 5 });
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await s.close();
    }
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ aborted: true, status: undefined });
    expect(ends[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps responses apart', () => {
    const fake = () => {
      const listeners: (() => void)[] = [];
      const res = {
        on: (_e: string, fn: () => void) => listeners.push(fn),
        writableFinished: true,
        headersSent: true,
        statusCode: 200,
        getHeader: () => undefined,
      } as unknown as ServerResponse;
      const req = { headers: {} } as IncomingMessage;
      return {
        req,
        res,
        close: () => {
          for (const fn of listeners) fn();
        },
        listeners,
      };
    };
    const a = fake();
    const b = fake();
    const seen: string[] = [];
    onRequestEnd(
      a.req,
      a.res,
      () => 0,
      () => seen.push('a'),
    );
    onRequestEnd(
      b.req,
      b.res,
      () => 0,
      () => seen.push('b'),
    );
    expect([a.listeners.length, b.listeners.length]).toEqual([1, 1]);
    b.close();
    expect(seen).toEqual(['b']);
  });
});

describe('contentLength', () => {
  it('reads decimal byte counts only (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        expect(contentLength(n)).toBe(n);
        expect(contentLength(String(n))).toBe(n);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = contentLength(text);
        if (/^[0-9]+$/.test(text) && Number.isSafeInteger(Number(text)))
          expect(parsed).toBe(Number(text));
        else expect(parsed).toBeUndefined();
      }),
    );
  });

  it.each([
    '',
    ' 12',
    '0x10',
    '1e3',
    '-1',
    '+5',
    '1.5',
    '99999999999999999',
    -1,
    1.5,
    Number.NaN,
    ['1', '2'],
    undefined,
  ])('gives undefined for %j', (value) => {
    expect(contentLength(value)).toBeUndefined();
  });
});
