import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { buildLedger, inDateRange, parseDateParam, parseIntParam } from './partner-data.js';
import { sendPartnerError } from './partner-errors.js';
import { createFaultState, type FaultState, type PartnerFaults } from './partner-faults.js';
import { createPurchaseBook } from './partner-purchases.js';
import { createRateWindow, setRateLimitHeaders } from './partner-rate-limit.js';
import { createWebhookSender, type PartnerWebhookOptions } from './partner-webhooks.js';

/** Options of {@link createPartnerApp}. */
export interface PartnerOptions {
  /** API keys accepted in `X-API-Key`. */
  readonly apiKeys: readonly string[];
  /** Faults in force at start. @default a healthy partner */
  readonly faults?: Partial<PartnerFaults>;
  /** Rate-limit window length in seconds. @default 60 */
  readonly windowSeconds?: number;
  /** Starting account balance in credits. @default 1_000_000 */
  readonly balance?: number;
  /** Where to deliver signed `purchase.completed` webhooks. @default none */
  readonly webhook?: PartnerWebhookOptions;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

/** The simulated partner: an Express app plus handles the tests and the demo drive. */
export interface Partner {
  readonly app: Express;
  readonly faults: FaultState;
  /** Calls answered per status code, since start. */
  stats(): { readonly calls: number; readonly byStatus: Readonly<Record<string, number>> };
}

/**
 * A loyalty/booking-style partner API: `GET /health`, `GET /v1/transactions` (paginated,
 * `per_page` ≤ 100, `from`/`to` dates), `POST /v1/purchases` (non-idempotent, honours
 * `Idempotency-Key`), `GET /v1/account`, API-key auth, rate-limit headers on every response and
 * runtime fault injection at `/admin/faults`.
 */
export function createPartnerApp(options: PartnerOptions): Partner {
  const now = options.now ?? Date.now;
  const windowSeconds = options.windowSeconds ?? 60;
  const faults = createFaultState(options.faults);
  const window = createRateWindow(windowSeconds, now);
  const keys = new Set(options.apiKeys);
  const ledger = buildLedger(500, now());
  const webhooks = createWebhookSender(options.webhook, faults, now);
  const book = createPurchaseBook({ balance: options.balance ?? 1_000_000, now, webhooks });
  const byStatus: Record<string, number> = {};
  let calls = 0;

  const app = express();
  app.disable('x-powered-by');
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Request-Id', `prt_${randomUUID()}`);
    const f = faults.current();
    // Headers on every response, /health and errors included; only /v1 spends budget.
    if (!req.path.startsWith('/v1/')) {
      setRateLimitHeaders(res, window.peek(f.rateLimit), f.dialect, windowSeconds);
    }
    res.on('finish', () => {
      calls += 1;
      byStatus[res.statusCode] = (byStatus[res.statusCode] ?? 0) + 1;
    });
    next();
  });

  app.get('/health', async (_req, res) => {
    const f = faults.current();
    // A slow partner is slow on its health endpoint too (switchable with latencyOnHealth).
    if (f.latencyMs > 0 && f.latencyOnHealth) await sleep(f.latencyMs);
    if (f.outage || f.healthDown) {
      res.status(503).json({ status: 'fail', output: 'partner maintenance' });
      return;
    }
    res.json({ status: 'pass', scopes: ['transactions:read', 'purchases:write'] });
  });

  app.use('/admin', express.json({ limit: '16kb' }), adminRouter(faults, book));

  app.use('/v1', async (req: Request, res: Response, next: NextFunction) => {
    const f = faults.current();
    if (f.latencyMs > 0) await sleep(f.latencyMs);
    const key = req.get('x-api-key');
    if (key === undefined || !keys.has(key)) {
      setRateLimitHeaders(res, window.peek(f.rateLimit), f.dialect, windowSeconds);
      sendPartnerError(res, 401, 'AUTH_INVALID_KEY', 'missing or unknown X-API-Key');
      return;
    }
    const snap = window.take(f.rateLimit);
    setRateLimitHeaders(res, snap, f.dialect, windowSeconds);
    if (f.outage) {
      res.setHeader('Retry-After', '30');
      sendPartnerError(res, 503, 'SERVICE_UNAVAILABLE', 'partner outage');
      return;
    }
    if (faults.takeBurst() || !snap.allowed) {
      const retry = snap.allowed ? f.retryAfterSeconds : snap.resetSeconds;
      res.setHeader('Retry-After', String(retry));
      sendPartnerError(res, 429, 'RATE_LIMITED', 'rate limit exceeded');
      return;
    }
    if (f.errorRate > 0 && Math.random() < f.errorRate) {
      if (f.errorStatus === 401) sendPartnerError(res, 401, 'AUTH_INVALID_KEY', 'key revoked');
      else sendPartnerError(res, f.errorStatus, 'INTERNAL_ERROR', 'injected failure');
      return;
    }
    next();
  });

  app.get('/v1/transactions', (req, res) => {
    const q = req.query;
    const perPage = q.per_page === undefined ? 20 : parseIntParam(q.per_page, 100);
    const page = q.page === undefined ? 1 : parseIntParam(q.page, 1_000_000);
    const from = q.from === undefined ? null : parseDateParam(q.from);
    const to = q.to === undefined ? null : parseDateParam(q.to);
    if (perPage === null) return sendPartnerError(res, 400, 'INVALID_REQUEST', 'per_page ≤ 100');
    if (page === null) return sendPartnerError(res, 400, 'INVALID_REQUEST', 'page must be ≥ 1');
    if ((q.from !== undefined && from === null) || (q.to !== undefined && to === null)) {
      return sendPartnerError(res, 400, 'INVALID_REQUEST', 'from/to must be YYYY-MM-DD');
    }
    const rows = ledger.filter((t) => inDateRange(t, from, to));
    const data = rows.slice((page - 1) * perPage, page * perPage);
    const hasMore = page * perPage < rows.length;
    res.json({ data, page, per_page: perPage, total: rows.length, has_more: hasMore });
  });

  app.get('/v1/account', (_req, res) => {
    res.json({ balance: book.balance(), currency: 'credits' });
  });

  app.post('/v1/purchases', express.json({ limit: '64kb' }), (req, res) => {
    const result = book.purchase(req.body, req.get('idempotency-key'));
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(result.status).json(result.body);
  });

  app.use((_req: Request, res: Response) => sendPartnerError(res, 404, 'NOT_FOUND', 'no route'));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendPartnerError(res, status, 'INVALID_REQUEST', 'malformed request');
      return;
    }
    sendPartnerError(res, 500, 'INTERNAL_ERROR', 'unexpected error');
  });

  return { app, faults, stats: () => ({ calls, byStatus: { ...byStatus } }) };
}

function adminRouter(
  faults: FaultState,
  book: ReturnType<typeof createPurchaseBook>,
): express.Router {
  const router = express.Router();
  router.get('/faults', (_req, res) => {
    res.json(faults.current());
  });
  router.post('/faults', (req, res) => {
    try {
      res.json(faults.update(req.body));
    } catch (err) {
      res.status(400).json({ error: (err as Error).message });
    }
  });
  router.delete('/faults', (_req, res) => {
    res.json(faults.reset());
  });
  router.post('/balance', (req, res) => {
    const value = (req.body as { balance?: unknown } | undefined)?.balance;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      res.status(400).json({ error: 'balance must be an integer ≥ 0' });
      return;
    }
    book.setBalance(value);
    res.json({ balance: book.balance() });
  });
  return router;
}
