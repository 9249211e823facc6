import { SILENT_LOGGER, type WebhookLogger } from '../logger.js';
import { functionOption, integerOption, optionsObject } from '../validate.js';
import { createWebhookMetrics, type WebhookMetrics } from '../webhook-metrics.js';
import { RETRY_DEFAULTS, type RetryOptions, resolveRetry, retryDelay } from './backoff.js';
import type {
  DeadLetter,
  QueueStats,
  WebhookEvent,
  WebhookHandler,
  WebhookQueue,
} from './queue.js';
import { createAttemptRunner, refuseWhenClosed, refuseWhenFull } from './queue-work.js';

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

/** Every option with its default (`undefined`: required or none); the known keys. */
const DEFAULTS = {
  handler: undefined,
  ...RETRY_DEFAULTS,
  concurrency: 1,
  maxBacklog: 10_000,
  maxDeadLetters: 1000,
  metrics: undefined,
  logger: SILENT_LOGGER,
  now: Date.now,
} as const satisfies { readonly [K in keyof Required<MemoryQueueOptions>]: unknown };

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
  const o = optionsObject('options', options, DEFAULTS, { required: true });
  const handler = functionOption<WebhookHandler>('handler', o.handler);
  const retry = resolveRetry(o);
  const whole = (option: 'concurrency' | 'maxBacklog' | 'maxDeadLetters', max: number): number =>
    integerOption(option, o[option] ?? DEFAULTS[option], { min: 1, max });
  const concurrency = whole('concurrency', 1000);
  const maxBacklog = whole('maxBacklog', 1e7);
  const maxDeadLetters = whole('maxDeadLetters', 1e7);
  const logger = (o.logger as WebhookLogger | undefined) ?? DEFAULTS.logger;
  const runner = createAttemptRunner({
    handler,
    maxAttempts: retry.attempts,
    metrics: (o.metrics as WebhookMetrics | undefined) ?? createWebhookMetrics(),
    logger,
  });
  const now = functionOption<() => number>('now', o.now ?? DEFAULTS.now);

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
    const failed = await runner.run(item.event, item.attempt);
    if (failed === undefined) {
      finish(item);
      return;
    }
    const { failure } = failed;
    if (item.attempt >= retry.attempts || closed) {
      finish(item);
      dead.push({
        event: item.event,
        attempts: item.attempt,
        error: failure.error_message,
        failedAt: now(),
      });
      if (dead.length > maxDeadLetters) {
        const dropped = dead.shift();
        logger.error(
          { event_id: dropped?.event.id },
          'webhook dead letter dropped: the list is full',
        );
      }
      runner.report(failure, true);
      return;
    }
    runner.report(failure, false);
    item.attempt += 1;
    item.timer = setTimeout(
      () => {
        item.timer = undefined;
        ready.push(item);
        pump();
      },
      retryDelay(retry, item.attempt - 1),
    );
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
      refuseWhenClosed(closed);
      if (items.has(event.id)) return;
      refuseWhenFull(items.size, maxBacklog);
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
