import { WebhookQueueError } from '../errors.js';
import { errorFields, type WebhookLogger } from '../logger.js';
import type { WebhookMetrics } from '../webhook-metrics.js';
import type { WebhookEvent, WebhookHandler } from './queue.js';

// What both queues do with an event, whatever holds it: refuse it when closed or full, run one
// handler attempt with its metrics, and report a failed attempt as retried or dead-lettered.

/** Throws the `WebhookQueueError` the receiver turns into 503 + `Retry-After`. */
export function refuseWhenClosed(closed: boolean): void {
  if (closed) throw new WebhookQueueError('ERR_WEBHOOK_QUEUE_CLOSED', 'the queue is closed');
}

/** Throws when `backlog` has reached `maxBacklog`. */
export function refuseWhenFull(backlog: number, maxBacklog: number): void {
  if (backlog >= maxBacklog)
    throw new WebhookQueueError('ERR_WEBHOOK_QUEUE_FULL', `the backlog holds ${maxBacklog} events`);
}

/** Log fields of a failed attempt; `error_message` is also what a dead letter keeps. */
export type AttemptFailure = ReturnType<typeof errorFields> & {
  readonly event_id: string;
  readonly source: string;
  readonly attempt: number;
};

/** What running an attempt needs. */
export interface AttemptDeps {
  readonly handler: WebhookHandler;
  readonly maxAttempts: number;
  readonly metrics: WebhookMetrics;
  readonly logger: WebhookLogger;
}

/** Runs handler attempts and reports their failures, the same way in every queue. */
export interface AttemptRunner {
  /** Runs attempt `attempt` of `event`, timed and counted; resolves with the failure, if any. */
  run(
    event: WebhookEvent,
    attempt: number,
  ): Promise<{ readonly failure: AttemptFailure; readonly error: unknown } | undefined>;
  /** Logs a failed attempt; a last one is also counted as dead-lettered. */
  report(failure: AttemptFailure, last: boolean): void;
}

export function createAttemptRunner(deps: AttemptDeps): AttemptRunner {
  const { handler, maxAttempts, metrics, logger } = deps;
  return {
    async run(event, attempt) {
      const started = performance.now();
      try {
        await handler(event, { attempt, maxAttempts });
        metrics.attempt(event.source, (performance.now() - started) / 1000, true);
        return undefined;
      } catch (error) {
        metrics.attempt(event.source, (performance.now() - started) / 1000, false);
        const failure = {
          event_id: event.id,
          source: event.source,
          attempt,
          ...errorFields(error),
        };
        return { failure, error };
      }
    },
    report(failure, last) {
      if (last) {
        metrics.deadLettered(failure.source);
        logger.error(failure, 'webhook moved to the dead-letter queue');
      } else logger.warn(failure, 'webhook processing failed; retrying');
    },
  };
}
