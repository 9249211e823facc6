import { createHash } from 'node:crypto';
import { type Job, Queue, Worker } from 'bullmq';
import { type RetryOptions, resolveRetry } from './backoff.js';
import { WebhookQueueError } from './errors.js';
import { errorFields, SILENT_LOGGER, type WebhookLogger } from './logger.js';
import type {
  DeadLetter,
  QueueStats,
  WebhookEvent,
  WebhookHandler,
  WebhookQueue,
} from './queue.js';
import { connect, disconnect, type RedisConnectionOptions } from './redis-connection.js';
import {
  rejectUnknownKeys,
  requireFunction,
  requireInteger,
  requireObject,
  requireString,
} from './validate.js';
import { createWebhookMetrics, type WebhookMetrics } from './webhook-metrics.js';

/** Options of {@link createRedisQueue}. */
export interface RedisQueueOptions extends RetryOptions {
  /** Redis holding the queue. Persist it (AOF) if acknowledged events must survive a Redis restart. */
  readonly connection: RedisConnectionOptions;
  /**
   * Processes events in this process. Leave it out in replicas that only receive; any process
   * that passes one works the shared queue.
   */
  readonly handler?: WebhookHandler;
  /** BullMQ queue name. @default 'preflight-webhooks' */
  readonly name?: string;
  /** BullMQ key prefix. @default 'preflight' */
  readonly prefix?: string;
  /** Handlers running at once in this process. @default 1 */
  readonly concurrency?: number;
  /**
   * How long a running job's lock lives without renewal, ms. A worker that dies (SIGKILL, OOM)
   * holds its jobs this long before another worker (or its restart) takes them over.
   * @default 30000
   */
  readonly lockDurationMs?: number;
  /** How often workers look for jobs whose lock expired, ms. @default 30000 */
  readonly stalledIntervalMs?: number;
  /** Most events held (waiting, delayed, running); past it `enqueue` rejects (503). @default 1000000 */
  readonly maxBacklog?: number;
  /** Dead letters kept (BullMQ's failed set); the oldest beyond are dropped. @default 100000 */
  readonly maxDeadLetters?: number;
  /** Completed jobs kept for inspection. @default 1000 */
  readonly keepCompleted?: number;
  /**
   * Longest wait in `close()` for running handlers, ms; then the worker is closed by force (its
   * jobs' locks expire and they run again elsewhere: nothing acknowledged is lost).
   * @default 10000
   */
  readonly closeTimeoutMs?: number;
  /** Metrics recorders. @default createWebhookMetrics() on the global meter */
  readonly metrics?: WebhookMetrics;
  /** Logger for failures. @default silent */
  readonly logger?: WebhookLogger;
}

const KEYS = [
  'connection',
  'handler',
  'name',
  'prefix',
  'concurrency',
  'lockDurationMs',
  'stalledIntervalMs',
  'maxBacklog',
  'maxDeadLetters',
  'keepCompleted',
  'closeTimeoutMs',
  'metrics',
  'logger',
  'attempts',
  'backoffMs',
];
const PENDING_STATES = ['active', 'wait', 'delayed', 'prioritized', 'waiting-children'] as const;

// BullMQ job ids may not be integers or contain ':'; a hash of the event id is neither and is
// stable, so re-adding an event that is still queued is a no-op.
const jobIdOf = (id: string): string =>
  `wh-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;

/**
 * A durable queue on Redis, built on BullMQ: an event is acknowledged only after Redis stored it;
 * a worker that dies mid-job loses its lock and the job runs again (at least once); failures are
 * retried with exponential backoff and, after the last attempt, kept in the failed set — the
 * dead-letter queue — until `maxDeadLetters`.
 */
export function createRedisQueue(options: RedisQueueOptions): WebhookQueue {
  const o = requireObject('options', options);
  rejectUnknownKeys('', o, KEYS);
  const retry = resolveRetry(o);
  const handler =
    o.handler === undefined ? undefined : requireFunction<WebhookHandler>('handler', o.handler);
  const name = requireString('name', o.name ?? 'preflight-webhooks');
  const prefix = requireString('prefix', o.prefix ?? 'preflight');
  const concurrency = requireInteger('concurrency', o.concurrency ?? 1, 1, 1000);
  const lockDuration = requireInteger(
    'lockDurationMs',
    o.lockDurationMs ?? 30_000,
    100,
    86_400_000,
  );
  const stalledInterval = requireInteger(
    'stalledIntervalMs',
    o.stalledIntervalMs ?? 30_000,
    100,
    86_400_000,
  );
  const maxBacklog = requireInteger('maxBacklog', o.maxBacklog ?? 1_000_000, 1, 1e9);
  const maxDeadLetters = requireInteger('maxDeadLetters', o.maxDeadLetters ?? 100_000, 1, 1e9);
  const keepCompleted = requireInteger('keepCompleted', o.keepCompleted ?? 1000, 0, 1e9);
  const closeTimeoutMs = requireInteger('closeTimeoutMs', o.closeTimeoutMs ?? 10_000, 0, 600_000);
  const metrics = (o.metrics as WebhookMetrics | undefined) ?? createWebhookMetrics();
  const logger = (o.logger as WebhookLogger | undefined) ?? SILENT_LOGGER;

  // Producer side fails fast (503 rather than a hanging request); the worker side waits for
  // Redis to come back, as BullMQ requires for its blocking connection.
  const producer = connect('connection', o.connection, { failFast: true });
  producer.on('error', () => undefined);
  const queue = new Queue<WebhookEvent>(name, { connection: producer, prefix });
  queue.on('error', () => undefined);
  let worker: Worker<WebhookEvent> | undefined;
  if (handler !== undefined) {
    const workerConnection = connect('connection', o.connection, { maxRetriesPerRequest: null });
    workerConnection.on('error', () => undefined);
    worker = new Worker<WebhookEvent>(
      name,
      async (job: Job<WebhookEvent>) => {
        const attempt = job.attemptsMade + 1;
        const event = job.data;
        const started = performance.now();
        try {
          await handler(event, { attempt, maxAttempts: retry.attempts });
          metrics.attempt(event.source, (performance.now() - started) / 1000, true);
        } catch (error) {
          metrics.attempt(event.source, (performance.now() - started) / 1000, false);
          const fields = {
            event_id: event.id,
            source: event.source,
            attempt,
            ...errorFields(error),
          };
          if (attempt >= retry.attempts) {
            metrics.deadLettered(event.source);
            logger.error(fields, 'webhook moved to the dead-letter queue');
          } else logger.warn(fields, 'webhook processing failed; retrying');
          throw error;
        }
      },
      {
        connection: workerConnection,
        prefix,
        concurrency,
        lockDuration,
        stalledInterval,
        // A crash-looping handler still ends in the dead-letter queue, not in an endless loop.
        maxStalledCount: Math.max(1, retry.attempts),
      },
    );
    worker.on('error', (error) => logger.warn(errorFields(error), 'webhook worker error'));
    worker.on('closed', () => void disconnect(workerConnection));
  }

  let cachedBacklog = { value: 0, at: 0 };
  let closed = false;

  const backlogNow = async (): Promise<number> => {
    if (Date.now() - cachedBacklog.at > 1000) {
      const counts = await queue.getJobCounts(...PENDING_STATES);
      cachedBacklog = { value: Object.values(counts).reduce((a, b) => a + b, 0), at: Date.now() };
    }
    return cachedBacklog.value;
  };

  return {
    async enqueue(event) {
      if (closed) throw new WebhookQueueError('ERR_WEBHOOK_QUEUE_CLOSED', 'the queue is closed');
      if ((await backlogNow()) >= maxBacklog)
        throw new WebhookQueueError(
          'ERR_WEBHOOK_QUEUE_FULL',
          `the backlog holds ${maxBacklog} events`,
        );
      await queue.add('webhook', event, {
        jobId: jobIdOf(event.id),
        attempts: retry.attempts,
        backoff: { type: 'exponential', delay: retry.backoffMs },
        removeOnComplete: { count: keepCompleted },
        removeOnFail: { count: maxDeadLetters },
      });
    },
    async stats(): Promise<QueueStats> {
      const [counts, oldest] = await Promise.all([
        queue.getJobCounts(...PENDING_STATES, 'failed'),
        queue.getJobs([...PENDING_STATES], 0, 0, true),
      ]);
      const { failed = 0, ...pending } = counts;
      let oldestPendingAt: number | undefined;
      for (const job of oldest) {
        const at = (job.data as WebhookEvent | undefined)?.receivedAt;
        if (typeof at === 'number' && (oldestPendingAt === undefined || at < oldestPendingAt))
          oldestPendingAt = at;
      }
      const backlog = Object.values(pending).reduce((a, b) => a + b, 0);
      return { backlog, oldestPendingAt, deadLetter: failed };
    },
    async deadLetters(limit = 100) {
      const jobs = await queue.getFailed(0, Math.max(0, limit - 1));
      return jobs.map(
        (job): DeadLetter => ({
          event: job.data as WebhookEvent,
          attempts: job.attemptsMade,
          error: job.failedReason ?? '',
          failedAt: job.finishedOn ?? 0,
        }),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      if (worker !== undefined) {
        const w = worker;
        let timer: NodeJS.Timeout | undefined;
        const graceful = await Promise.race([
          w.close().then(
            () => true,
            () => true,
          ), // waits for running handlers
          new Promise<false>((r) => {
            timer = setTimeout(() => r(false), closeTimeoutMs);
          }),
        ]);
        clearTimeout(timer);
        if (!graceful) {
          logger.warn({ queue: name }, 'webhook worker did not stop in time; closing it by force');
          await Promise.race([
            w.close(true).catch(() => undefined),
            new Promise((r) => setTimeout(r, 1000).unref()),
          ]);
        }
      }
      await Promise.race([
        queue.close().catch(() => undefined),
        new Promise((r) => setTimeout(r, 1000).unref()),
      ]);
      await disconnect(producer);
    },
  };
}
