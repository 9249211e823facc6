import { type FailedCallDetails, FailedCallError, hasCode } from '../errors.js';

/** Why a call was refused a place in the send queue. */
export type QueueFullReason = 'full' | 'wait';

/**
 * The client-side send queue refused the call before sending anything: `maxQueued` calls were
 * already waiting (`reason: 'full'`), or its turn was further away than `maxQueueWaitMs`
 * (`reason: 'wait'`). Answer "come back later" (e.g. 503 with `Retry-After: retryAfterMs`).
 */
export class QueueFullError extends FailedCallError {
  readonly reason: QueueFullReason;
  /** Estimated ms until the queue could take the call (≥ 0). */
  readonly retryAfterMs: number;
  readonly maxQueued: number;
  readonly maxQueueWaitMs: number;

  constructor(
    details: FailedCallDetails & {
      reason: QueueFullReason;
      retryAfterMs: number;
      maxQueued: number;
      maxQueueWaitMs: number;
    },
  ) {
    const why =
      details.reason === 'full'
        ? `${details.maxQueued} calls already queued`
        : `next turn in ${details.retryAfterMs} ms, more than maxQueueWaitMs (${details.maxQueueWaitMs} ms)`;
    super('ERR_RATELIMIT_QUEUE_FULL', `send queue to ${details.upstream} is full: ${why}`, details);
    this.name = 'QueueFullError';
    this.reason = details.reason;
    this.retryAfterMs = details.retryAfterMs;
    this.maxQueued = details.maxQueued;
    this.maxQueueWaitMs = details.maxQueueWaitMs;
  }
}

/** True for {@link QueueFullError} (the send queue was full or too slow; nothing was sent). */
export function isQueueFullError(error: unknown): error is QueueFullError {
  return error instanceof QueueFullError || hasCode(error, 'ERR_RATELIMIT_QUEUE_FULL');
}
