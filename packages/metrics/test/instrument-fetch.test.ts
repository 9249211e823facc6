import { createServer } from 'node:http';
import { refusedPort } from '@preflight/test-harness';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMetrics, instrumentFetch, type Metrics, MetricsOptionError } from '../src/index.js';
import { close, find, listen, parseExposition } from './support/scrape.js';

// A fake partner API on 127.0.0.1 answering with the error shapes partner APIs use.
const partner = express();
partner.get('/ok', (_req, res) => {
  res.json({ ok: true });
});
partner.post('/charge', (_req, res) => {
  res.status(401).json({ error: { code: 'AUTH_INVALID_KEY', message: 'bad key' } });
});
partner.get('/scope', (_req, res) => {
  res.status(403).json({ code: 'AUTH_INSUFFICIENT_SCOPE' });
});
partner.get('/limited', (_req, res) => {
  res.status(429).set('retry-after', '1').json({ error: 'RATE_LIMITED' });
});
partner.get('/weird', (_req, res) => {
  res.status(400).json({ error_code: 'SOMETHING_NEW_AND_UNBOUNDED_42' });
});
partner.get('/html', (_req, res) => {
  res.status(502).type('html').send('<h1>Bad gateway</h1>');
});
partner.get('/broken-json', (_req, res) => {
  res.status(500).type('json').send('{"error": {"code": ');
});
partner.get('/huge', (_req, res) => {
  res.status(500).json({ code: 'INTERNAL_ERROR', pad: 'x'.repeat(200_000) });
});
partner.get('/hang', () => {});

const server = createServer(partner);
let base = '';
beforeAll(async () => {
  base = await listen(server);
});
afterAll(async () => {
  await close(server);
});

let m: Metrics;
afterEach(async () => {
  await m?.shutdown();
});

async function samples() {
  const scrapeServer = createServer(m.handler());
  const url = await listen(scrapeServer);
  try {
    return parseExposition(await (await fetch(`${url}/metrics`)).text());
  } finally {
    await close(scrapeServer);
  }
}

function instrumented(options: Partial<Parameters<typeof instrumentFetch>[1]> = {}) {
  m = createMetrics({ serviceName: 'svc', runtimeMetrics: false });
  return instrumentFetch(fetch, { upstream: 'loyalty', meter: m.meter, ...options });
}

const DURATION = 'http_client_request_duration_count';
const ERRORS = 'preflight_upstream_errors_total';

describe('instrumentFetch()', () => {
  it('records duration by upstream, method and status and hands back an unread response', async () => {
    const f = instrumented();
    const res = await f(`${base}/ok`);
    expect(await res.json()).toEqual({ ok: true });
    const [sample] = find(await samples(), DURATION);
    expect(sample?.labels).toMatchObject({
      upstream: 'loyalty',
      http_request_method: 'GET',
      http_response_status_code: '200',
    });
    expect(sample?.labels.error_type).toBeUndefined();
  });

  it('counts the upstream error code from JSON bodies in their common shapes, and the caller can still read the body', async () => {
    const f = instrumented();
    const res = await f(`${base}/charge`, { method: 'POST' });
    expect(await res.json()).toEqual({ error: { code: 'AUTH_INVALID_KEY', message: 'bad key' } });
    await (await f(`${base}/scope`)).text();
    await (await f(`${new URL('/limited', base)}`)).text();
    await vi.waitFor(async () => {
      const s = await samples();
      expect(find(s, ERRORS, { upstream: 'loyalty', code: 'AUTH_INVALID_KEY' })[0]?.value).toBe(1);
      expect(find(s, ERRORS, { code: 'AUTH_INSUFFICIENT_SCOPE' })[0]?.value).toBe(1);
      expect(find(s, ERRORS, { code: 'RATE_LIMITED' })[0]?.value).toBe(1);
    });
    const s = await samples();
    expect(
      find(s, DURATION, {
        http_request_method: 'POST',
        http_response_status_code: '401',
        error_type: '401',
      })[0]?.value,
    ).toBe(1);
  });

  it('caps codes outside the declared set to _OTHER', async () => {
    const f = instrumented();
    await (await f(`${base}/weird`)).text();
    await vi.waitFor(async () => {
      expect(find(await samples(), ERRORS, { code: '_OTHER' })[0]?.value).toBe(1);
    });
    expect((await samples()).some((s) => s.labels.code === 'SOMETHING_NEW_AND_UNBOUNDED_42')).toBe(
      false,
    );
  });

  it('counts no code for non-JSON, malformed JSON or oversized error bodies, and still records the call', async () => {
    const f = instrumented({ maxErrorBodyBytes: 1024 });
    for (const path of ['/html', '/broken-json', '/huge']) {
      const res = await f(`${base}${path}`);
      expect((await res.text()).length).toBeGreaterThan(0);
    }
    await new Promise((r) => setTimeout(r, 20));
    const s = await samples();
    expect(find(s, ERRORS)).toEqual([]);
    expect(find(s, DURATION).reduce((n, x) => n + x.value, 0)).toBe(3);
  });

  it('records timeouts and network errors with error.type and rethrows them unchanged', async () => {
    const f = instrumented();
    await expect(f(`${base}/hang`, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    const deadUrl = `http://127.0.0.1:${await refusedPort()}`;
    await expect(f(`${deadUrl}/x`)).rejects.toThrow(TypeError);
    const s = await samples();
    expect(find(s, DURATION, { error_type: 'timeout' })[0]?.value).toBe(1);
    expect(find(s, DURATION, { error_type: 'ECONNREFUSED' })[0]?.value).toBe(1);
    expect(
      find(s, DURATION, { error_type: 'timeout' })[0]?.labels.http_response_status_code,
    ).toBeUndefined();
  });

  it('takes the method from a Request object and bounds unknown methods', async () => {
    const f = instrumented();
    await (await f(new Request(`${base}/charge`, { method: 'POST' }))).text();
    const [sample] = find(await samples(), DURATION);
    expect(sample?.labels.http_request_method).toBe('POST');
  });

  it('a throwing readErrorCode never reaches the caller', async () => {
    const f = instrumented({
      readErrorCode: () => {
        throw new Error('reader bug');
      },
    });
    const res = await f(`${base}/charge`, { method: 'POST' });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 20));
    expect(find(await samples(), ERRORS)).toEqual([]);
  });

  it.each([
    [{}, 'upstream'],
    [{ upstream: 'x', errorCodes: 'AUTH' }, 'errorCodes'],
    [{ upstream: 'x', maxErrorBodyBytes: -1 }, 'maxErrorBodyBytes'],
    [{ upstream: 'x', readErrorCode: 'code' }, 'readErrorCode'],
    [{ upstream: 'x', upstreams: 'y' }, 'upstreams'],
  ])('rejects %j at creation, naming option %s', (options, option) => {
    expect(() => instrumentFetch(fetch, options as never)).toThrow(MetricsOptionError);
    expect(() => instrumentFetch(fetch, options as never)).toThrow(`"${option}"`);
  });
});
