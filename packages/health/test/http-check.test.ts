import type { IncomingHttpHeaders } from 'node:http';
import { refusedPort, until } from '@preflight/test-harness';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealth, type Health, httpCheck } from '../src/index.js';
import {
  answeredWithin,
  lastResponse,
  request,
  type Served,
  serve,
  serveRouter,
} from './helpers.js';

const open: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
  for (const item of open.splice(0)) await item.close();
});

/** A simulated partner API on 127.0.0.1 whose /health answers `status` (or never). */
async function partner(status: number | 'hang'): Promise<Served & { seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const served = await serve((req, res) => {
    seen.push(req.headers);
    if (status === 'hang') return;
    res
      .writeHead(status, { 'content-type': 'application/json' })
      .end('{"status":"ok","secret":"body-secret"}');
  });
  open.push(served);
  return Object.assign(served, { seen });
}

async function readyBody(health: Health): Promise<{ status: number; body: string }> {
  const served = await serveRouter(health.router());
  open.push(served, { close: () => health.close() });
  const res = await request(`${served.url}/health/ready`);
  return { status: res.status, body: res.text };
}

describe('httpCheck', () => {
  it('passes when the partner /health answers 2xx, and fails readiness with 503 when it answers 503', async () => {
    const up = await partner(200);
    const down = await partner(503);
    expect(
      (await readyBody(createHealth({ checks: [httpCheck(`${up.url}/health`, { name: 'up' })] })))
        .status,
    ).toBe(200);
    const failing = await readyBody(
      createHealth({
        showDetails: 'always',
        checks: [httpCheck(`${down.url}/health`, { name: 'partner' })],
      }),
    );
    expect(failing.status).toBe(503);
    expect(JSON.parse(failing.body).checks['partner:responseTime'][0].output).toBe(
      `GET ${down.url}/health answered 503`,
    );
  });

  it('never shows URL credentials, query string or response body in its output, and sends credentials as Basic auth', async () => {
    const down = await partner(500);
    const url = down.url.replace('http://', 'http://agent:pw-s3cret@');
    const health = createHealth({
      showDetails: 'always',
      checks: [
        httpCheck(`${url}/health?api_key=sk_live_querysecret`, {
          name: 'partner',
          headers: { 'x-agent-key': 'rl_agent_hdr' },
        }),
      ],
    });
    const { body } = await readyBody(health);
    for (const secret of [
      'pw-s3cret',
      'agent:',
      'sk_live_querysecret',
      'api_key',
      'rl_agent_hdr',
      'body-secret',
    ]) {
      expect(body).not.toContain(secret);
    }
    expect(down.seen[0]?.authorization).toBe(
      `Basic ${Buffer.from('agent:pw-s3cret').toString('base64')}`,
    );
    expect(down.seen[0]?.['x-agent-key']).toBe('rl_agent_hdr');
  });

  it('times out and aborts the request after timeoutMs', async () => {
    const hung = await partner('hang');
    const health = createHealth({
      showDetails: 'always',
      checks: [httpCheck(`${hung.url}/health`, { name: 'p', timeoutMs: 200 })],
    });
    const served = await serveRouter(health.router());
    open.push(served, { close: () => health.close() });
    const probe = lastResponse(served);
    // Set when the partner gets the check's request, so after the check's 200 ms timer.
    let answered: Promise<boolean> | undefined;
    let partnerSawAbort = false;
    hung.server.on('request', (req) => {
      answered = answeredWithin(1000, probe);
      req.once('close', () => {
        partnerSawAbort = true;
      });
    });
    const res = await request(`${served.url}/health/ready`);
    expect(res.status).toBe(503);
    // Answered less than 1000 ms into the check, in timer order (see answeredWithin).
    expect(await answered).toBe(true);
    expect(JSON.parse(res.text).checks['p:responseTime'][0].output).toBe('timed out after 200 ms');
    await until(() => partnerSawAbort, 'the partner to see the check aborted', { everyMs: 5 });
  });

  it('reports a refused connection by its code only', async () => {
    // Not a just-closed server's port: a server of a test running beside this one can get it.
    const url = `http://127.0.0.1:${await refusedPort()}`;
    const { status, body } = await readyBody(
      createHealth({
        showDetails: 'always',
        checks: [httpCheck(`${url}/health?token=abc123`, { name: 'p' })],
      }),
    );
    expect(status).toBe(503);
    expect(JSON.parse(body).checks['p:responseTime'][0].output).toBe(
      `GET ${url}/health failed: ECONNREFUSED`,
    );
  });

  it('honours expectStatus and does not follow redirects', async () => {
    const teapot = await partner(418);
    const redirect = await partner(302);
    const health = createHealth({
      checks: [
        httpCheck(`${teapot.url}/health`, { name: 'teapot', expectStatus: 418 }),
        httpCheck(`${redirect.url}/health`, { name: 'redirect', critical: false }),
      ],
    });
    const { status, body } = await readyBody(health);
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({
      status: 'warn',
      checks: {
        'teapot:responseTime': [{ status: 'pass' }],
        'redirect:responseTime': [{ status: 'fail' }],
      },
    });
  });

  it('names the check after the host by default', () => {
    expect(httpCheck('https://api.partner.example/health').name).toBe('api.partner.example');
  });
});
