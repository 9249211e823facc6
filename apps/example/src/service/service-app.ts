import { metrics } from '@opentelemetry/api';
import type { Health } from '@preflight/health';
import { createHealth, httpCheck } from '@preflight/health';
import { type createLogger, redact, requestLogger, scopedLogger } from '@preflight/logger';
import { createBusinessMetrics, httpMetrics, instrumentFetch } from '@preflight/metrics';
import {
  createRateLimitedFetch,
  createRateLimitTracker,
  type RateLimitStore,
} from '@preflight/ratelimit';
import express, { type Express, type Request, type Response } from 'express';
import type { ServiceConfig } from '../config.js';
import { apiRoutes, errorHandler } from './api-routes.js';
import { createPartnerClient } from './partner-client.js';
import { createWebhookHandler, PAYMENT_TIMEOUT_MS } from './payment-webhooks.js';
import { createWebhookIntake } from './webhook-intake.js';

/** `upstream` label of every partner metric. */
export const PARTNER_UPSTREAM = 'partner';

/** What {@link createService} needs besides the configuration. */
export interface ServiceDeps {
  /** The root logger (`createLogger`). */
  readonly logger: ReturnType<typeof createLogger>;
  /** Handler serving `GET /metrics`: `startTelemetry(...).handler()` or `createMetrics(...).handler()`. */
  readonly metricsHandler: (req: Request, res: Response) => void;
  /** Run after the server drained on shutdown (flush telemetry, …). */
  readonly onShutdown?: readonly (() => Promise<unknown> | unknown)[];
  /** Called with the exit code at the end of graceful shutdown. @default process.exit */
  readonly exit?: (code: number) => void;
  /**
   * Total time one request may spend on partner calls, waits and retries included: past it
   * the call is abandoned (nothing more is sent) and the request answers 504.
   * @default 10000
   */
  readonly partnerDeadlineMs?: number;
  /**
   * Where the partner budget lives: `createRedisRateLimitStore` when `REDIS_URL` is set, so
   * every replica shares one rate, the observed budget and 429 pauses.
   * @default undefined (in-process)
   */
  readonly rateLimitStore?: RateLimitStore;
}

const PARTNER_DEADLINE_MS = 10_000;
// A turn under our own rate, or a partner's Retry-After, later than this is refused at once
// (503 + Retry-After): a flood cannot make real purchases queue behind it for a minute, and a
// wait the deadline could not cover is not started.
const PARTNER_MAX_WAIT_MS = 5_000;

/** The assembled integration service. */
export interface Service {
  readonly app: Express;
  readonly health: Health;
  /** The partner's rate-limit budget as last observed (for the demo's status line). */
  partnerBudget(): { readonly remaining: number | null; readonly limit: number | null };
  /** Webhooks waiting to be processed. */
  webhookBacklog(): number;
}

/**
 * Composes the four packages into one Express 5 service: request logging with redaction,
 * HTTP metrics and `/metrics`, health probes with a partner check and graceful shutdown, a
 * throttled, retrying, instrumented partner client, and a signed-webhook receiver.
 */
export function createService(config: ServiceConfig, deps: ServiceDeps): Service {
  const { logger } = deps;
  const business = createBusinessMetrics({
    events: [
      'purchase_started',
      'purchase_completed',
      'search',
      'webhook_processed',
      'payment_settled',
    ],
  });
  let lastBalance: number | undefined;
  business.observeBalance(PARTNER_UPSTREAM, () => lastBalance);

  // Budget warnings, partner calls and route lines go to the request's logger at call time, so
  // they carry its request_id. The fetch wrapper gets no logger: the route logs each failed call
  // once (retries are counted in metrics).
  const log = scopedLogger(logger);
  const tracker = createRateLimitTracker({
    meter: metrics.getMeter('@preflight/ratelimit'),
    logger: log,
    store: deps.rateLimitStore,
  });
  const partnerDeadlineMs = deps.partnerDeadlineMs ?? PARTNER_DEADLINE_MS;
  // instrumentFetch inside: every attempt (retries included) is timed and its error code counted.
  const partnerFetch = createRateLimitedFetch({
    upstream: PARTNER_UPSTREAM,
    fetch: instrumentFetch(globalThis.fetch, { upstream: PARTNER_UPSTREAM }),
    tracker,
    store: deps.rateLimitStore,
    rate: { requests: config.partnerRequestsPerMinute, perMs: 60_000 },
    backoffBaseMs: config.backoffBaseMs,
    maxQueueWaitMs: Math.min(PARTNER_MAX_WAIT_MS, partnerDeadlineMs),
    maxWaitMs: Math.min(PARTNER_MAX_WAIT_MS, partnerDeadlineMs),
  });
  const partner = createPartnerClient({
    baseUrl: config.partnerUrl,
    apiKey: config.partnerApiKey,
    fetch: partnerFetch,
    log,
  });

  // Verified, deduplicated, durably queued (Redis with REDIS_URL) partner webhooks.
  const webhookHandler = createWebhookHandler({ business, log: logger });
  const paymentSweep = setInterval(() => webhookHandler.sweep(), PAYMENT_TIMEOUT_MS / 10);
  paymentSweep.unref();
  const webhooks = createWebhookIntake(config, PARTNER_UPSTREAM, webhookHandler.handle, logger);

  const health = createHealth({
    checks: [
      // The checklist's readiness check: the partner's /health with a 5 s timeout.
      httpCheck(`${config.partnerUrl}/health`, { name: 'partner', timeoutMs: 5000, cacheMs: 1000 }),
    ],
    drainDelayMs: config.drainDelayMs,
    logger,
    sanitize: (text: string) => redact(text),
    onShutdown: [
      () => clearInterval(paymentSweep),
      () => webhooks.close(),
      ...(deps.onShutdown ?? []),
    ],
    ...(deps.exit ? { exit: deps.exit } : {}),
  });

  const app = express();
  app.disable('x-powered-by');
  // Probes and scrapes first: they would flood the logs and skew the error ratio (a readiness
  // 503 is the probe doing its job, and PreflightReadinessFailing covers it).
  app.use(health.router());
  app.get('/metrics', deps.metricsHandler);
  app.use(requestLogger({ logger }));
  app.use(httpMetrics());
  app.post('/webhooks/partner', webhooks.receiver);
  app.use(
    '/api',
    apiRoutes({
      partner,
      business,
      log,
      partnerDeadlineMs,
      onBalance: (balance) => {
        lastBalance = balance;
      },
    }),
  );
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ code: 'NOT_FOUND' });
  });
  app.use(errorHandler(log));
  return {
    app,
    health,
    partnerBudget: () => {
      const state = tracker.state(PARTNER_UPSTREAM);
      return { remaining: state?.remaining ?? null, limit: state?.limit ?? null };
    },
    webhookBacklog: () => webhooks.backlog(),
  };
}
