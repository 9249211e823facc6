import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { alertRuleMetrics } from '@preflight/metrics';
import { holdPort, until } from '@preflight/test-harness';
import { signStandardWebhook } from '@preflight/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTraffic, type Traffic } from '../src/traffic/traffic-generator.js';
import { e2eRules } from './helpers/alert-rules.js';
import { collectOutput } from './helpers/child-output.js';
import { prometheusAvailable } from './helpers/prometheus-server.js';
import { alertMetricNames, namesInScrape } from './helpers/promql-names.js';
import { PARTNER_KEY, type Stack, startStack, WEBHOOK_SECRET } from './helpers/stack.js';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('the service under realistic traffic', () => {
  let stack: Stack;
  let traffic: Traffic;
  let scrape: string;

  beforeAll(async () => {
    stack = await startStack();
    traffic = createTraffic({ baseUrl: stack.serviceUrl, ratePerSecond: 20, seed: 7 });
    traffic.start();
    // Each phase lasts until its effect shows (a deadline, not a fixed window): on a loaded
    // machine a 500 ms window could pass without a purchase or webhook in it.
    let seen = '';
    const phase = (what: string, read: () => Promise<string>, done: (s: string) => boolean) =>
      until(
        async () => {
          seen = await read();
          return done(seen);
        },
        () => `${what}; last:\n${seen}`,
        { timeoutMs: 20_000, everyMs: 100 },
      );
    const metrics = async () => (await fetch(`${stack.serviceUrl}/metrics`)).text();
    const scraped = (what: string, series: RegExp) => phase(what, metrics, (t) => series.test(t));
    const readiness = async () => String((await fetch(`${stack.serviceUrl}/health/ready`)).status);
    // Healthy samples first: a few purchases settled through their webhooks.
    await scraped(
      'healthy purchases',
      /^preflight_business_payments_total\{[^}]*outcome="succeeded"[^}]*\} ([6-9]|\d\d+)$/m,
    );
    // Walk every failure path once so every metric an alert reads has a series.
    await stack.inject({ errorRate: 1 });
    await scraped('partner 5xx', /^preflight_upstream_errors_total\{[^}]*code="INTERNAL_ERROR"/m);
    await stack.inject({ errorRate: 0, rateLimitBurst: 4, retryAfterSeconds: 0 });
    await scraped('partner 429', /^preflight_ratelimit_rate_limited_total\{/m);
    await stack.inject({ webhookBadSignatureRate: 1 });
    await scraped('bad signature', /^preflight_webhook_failed_total\{[^}]*reason="bad_signature"/m);
    await stack.inject({ webhookBadSignatureRate: 0, healthDown: true });
    await phase('readiness 503', readiness, (status) => status === '503');
    await stack.inject({ healthDown: false });
    await phase('readiness 200 again', readiness, (status) => status === '200');
    await traffic.stop();
    await fetch(`${stack.serviceUrl}/health/ready`);
    scrape = await (await fetch(`${stack.serviceUrl}/metrics`)).text();
  }, 120_000);
  afterAll(async () => {
    await traffic?.stop();
    await stack?.stop();
  });

  it('exports every metric named in every shipped alert expression (contract)', () => {
    const scraped = namesInScrape(scrape);
    const missing: string[] = [];
    const byAlert = alertMetricNames(e2eRules('example').rules);
    expect(byAlert.size).toBeGreaterThanOrEqual(15);
    for (const [alert, names] of byAlert) {
      for (const name of names) if (!scraped.has(name)) missing.push(`${alert}: ${name}`);
    }
    expect(missing).toEqual([]);
  });

  it('finds in the PromQL exactly the metrics alertRuleMetrics() declares for each alert', () => {
    const declared = alertRuleMetrics({ job: 'example' });
    for (const [alert, names] of alertMetricNames(e2eRules('example').rules)) {
      expect([...names].sort(), alert).toEqual([...(declared[alert] ?? [])].sort());
    }
  });

  it.runIf(prometheusAvailable())(
    'serves a scrape that promtool check metrics accepts',
    async () => {
      const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
      const output = collectOutput(child);
      child.stdin.end(scrape);
      const [code] = await once(child, 'exit');
      expect(output()).toBe('');
      expect(code).toBe(0);
    },
  );

  it('logs one JSON line per request with a request id, and never the PII or keys it was sent', () => {
    const lines = stack
      .logs()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const purchases = parsed.filter((l) => l.msg === 'purchase requested');
    expect(purchases.length).toBeGreaterThan(5);
    expect(purchases.every((l) => typeof l.request_id === 'string')).toBe(true);
    const logs = stack.logs();
    const secrets = [...traffic.sentSecrets(), PARTNER_KEY, WEBHOOK_SECRET];
    expect(secrets.length).toBeGreaterThan(20);
    const leaked = secrets.flatMap((s) => {
      const at = logs.indexOf(s);
      return at < 0 ? [] : [`${s} in …${logs.slice(Math.max(0, at - 200), at + 50)}`];
    });
    expect(leaked).toEqual([]);
  });

  it('keeps tracking the partner budget when it switches to the IETF RateLimit fields', async () => {
    await stack.inject({ dialect: 'ietf', rateLimit: 5000 });
    for (let i = 0; i < 3; i += 1)
      expect((await fetch(`${stack.serviceUrl}/api/balance`)).status).toBe(200);
    const text = await (await fetch(`${stack.serviceUrl}/metrics`)).text();
    expect(text).toMatch(
      /^preflight_ratelimit_limit\{upstream="partner",bucket="default"[^}]*\} 5000$/m,
    );
    await stack.inject({ dialect: 'x-ratelimit', rateLimit: 600 });
  });

  it.each([
    ['POST', '/api/purchases', '{"member_id":', 400],
    ['POST', '/api/purchases', '{"member_id":"../etc","points":5}', 400],
    ['POST', '/api/purchases', '{"member_id":"mem_1","points":1e9}', 400],
    ['GET', '/api/transactions?from=2026-13-01&to=x', undefined, 400],
    ['GET', '/api/members/%E0%A4%A', undefined, 400],
    ['POST', '/webhooks/partner', 'not json at all', 401],
  ] as const)(
    'answers bad input %s %s with %i, never a crash',
    async (method, path, body, status) => {
      const res = await fetch(`${stack.serviceUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body }),
      });
      expect(res.status).toBe(status);
      expect((await fetch(`${stack.serviceUrl}/health/live`)).status).toBe(200);
    },
  );

  it('rejects a correctly signed webhook whose body is not an event', async () => {
    const body = '{"type":"purchase.completed"}';
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`${stack.serviceUrl}/webhooks/partner`, {
      method: 'POST',
      headers: signStandardWebhook(WEBHOOK_SECRET, 'evt_no_data', ts, body),
      body,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'malformed_body' });
  });

  it('verifies webhook signatures and deduplicates redelivered events', async () => {
    const body = JSON.stringify({ id: 'evt_e2e_1', type: 'purchase.completed', data: {} });
    const ts = Math.floor(Date.now() / 1000);
    const send = (headers: Record<string, string>) =>
      fetch(`${stack.serviceUrl}/webhooks/partner`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const good = signStandardWebhook(WEBHOOK_SECRET, 'evt_e2e_1', ts, body);
    expect((await send(good)).status).toBe(202);
    expect(await (await send(good)).json()).toEqual({ received: true, duplicate: true });
    const wrong = 'whsec_bm90LXRoZS1zaGFyZWQtc2VjcmV0';
    expect((await send(signStandardWebhook(wrong, 'evt_e2e_1', ts, body))).status).toBe(401);
    const old = ts - 301;
    expect((await send(signStandardWebhook(WEBHOOK_SECRET, 'evt_e2e_1', old, body))).status).toBe(
      401,
    );
  });
});

describe('service lifecycle', () => {
  it('refuses to start without PARTNER_API_KEY, naming it', async () => {
    const err = await run(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', WEBHOOK_SECRET: 'whsec_x' },
    }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(78);
    expect(err?.stderr).toMatch(/PARTNER_API_KEY must be set/);
  });

  it('exits 1 naming the port when the port is taken, and never says it listens', async () => {
    const holder = await holdPort();
    const port = holder.port;
    try {
      const result = await run(process.execPath, [MAIN], {
        env: {
          PATH: process.env.PATH ?? '',
          HOST: '127.0.0.1',
          PORT: String(port),
          PARTNER_API_KEY: PARTNER_KEY,
          WEBHOOK_SECRET,
        },
      }).then(
        ({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }),
        (e: { code: number; stdout: string; stderr: string }) => ({
          code: e.code,
          output: `${e.stdout}${e.stderr}`,
        }),
      );
      expect(result.output).toContain(`cannot listen on http://127.0.0.1:${port}: EADDRINUSE`);
      expect(result.output).not.toContain('service listening');
      expect(result.code).toBe(1);
    } finally {
      holder.server.close();
    }
  });

  it('on SIGTERM under load turns readiness 503 first, fails no in-flight request, exits 0', {
    timeout: 60_000,
  }, async () => {
    const stack = await startStack({ SHUTDOWN_DRAIN_MS: '1500' });
    try {
      // Slow partner calls keep requests in flight when the signal arrives.
      await stack.inject({ latencyMs: 300 });
      const results: (number | string)[] = [];
      let routing = true; // a load balancer stops routing once readiness says 503
      const worker = async (): Promise<void> => {
        while (routing) {
          const status = await fetch(`${stack.serviceUrl}/api/balance`).then(
            async (r) => {
              await r.arrayBuffer();
              return r.status;
            },
            (e: Error) => `${e.name}: ${(e.cause as Error | undefined)?.message ?? e.message}`,
          );
          results.push(status);
        }
      };
      const workers = Array.from({ length: 10 }, worker);
      // Load first: every worker has finished a call and is in its next one (a deadline, not a
      // fixed sleep, which a loaded machine can spend before the first answer).
      await until(
        () => results.length >= 10,
        () => `load (${results.length} results)`,
        {
          timeoutMs: 20_000,
          everyMs: 25,
        },
      );
      process.kill(stack.child.pid as number, 'SIGTERM');
      const readiness: number[] = [];
      for (let i = 0; i < 40 && routing; i += 1) {
        const status = await fetch(`${stack.serviceUrl}/health/ready`).then(
          (r) => r.status,
          () => 0,
        );
        readiness.push(status);
        if (status === 503) routing = false;
        await sleep(25);
      }
      await Promise.all(workers);
      const code = await stack.exited;
      // Readiness turned 503 while the listener still accepted: only 200s before the first 503.
      const first503 = readiness.indexOf(503);
      expect(first503).toBeGreaterThanOrEqual(0);
      expect(readiness.slice(0, first503).every((s) => s === 200)).toBe(true);
      expect(results.length).toBeGreaterThan(10);
      expect(results.filter((s) => s !== 200)).toEqual([]);
      expect(code).toBe(0);
    } finally {
      await stack.stop();
    }
  });
});

describe('prometheus/alerts.yml', () => {
  it('equals the output of preflight-alerts --job example (regenerate: npm run alerts -w example)', async () => {
    const require = createRequire(import.meta.url);
    const pkgPath = require.resolve('@preflight/metrics/package.json');
    const pkg = JSON.parse(await readFile(pkgPath, 'utf8')) as { bin: Record<string, string> };
    const cli = join(dirname(pkgPath), pkg.bin['preflight-alerts'] ?? 'missing');
    const { stdout } = await run(process.execPath, [cli, '--job', 'example']);
    const committed = await readFile(new URL('../prometheus/alerts.yml', import.meta.url), 'utf8');
    expect(committed).toBe(stdout);
  });
});
