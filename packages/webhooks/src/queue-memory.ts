import { type RetryOptions, resolveRetry, retryDelay } from './backoff.js';
import { WebhookQueueError } from './errors.js';
import { errorFields, SILENT_LOGGER, type WebhookLogger } from './logger.js';
import type {
  DeadLetter,
  QueueStats,
  WebhookEvent,
  WebhookHandler,
  WebhookQueue,
} from './queue.js';
import { rejectUnknownKeys, requireFunction, requireInteger, requireObject } from './validate.js';
import { createWebhookMetrics, type WebhookMetrics } from './webhook-metrics.js';

/** Options of {@link createMemoryQueue}. */
export interface MemoryQueueOptions extends RetryOptions {
  /** Processes one event. */
  readonly handler: WebhookHandler;
  /** Handlers running at once. @default 1 */
  readonly concurrency?: number;
  /** Most events held (waiting, delayed, running); past it `enqueue` rejects and the receiver answers 503. @default 10000 */
  readonly maxBacklog?: number;
  /** Most dead letters kept; the oldest are dropped (and logged). @default 1000 */
  readonly maxDeadLetters?: number;
  /** Metrics recorders. @default createWebhookMetrics() on the global meter */
  readonly metrics?: WebhookMetrics;
  /** Logger for failures. @default silent */
  readonly logger?: WebhookLogger;
  /** Clock in epoch milliseconds (dead letters' `failedAt`). @default Date.now */
  readonly now?: () => number;
}

interface Item {
  readonly event: WebhookEvent;
  attempt: number;
  timer?: NodeJS.Timeout;
}

/**
 * An in-process queue for development and tests: retries with backoff and a dead-letter list,
 * but everything it holds is gone when the process stops. Production uses the Redis queue.
 */
export function createMemoryQueue(options: MemoryQueueOptions): WebhookQueue {
  const o = requireObject('options', options);
  rejectUnknownKeys('', o, [
    'handler',
    'attempts',
    'backoffMs',
    'concurrency',
    'maxBacklog',
    'maxDeadLetters',
    'metrics',
    'logger',
    'now',
  ]);
  const handler = requireFunction<WebhookHandler>('handler', o.handler);
  const retry = resolveRetry(o);
  const concurrency = requireInteger('concurrency', o.concurrency ?? 1, 1, 1000);
  const maxBacklog = requireInteger('maxBacklog', o.maxBacklog ?? 10_000, 1, 1e7);
  const maxDeadLetters = requireInteger('maxDeadLetters', o.maxDeadLetters ?? 1000, 1, 1e7);
  const metrics = (o.metrics as WebhookMetrics | undefined) ?? createWebhookMetrics();
  const logger = (o.logger as WebhookLogger | undefined) ?? SILENT_LOGGER;
  const now = requireFunction<() => number>('now', o.now ?? Date.now);

  const items = new Map<string, Item>(); // enqueue order: the first is the oldest
  const ready: Item[] = [];
  const dead: DeadLetter[] = [];
  const running = new Set<Promise<void>>();
  let closed = false;
  let idle: (() => void) | undefined;

  const finish = (item: Item): void => {
    items.delete(item.event.id);
  };

  const run = async (item: Item): Promise<void> => {
    const started = performance.now();
    try {
      await handler(item.event, { attempt: item.attempt, maxAttempts: retry.attempts });
      metrics.attempt(item.event.source, (performance.now() - started) / 1000, true);
      finish(item);
    } catch (error) {
      metrics.attempt(item.event.source, (performance.now() - started) / 1000, false);
      const fields = {
        event_id: item.event.id,
        source: item.event.source,
        attempt: item.attempt,
        ...errorFields(error),
      };
      if (item.attempt >= retry.attempts || closed) {
        finish(item);
        dead.push({
          event: item.event,
          attempts: item.attempt,
          error: fields.error_message,
          failedAt: now(),
        });
        if (dead.length > maxDeadLetters) {
          const dropped = dead.shift();
          logger.error(
            { event_id: dropped?.event.id },
            'webhook dead letter dropped: the list is full',
          );
        }
        metrics.deadLettered(item.event.source);
        logger.error(fields, 'webhook moved to the dead-letter queue');
        return;
      }
      logger.warn(fields, 'webhook processing failed; retrying');
      item.attempt += 1;
      item.timer = setTimeout(
        () => {
          item.timer = undefined;
          ready.push(item);
          pump();
        },
        retryDelay(retry, item.attempt - 1),
      );
    }
  };

  function pump(): void {
    while (running.size < concurrency && ready.length > 0) {
      const item = ready.shift() as Item;
      const p = run(item).finally(() => {
        running.delete(p);
        pump();
        if (running.size === 0 && ready.length === 0) idle?.();
      });
      running.add(p);
    }
  }

  return {
    async enqueue(event) {
      if (closed) throw new WebhookQueueError('ERR_WEBHOOK_QUEUE_CLOSED', 'the queue is closed');
      if (items.has(event.id)) return;
      if (items.size >= maxBacklog)
        throw new WebhookQueueError(
          'ERR_WEBHOOK_QUEUE_FULL',
          `the backlog holds ${maxBacklog} events`,
        );
      const item: Item = { event, attempt: 1 };
      items.set(event.id, item);
      ready.push(item);
      queueMicrotask(pump);
    },
    async stats(): Promise<QueueStats> {
      const first = items.values().next().value as Item | undefined;
      return {
        backlog: items.size,
        oldestPendingAt: first?.event.receivedAt,
        deadLetter: dead.length,
      };
    },
    async deadLetters(limit = 100) {
      return dead.slice(-limit).reverse();
    },
    async close() {
      if (!closed) {
        closed = true;
        // Waiting events still run (graceful); retries not yet due are abandoned and logged.
        let abandoned = 0;
        for (const item of items.values()) {
          if (item.timer !== undefined) {
            clearTimeout(item.timer);
            items.delete(item.event.id);
            abandoned += 1;
          }
        }
        if (abandoned > 0) logger.warn({ abandoned }, 'webhook queue closed with retries pending');
      }
      if (running.size > 0 || ready.length > 0) {
        await new Promise<void>((resolve) => {
          idle = resolve;
          pump();
        });
      }
    },
  };
}
