/** A verified webhook event waiting to be processed. */
export interface QueuedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  /** Epoch ms when it was received. */
  readonly receivedAt: number;
}

/** Options of {@link createWebhookQueue}. */
export interface WebhookQueueOptions {
  /** Processes one event; a throw counts as a processing failure. */
  readonly process: (event: QueuedEvent) => Promise<void> | void;
  /** Called after a processing failure (metrics, logs). */
  readonly onFailure?: (event: QueuedEvent, err: unknown) => void;
  /** Most events waiting; beyond it `push` returns false and the sender should redeliver. @default 10000 */
  readonly maxBacklog?: number;
}

/** Webhooks are acknowledged at once and processed here, so the sender gets its 2xx in < 5 s. */
export interface WebhookQueue {
  /** Enqueues; false when the backlog is full. */
  push(event: QueuedEvent): boolean;
  /** When the oldest unprocessed event arrived (epoch ms), or undefined: the backlog-age gauge. */
  oldestPendingAt(): number | undefined;
  size(): number;
  /** Resolves when the backlog is empty (used on shutdown). */
  drain(): Promise<void>;
}

/** Creates a sequential in-process queue. */
export function createWebhookQueue(options: WebhookQueueOptions): WebhookQueue {
  const maxBacklog = options.maxBacklog ?? 10_000;
  const items: QueuedEvent[] = [];
  let running: Promise<void> | undefined;

  const run = async (): Promise<void> => {
    while (items.length > 0) {
      const event = items[0] as QueuedEvent;
      try {
        await options.process(event);
      } catch (err) {
        options.onFailure?.(event, err);
      }
      items.shift();
    }
    running = undefined;
  };

  return {
    push(event) {
      if (items.length >= maxBacklog) return false;
      items.push(event);
      running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(run);
      return true;
    },
    oldestPendingAt: () => items[0]?.receivedAt,
    size: () => items.length,
    drain: async () => {
      while (running !== undefined) await running;
    },
  };
}
