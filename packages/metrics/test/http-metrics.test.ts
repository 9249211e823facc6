import { request } from 'node:http';
import type { Meter } from '@opentelemetry/api';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpMetrics, MetricsOptionError } from '../src/index.js';
import { startApp, type TestApp } from './support/app.js';
import { find, type Sample } from './support/scrape.js';

const COUNT = 'http_server_request_duration_count';
let current: TestApp | undefined;
afterEach(async () => {
  await current?.stop();
  current = undefined;
});

async function start(...args: Parameters<typeof startApp>): Promise<TestApp> {
  current = await startApp(...args);
  return current;
}

const routes = (samples: Sample[]) => new Set(find(samples, COUNT).map((s) => s.labels.http_route));

describe('httpMetrics()', () => {
  it('labels requests with the route template through nested routers with params, never the raw path', async () => {
    const t = await start((app) => {
      const members = express.Router({ mergeParams: true });
      members.get('/points', (_req, res) => {
        res.json({ points: 1 });
      });
      const v1 = express.Router();
      v1.get('/members/:id', (_req, res) => {
        res.json({});
      });
      v1.use('/members/:id', members);
      app.use('/v1', v1);
      app.get('/', (_req, res) => {
        res.send('root');
      });
    });
    for (const path of ['/v1/members/42', '/v1/members/43', '/v1/members/42/points', '/']) {
      expect((await fetch(`${t.base}${path}`)).status).toBe(200);
    }
    const samples = await t.scrape();
    expect(routes(samples)).toEqual(new Set(['/v1/members/:id', '/v1/members/:id/points', '/']));
    expect(find(samples, COUNT, { http_route: '/v1/members/:id' })[0]?.labels).toMatchObject({
      http_request_method: 'GET',
      http_response_status_code: '200',
      url_scheme: 'http',
    });
    expect(find(samples, COUNT, { http_route: '/v1/members/:id' })[0]?.value).toBe(2);
  });

  it('joins the mount path of a sub-application', async () => {
    const t = await start((app) => {
      const admin = express();
      admin.get('/users/:uid', (_req, res) => {
        res.send('ok');
      });
      app.use('/admin', admin);
    });
    expect((await fetch(`${t.base}/admin/users/7`)).status).toBe(200);
    expect(routes(await t.scrape())).toEqual(new Set(['/admin/users/:uid']));
  });

  it('labels array and RegExp routes with their pattern text, still bounded', async () => {
    const t = await start((app) => {
      app.get(['/a/:x', '/b/:y'], (_req, res) => {
        res.send('ok');
      });
      app.get(/^\/re\/\d+$/, (_req, res) => {
        res.send('ok');
      });
    });
    for (const path of ['/a/1', '/b/2', '/re/3', '/re/4'])
      expect((await fetch(`${t.base}${path}`)).status).toBe(200);
    expect(routes(await t.scrape())).toEqual(new Set(['/a/:x|/b/:y', '/^\\/re\\/\\d+$/']));
  });

  it('gives unmatched requests (404) one fixed route value', async () => {
    const t = await start((app) => {
      app.get('/known', (_req, res) => {
        res.send('ok');
      });
    });
    for (const path of ['/nope', '/wp-admin.php', '/known/extra', '/%2e%2e/etc/passwd']) {
      expect((await fetch(`${t.base}${path}`)).status).toBe(404);
    }
    const samples = await t.scrape();
    expect(
      find(samples, COUNT, { http_route: '_unmatched', http_response_status_code: '404' })[0]
        ?.value,
    ).toBe(4);
  });

  it('the unmatched value is an option', async () => {
    const t = await start(() => {}, { unmatchedRoute: 'NOT_FOUND' });
    await fetch(`${t.base}/x`);
    expect(routes(await t.scrape())).toEqual(new Set(['NOT_FOUND']));
  });

  it('sets error.type on thrown errors and rejected promises (Express answers 500)', async () => {
    const t = await start((app) => {
      app.get('/sync/:id', () => {
        throw new Error('boom');
      });
      app.get('/async', async () => {
        throw new TypeError('async boom');
      });
      app.use(((_err, _req, res, _next) => {
        res.status(500).send('failed');
      }) as express.ErrorRequestHandler);
    });
    expect((await fetch(`${t.base}/sync/1`)).status).toBe(500);
    expect((await fetch(`${t.base}/async`)).status).toBe(500);
    const samples = await t.scrape();
    expect(
      find(samples, COUNT, {
        http_route: '/sync/:id',
        error_type: '500',
        http_response_status_code: '500',
      })[0]?.value,
    ).toBe(1);
    expect(find(samples, COUNT, { http_route: '/async', error_type: '500' })[0]?.value).toBe(1);
  });

  it('does not set error.type on 4xx answers', async () => {
    const t = await start((app) => {
      app.get('/bad', (_req, res) => {
        res.status(422).send('no');
      });
    });
    await fetch(`${t.base}/bad`);
    const [sample] = find(await t.scrape(), COUNT, { http_route: '/bad' });
    expect(sample?.labels.http_response_status_code).toBe('422');
    expect(sample?.labels.error_type).toBeUndefined();
  });

  it('still records requests the client aborts, with error.type aborted', async () => {
    let arrived!: () => void;
    const inHandler = new Promise<void>((r) => {
      arrived = r;
    });
    const t = await start((app) => {
      app.get('/slow/:id', (req, res) => {
        arrived();
        req.on('close', () => setTimeout(() => res.end(), 5));
      });
    });
    const controller = new AbortController();
    const pending = fetch(`${t.base}/slow/1`, { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    await inHandler;
    controller.abort();
    await pending;
    await vi.waitFor(async () => {
      const [sample] = find(await t.scrape(), COUNT, { http_route: '/slow/:id' });
      expect(sample?.labels.error_type).toBe('aborted');
      expect(sample?.value).toBe(1);
    });
  });

  it('1,000 distinct raw paths (ids, slugs, random 404s) produce a bounded number of series', async () => {
    const t = await start((app) => {
      app.get('/v1/members/:id', (_req, res) => {
        res.send('m');
      });
      app.get('/v1/articles/:slug', (_req, res) => {
        res.send('a');
      });
    });
    const paths = Array.from({ length: 1000 }, (_, i) =>
      i % 3 === 0
        ? `/v1/members/${i}`
        : i % 3 === 1
          ? `/v1/articles/post-${i}-${Math.random().toString(36).slice(2)}`
          : `/random/${i}/${i * 7}`,
    );
    for (let i = 0; i < paths.length; i += 50) {
      await Promise.all(
        paths.slice(i, i + 50).map(async (p) => (await fetch(`${t.base}${p}`)).text()),
      );
    }
    const samples = await t.scrape();
    expect(find(samples, COUNT).length).toBe(3);
    expect(routes(samples)).toEqual(
      new Set(['/v1/members/:id', '/v1/articles/:slug', '_unmatched']),
    );
    expect(find(samples, COUNT).reduce((sum, s) => sum + s.value, 0)).toBe(1000);
  });

  it('records methods outside the known set as _OTHER', async () => {
    const t = await start(() => {});
    const url = new URL(t.base);
    await new Promise<void>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: '/dav', method: 'PROPFIND' },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(find(await t.scrape(), COUNT)[0]?.labels.http_request_method).toBe('_OTHER');
  });

  it('counts active requests while they run', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let arrived!: () => void;
    const inHandler = new Promise<void>((r) => {
      arrived = r;
    });
    const t = await start((app) => {
      app.get('/wait', async (_req, res) => {
        arrived();
        await gate;
        res.send('done');
      });
    });
    const pending = fetch(`${t.base}/wait`);
    await inHandler;
    expect(
      find(await t.scrape(), 'http_server_active_requests', { http_request_method: 'GET' })[0]
        ?.value,
    ).toBe(1);
    release();
    await (await pending).text();
    await vi.waitFor(async () => {
      expect(
        find(await t.scrape(), 'http_server_active_requests', { http_request_method: 'GET' })[0]
          ?.value,
      ).toBe(0);
    });
  });

  it('records request and response body sizes from Content-Length', async () => {
    const t = await start((app) => {
      app.post('/echo', express.text(), (req, res) => {
        res.send(`${req.body}!`);
      });
    });
    await fetch(`${t.base}/echo`, {
      method: 'POST',
      body: 'x'.repeat(1234),
      headers: { 'content-type': 'text/plain' },
    });
    const samples = await t.scrape();
    expect(
      find(samples, 'http_server_request_body_size_sum', { http_route: '/echo' })[0]?.value,
    ).toBe(1234);
    expect(
      find(samples, 'http_server_response_body_size_sum', { http_route: '/echo' })[0]?.value,
    ).toBe(1235);
  });

  it('measures duration in seconds with the injected clock and the semantic-convention buckets', async () => {
    let tick = 0;
    const t = await start(
      (app) => {
        app.get('/t', (_req, res) => {
          res.send('ok');
        });
      },
      { now: () => (tick += 250) },
    );
    await fetch(`${t.base}/t`);
    const samples = await t.scrape();
    expect(find(samples, 'http_server_request_duration_sum', { http_route: '/t' })[0]?.value).toBe(
      0.25,
    );
    const bounds = find(samples, 'http_server_request_duration_bucket', { http_route: '/t' }).map(
      (s) => s.labels.le,
    );
    expect(bounds).toEqual([
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.075',
      '0.1',
      '0.25',
      '0.5',
      '0.75',
      '1',
      '2',
      '2.5',
      '5',
      '7.5',
      '10',
      '+Inf',
    ]);
  });

  it('without a meter option records into the global provider set by createMetrics({ global: true })', async () => {
    const { createMetrics } = await import('../src/index.js');
    const { createServer } = await import('node:http');
    const { listen, close, parseExposition } = await import('./support/scrape.js');
    const m = createMetrics({ serviceName: 'app', global: true, runtimeMetrics: false });
    const app = express();
    app.use(httpMetrics());
    app.get('/metrics', m.handler());
    app.get('/v1/members/:id', (_req, res) => {
      res.json({});
    });
    const server = createServer(app);
    const base = await listen(server);
    try {
      await (await fetch(`${base}/v1/members/42`)).text();
      const samples = parseExposition(await (await fetch(`${base}/metrics`)).text());
      expect(find(samples, COUNT, { http_route: '/v1/members/:id' })[0]?.value).toBe(1);
    } finally {
      await close(server);
      await m.shutdown();
    }
  });

  it('a meter that throws never breaks the response', async () => {
    const broken = {
      createHistogram: () => ({
        record: () => {
          throw new Error('meter down');
        },
      }),
      createObservableUpDownCounter: () => ({ addCallback: () => {} }),
    } as unknown as Meter;
    const app = express();
    app.use(httpMetrics({ meter: broken }));
    app.get('/ok', (_req, res) => {
      res.send('fine');
    });
    const { createServer } = await import('node:http');
    const { listen, close } = await import('./support/scrape.js');
    const server = createServer(app);
    const base = await listen(server);
    try {
      const res = await fetch(`${base}/ok`);
      expect(await res.text()).toBe('fine');
    } finally {
      await close(server);
    }
  });

  it.each([
    [{ unmatchedRoute: '' }, 'unmatchedRoute'],
    [{ knownMethods: ['get'] }, 'knownMethods'],
    [{ bodySizes: 'yes' }, 'bodySizes'],
    [{ now: 5 }, 'now'],
    [{ meter: {} }, 'meter'],
    [{ unmatched: 'x' }, 'unmatched'],
  ])('rejects %j at creation, naming option %s', (options, option) => {
    expect(() => httpMetrics(options as never)).toThrow(MetricsOptionError);
    expect(() => httpMetrics(options as never)).toThrow(`"${option}"`);
  });
});
