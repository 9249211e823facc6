import { setTimeout as sleep } from 'node:timers/promises';
import { redisServerAvailable, startRedisServer, until } from '@preflight/test-harness';
import { describe, it } from 'vitest';
import type { PartnerFaults } from '../src/partner/partner-faults.js';
import { startProber } from '../src/traffic/prober.js';
import { createTraffic } from '../src/traffic/traffic-generator.js';
import { e2eRules } from './helpers/alert-rules.js';
import { prometheusAvailable, startPrometheus } from './helpers/prometheus-server.js';
import { PARTNER_KEY, startStack, WEBHOOK_SECRET } from './helpers/stack.js';

const JOB = 'example';
const available = prometheusAvailable();
const inCi = process.env.CI === 'true';
if (!available && !inCi) {
  console.warn(
    'alerts.e2e: skipped — no Prometheus server. Install it (Debian/Ubuntu: apt-get install ' +
      'prometheus) or set PROMETHEUS_BIN; CI (CI=true) fails instead of skipping.',
  );
}

// The demo logs customer payloads on purpose, so the logger's redaction counter and its info
// alert are expected everywhere: they prove the redaction metric reaches Prometheus.
const ALWAYS = ['PreflightSensitiveDataLogged'];
// Our callers feel a failing partner: 5xx from us, failed payments, SLO burn; retries with
// backoff make requests slow too.
const FAILING = [
  'PreflightHighErrorRate',
  'PreflightPaymentFailures',
  'PreflightAvailabilitySLOBurnPage',
  'PreflightAvailabilitySLOBurnTicket',
];
const SLOW = [
  'PreflightHighLatencyP95',
  'PreflightLatencySLOBurnPage',
  'PreflightLatencySLOBurnTicket',
];

interface Scenario {
  readonly faults: Partial<PartnerFaults> | null;
  readonly required: readonly string[];
  readonly allowed: readonly string[];
  readonly checkReadiness?: boolean;
  /** Partner balance set through `/admin/balance` with the faults. */
  readonly balance?: number;
  /** Webhooks go to a Redis queue (a real redis-server) that no worker processes. */
  readonly stalledWebhookWorker?: boolean;
}

const SCENARIOS: Record<string, Scenario> = {
  'a healthy partner fires nothing but the redaction notice': {
    faults: null,
    required: ALWAYS,
    allowed: [],
  },
  'partner 5xx errors fire the upstream and 5xx error-rate alerts': {
    faults: { errorRate: 1 },
    required: ['PreflightUpstreamErrorRate', 'PreflightHighErrorRate', 'PreflightPaymentFailures'],
    // Partner 500s are answered 502, never 503: PreflightServiceUnavailable must stay quiet.
    allowed: [...FAILING, ...SLOW],
  },
  '429 bursts and a nearly spent budget fire the rate-limit alerts': {
    faults: { rateLimitBurst: 8, retryAfterSeconds: 1, rateLimit: 40 },
    required: ['PreflightUpstreamRateLimited', 'PreflightRateLimitLow'],
    // Given up after Retry-After / an empty budget, we answer 503 with Retry-After.
    allowed: [...FAILING, ...SLOW, 'PreflightServiceUnavailable'],
  },
  'AUTH_INVALID_KEY answers fire the invalid-key alert, not the upstream error rate': {
    faults: { errorRate: 1, errorStatus: 401 },
    required: ['PreflightUpstreamAuthInvalidKey', 'PreflightPaymentFailures'],
    // 4xx are not retried, so nothing gets slow.
    allowed: FAILING,
  },
  'bad webhook signatures and a spent balance fire the business alerts': {
    faults: { webhookBadSignatureRate: 1 },
    balance: 50,
    required: ['PreflightWebhookFailures', 'PreflightBalanceLow', 'PreflightPaymentFailures'],
    allowed: [],
  },
  'partner health down fails readiness (503) and fires the readiness alerts': {
    faults: { healthDown: true },
    required: ['PreflightReadinessFailing', 'PreflightHealthCheckFailing'],
    allowed: [],
    checkReadiness: true,
  },
  'a webhook queue nobody processes fires the backlog-age alert': {
    // Receivers keep acknowledging into Redis while the worker is down (WEBHOOK_WORKER=off).
    faults: null,
    stalledWebhookWorker: true,
    required: ['PreflightWebhookBacklogStale'],
    allowed: [],
  },
};

const rules = available ? e2eRules(JOB).yaml : '';

describe.runIf(inCi && !available)('alerts end to end (CI)', () => {
  it('requires a Prometheus server in CI', () => {
    throw new Error('prometheus is not installed; .ci/run installs Debian’s prometheus package');
  });
});

// The scenarios run side by side (up to the example's `maxConcurrency`, vitest.config.ts): each
// has its own stack, Prometheus and Redis on ports of their own, and a scenario spends most of
// its ~15 s waiting, not computing — Prometheus 2.x scrapes a new target only after its
// discovery manager's 5 s tick, then rules need their evaluations. In sequence the seven took
// ~100 s of every CI run on each OpenTelemetry line.
describe.skipIf(!available).concurrent('alerts end to end with a real Prometheus', () => {
  for (const [title, scenario] of Object.entries(SCENARIOS)) {
    it(title, { timeout: 90_000 }, async ({ expect, onTestFinished }) => {
      const cleanups: (() => Promise<void>)[] = [];
      onTestFinished(async () => {
        for (const c of cleanups.reverse()) await c().catch(() => undefined);
      });
      let env: Record<string, string> = {};
      if (scenario.stalledWebhookWorker) {
        if (!redisServerAvailable()) return; // warned with the install hint; CI throws instead
        const redis = await startRedisServer();
        cleanups.push(() => redis.stop());
        env = { REDIS_URL: redis.url, WEBHOOK_WORKER: 'off' };
      }
      const stack = await startStack(env);
      cleanups.push(() => stack.stop());
      const prom = await startPrometheus({
        targets: [`127.0.0.1:${stack.servicePort}`],
        rules,
        job: JOB,
      });
      cleanups.push(() => prom.stop());
      const traffic = createTraffic({ baseUrl: stack.serviceUrl, ratePerSecond: 4 });
      const prober = startProber(stack.serviceUrl, 500);
      cleanups.push(async () => {
        prober.stop();
        await traffic.stop();
      });
      traffic.start();
      // Healthy samples first, so rates have a baseline: three successful scrapes (a deadline,
      // not a fixed 3 s, which a loaded machine can spend before the first scrape).
      const scrapes = `sum_over_time(up{job="${JOB}"}[5m])`;
      await until(
        async () => {
          const [up] = await prom.query(scrapes).catch(() => []);
          return Number(up?.value[1] ?? 0) >= 3;
        },
        () => `3 successful scrapes\n${prom.output()}`,
        { timeoutMs: 30_000, everyMs: 250 },
      );
      if (scenario.faults !== null) await stack.inject(scenario.faults);
      if (scenario.balance !== undefined) {
        await fetch(`${stack.partnerUrl}/admin/balance`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ balance: scenario.balance }),
        });
      }

      const seen = new Set<string>();
      const expected = new Set([...scenario.required, ...ALWAYS]);
      const deadline = Date.now() + 45_000;
      let settledPolls = 0;
      // Poll until every required alert fires, then a few more evaluations to catch strays.
      while (Date.now() < deadline && settledPolls < 6) {
        // A slow answer from a loaded machine is retried at the next poll, not a failure.
        const alerts = await prom.alerts().catch(() => []);
        for (const a of alerts) {
          if (a.state === 'firing' && a.labels.alertname) seen.add(a.labels.alertname);
        }
        if ([...expected].every((n) => seen.has(n))) settledPolls += 1;
        await sleep(500);
      }
      const context = `firing: ${[...seen].sort().join(', ')}`;
      console.info(`${title}\n  ${context}`);
      for (const name of expected)
        expect(seen.has(name), `${name} should fire; ${context}`).toBe(true);
      const allowed = new Set([...expected, ...scenario.allowed]);
      const strays = [...seen].filter((n) => !allowed.has(n));
      expect(strays, `alerts that should stay quiet; ${context}`).toEqual([]);
      // The fault paths log errors and retries too: still no PII or keys in any line.
      const logs = stack.logs();
      const secrets = [...traffic.sentSecrets(), PARTNER_KEY, WEBHOOK_SECRET];
      expect(secrets.filter((v) => logs.includes(v))).toEqual([]);
      if (scenario.checkReadiness) {
        const res = await fetch(`${stack.serviceUrl}/health/ready`);
        expect(res.status).toBe(503);
        expect(prober.state().live).toBe(200); // liveness does not follow a dependency down
      }
    });
  }
});
