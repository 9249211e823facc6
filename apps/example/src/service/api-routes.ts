import { randomUUID } from 'node:crypto';
import type { BusinessMetrics } from '@preflight/metrics';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { partnerSignal, sendPartnerFailure } from './partner-answer.js';
import type { PartnerClient } from './partner-client.js';

/** The logger shape the routes use (pino's call shape; `@preflight/logger`'s `scopedLogger()`). */
export interface RouteLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** What the API routes need. */
export interface ApiRoutesOptions {
  readonly partner: PartnerClient;
  readonly business: BusinessMetrics;
  /** The request-scoped logger (`scopedLogger(root)`: each line carries the request id). */
  readonly log: RouteLogger;
  /** Called with each balance the partner reports (feeds the balance gauge). */
  readonly onBalance: (balance: number) => void;
  /** Total time one request may spend on partner calls (waits and retries included); then 504. */
  readonly partnerDeadlineMs: number;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MEMBER_RE = /^mem_[0-9]{1,8}$/;

/**
 * The integration's own API: `POST /purchases` (a non-idempotent partner call made safe with our
 * order id as `Idempotency-Key`), `GET /transactions` (walks every page), `GET /balance`,
 * `GET /members/:memberId`. Partner failures become 503 + `Retry-After` (rate limited, busy),
 * 504 (deadline) or 502 (the partner failed) with a stable `code`, logged once.
 */
export function apiRoutes(options: ApiRoutesOptions): Router {
  const { partner, business, log, partnerDeadlineMs } = options;
  // Each partner call stops when our client disconnects or the request's deadline passes.
  const signalFor = (res: Response) => partnerSignal(res, partnerDeadlineMs);
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));

  router.post('/purchases', async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const memberId = body.member_id;
    const points = body.points;
    if (typeof memberId !== 'string' || !MEMBER_RE.test(memberId)) {
      res
        .status(400)
        .json({ code: 'INVALID_REQUEST', message: 'member_id must look like mem_123' });
      return;
    }
    if (typeof points !== 'number' || !Number.isInteger(points) || points < 1 || points > 100_000) {
      res.status(400).json({ code: 'INVALID_REQUEST', message: 'points must be 1–100000' });
      return;
    }
    const orderId = `ord_${randomUUID()}`;
    // The whole customer goes to the log on purpose: the logger must redact it.
    log.info(
      { order_id: orderId, member_id: memberId, points, customer: body.customer },
      'purchase requested',
    );
    business.countEvent('purchase_started');
    try {
      const done = await partner.purchase({ orderId, memberId, points }, signalFor(res));
      options.onBalance(done.balance);
      business.recordPayment('succeeded');
      business.countEvent('purchase_completed');
      log.info(
        { order_id: orderId, purchase_id: done.id, upstream_request_id: done.upstreamRequestId },
        'purchase completed',
      );
      res.status(201).json({ order_id: orderId, purchase_id: done.id, balance: done.balance });
    } catch (err) {
      business.recordPayment('failed');
      sendPartnerFailure(res, err, log, { order_id: orderId });
    }
  });

  router.get('/transactions', async (req: Request, res: Response) => {
    const { from, to } = req.query;
    if (
      typeof from !== 'string' ||
      !DATE_RE.test(from) ||
      typeof to !== 'string' ||
      !DATE_RE.test(to)
    ) {
      res.status(400).json({ code: 'INVALID_REQUEST', message: 'from and to must be YYYY-MM-DD' });
      return;
    }
    business.countEvent('search');
    try {
      res.json(await partner.summarizeTransactions(from, to, signalFor(res)));
    } catch (err) {
      sendPartnerFailure(res, err, log, {});
    }
  });

  router.get('/balance', async (_req: Request, res: Response) => {
    try {
      const balance = await partner.balance(signalFor(res));
      options.onBalance(balance);
      res.json({ balance });
    } catch (err) {
      sendPartnerFailure(res, err, log, {});
    }
  });

  router.get('/members/:memberId', (req: Request, res: Response) => {
    const memberId = req.params.memberId;
    if (typeof memberId !== 'string' || !MEMBER_RE.test(memberId)) {
      res.status(404).json({ code: 'NOT_FOUND' });
      return;
    }
    // The query carries the member's email; logged on purpose, redacted by the logger.
    log.info(
      { member_id: memberId, lookup: req.query },
      `member lookup for ${String(req.query.email)}`,
    );
    res.json({ member_id: memberId, tier: 'gold' });
  });

  return router;
}

/** Last-resort handler: a bug answers 500 with the request id, never a stack trace. */
export function errorHandler(log: RouteLogger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ code: 'INVALID_REQUEST' });
      return;
    }
    log.warn({ err }, 'unhandled error');
    if (!res.headersSent) res.status(500).json({ code: 'INTERNAL_ERROR' });
  };
}
