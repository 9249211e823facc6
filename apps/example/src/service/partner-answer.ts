import type { Response } from 'express';
import {
  ClientGoneError,
  classifyPartnerFailure,
  PartnerDeadlineError,
} from './partner-failure.js';

/** The logger shape used for the one line per failed partner call. */
export interface FailureLogger {
  warn(obj: object, msg: string): void;
}

/**
 * The signal a route passes to its partner calls: aborted with `ClientGoneError` when our client
 * disconnects before the answer, or with `PartnerDeadlineError` once `deadlineMs` passed.
 * Either way the rate-limited fetch sends nothing more for the call.
 */
export function partnerSignal(res: Response, deadlineMs: number): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new PartnerDeadlineError(deadlineMs)),
    deadlineMs,
  );
  timer.unref();
  res.once('close', () => {
    clearTimeout(timer);
    if (!res.writableFinished) controller.abort(new ClientGoneError());
  });
  return controller.signal;
}

/**
 * Answers a failed partner call, classified once: 503 with `Retry-After` when the partner is
 * rate limiting or our queue to it is full, 504 at the deadline, 502 when the partner failed
 * (402 passes through). Logs the failure once, with the partner's status, code and request id.
 */
export function sendPartnerFailure(
  res: Response,
  err: unknown,
  log: FailureLogger,
  context: Record<string, unknown>,
): void {
  const failure = classifyPartnerFailure(err);
  log.warn(
    {
      ...context,
      kind: failure.kind,
      status: failure.status,
      partner_status: failure.partnerStatus,
      partner_code: failure.partnerCode,
      upstream_request_id: failure.upstreamRequestId,
      attempts: failure.attempts,
      error_code: failure.errorCode,
    },
    'partner call failed',
  );
  // The wrapper hands back the last response with its body unread: free the connection.
  failure.lastResponse?.body?.cancel().catch(() => undefined);
  if (failure.kind === 'client_gone' || res.headersSent) return;
  if (failure.retryAfterSeconds !== undefined)
    res.setHeader('Retry-After', String(failure.retryAfterSeconds));
  res.status(failure.status).json({ code: failure.code });
}
