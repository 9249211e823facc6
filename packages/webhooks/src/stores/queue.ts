/** A verified, deduplicated delivery, as the handler receives it. Plain JSON: queues store it. */
export interface WebhookEvent {
  /** Event id: the scheme's id header, else the body's `id`, else `sha256:` + hash of the body. */
  readonly id: string;
  /** The receiver's `source` (metrics label, partner name). */
  readonly source: string;
  /** When the receiver acknowledged it, epoch milliseconds. */
  readonly receivedAt: number;
  /** The delivery's timestamp from the verifier, epoch milliseconds. */
  readonly timestamp: number;
  /** The body, parsed as JSON. */
  readonly payload: unknown;
}

/** What a handler is told about the attempt it runs. */
export interface WebhookAttempt {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Attempts allowed in all; the last one failing moves the event to the dead-letter queue. */
  readonly maxAttempts: number;
}

/**
 * Processes one event. A throw (or rejection) is a failed attempt: retried with backoff, then
 * dead-lettered. Queues deliver at least once, so a handler must be idempotent by `event.id`.
 */
export type WebhookHandler = (event: WebhookEvent, attempt: WebhookAttempt) => Promise<void> | void;

/** An event that failed its last attempt. */
export interface DeadLetter {
  readonly event: WebhookEvent;
  readonly attempts: number;
  /** The last error's message (handlers should not put secrets in error messages). */
  readonly error: string;
  /** Epoch milliseconds. */
  readonly failedAt: number;
}

/** A snapshot for the backlog gauges. */
export interface QueueStats {
  /** Events waiting, delayed for a retry, or running. */
  readonly backlog: number;
  /** `receivedAt` of the oldest of them, or `undefined` when there is none. */
  readonly oldestPendingAt: number | undefined;
  /** Events in the dead-letter queue. */
  readonly deadLetter: number;
}

/** Where the receiver puts events; processing happens behind it. */
export interface WebhookQueue {
  /**
   * Stores an event. Resolves only once the event is stored as durably as the queue can (the
   * receiver acknowledges after it); rejects when it cannot, so the receiver answers 503.
   * Enqueueing an id that is already queued is a no-op.
   */
  enqueue(event: WebhookEvent): Promise<void>;
  stats(): Promise<QueueStats>;
  /** The most recent dead letters, newest first. @default limit 100 */
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  /** Stops taking work, lets running handlers finish, then releases resources. Idempotent. */
  close(): Promise<void>;
}
