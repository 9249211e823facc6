import { createHash } from 'node:crypto';
import { type Job, Queue, Worker } from 'bullmq';
import { settlesWithin } from '../deadline.js';
import { errorFields } from '../logger.js';
import type { DeadLetter, QueueStats, WebhookEvent, WebhookQueue } from './queue.js';
import { type RedisQueueOptions, resolveRedisQueueConfig } from './queue-redis-config.js';
import { createAttemptRunner, refuseWhenClosed, refuseWhenFull } from './queue-work.js';
import { connect, disconnect } from './redis-connection.js';

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
  const config = resolveRedisQueueConfig(options);
  const { retry, handler, name, prefix, maxBacklog, closeTimeoutMs, logger } = config;
  // Producer side fails fast (503 rather than a hanging request); the worker side waits for
  // Redis to come back, as BullMQ requires for its blocking connection.
  const producer = connect('connection', config.connection, { failFast: true });
  const queue = new Queue<WebhookEvent>(name, { connection: producer, prefix });
  queue.on('error', () => undefined);
  let worker: Worker<WebhookEvent> | undefined;
  if (handler !== undefined) {
    const runner = createAttemptRunner({
      handler,
      maxAttempts: retry.attempts,
      metrics: config.metrics,
      logger,
    });
    const workerConnection = connect('connection', config.connection, {
      maxRetriesPerRequest: null,
    });
    worker = new Worker<WebhookEvent>(
      name,
      async (job: Job<WebhookEvent>) => {
        const attempt = job.attemptsMade + 1;
        const failed = await runner.run(job.data, attempt);
        if (failed === undefined) return;
        runner.report(failed.failure, attempt >= retry.attempts);
        throw failed.error;
      },
      {
        connection: workerConnection,
        prefix,
        concurrency: config.concurrency,
        lockDuration: config.lockDurationMs,
        stalledInterval: config.stalledIntervalMs,
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
      refuseWhenClosed(closed);
      refuseWhenFull(await backlogNow(), maxBacklog);
      await queue.add('webhook', event, {
        jobId: jobIdOf(event.id),
        attempts: retry.attempts,
        backoff: { type: 'exponential', delay: retry.backoffMs },
        removeOnComplete: { count: config.keepCompleted },
        removeOnFail: { count: config.maxDeadLetters },
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
        // close() waits for running handlers.
        if (!(await settlesWithin(w.close(), closeTimeoutMs, true))) {
          logger.warn({ queue: name }, 'webhook worker did not stop in time; closing it by force');
          await settlesWithin(w.close(true), 1000);
        }
      }
      await settlesWithin(queue.close(), 1000);
      await disconnect(producer);
    },
  };
}
