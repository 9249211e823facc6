import { SILENT_LOGGER, type WebhookLogger } from '../logger.js';
import { functionOption, integerOption, optionsObject, stringOption } from '../validate.js';
import { createWebhookMetrics, type WebhookMetrics } from '../webhook-metrics.js';
import { RETRY_DEFAULTS, type RetryConfig, type RetryOptions, resolveRetry } from './backoff.js';
import type { WebhookHandler } from './queue.js';
import type { RedisConnectionOptions } from './redis-connection.js';

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

/** Every option with its default (`undefined`: required or none); the known keys. */
const DEFAULTS = {
  connection: undefined,
  handler: undefined,
  name: 'preflight-webhooks',
  prefix: 'preflight',
  concurrency: 1,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxBacklog: 1_000_000,
  maxDeadLetters: 100_000,
  keepCompleted: 1000,
  closeTimeoutMs: 10_000,
  metrics: undefined,
  logger: SILENT_LOGGER,
  ...RETRY_DEFAULTS,
} as const satisfies { readonly [K in keyof Required<RedisQueueOptions>]: unknown };

/** {@link RedisQueueOptions} validated, with every default applied. */
export interface RedisQueueConfig {
  readonly connection: unknown;
  readonly handler: WebhookHandler | undefined;
  readonly retry: RetryConfig;
  readonly name: string;
  readonly prefix: string;
  readonly concurrency: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly maxBacklog: number;
  readonly maxDeadLetters: number;
  readonly keepCompleted: number;
  readonly closeTimeoutMs: number;
  readonly metrics: WebhookMetrics;
  readonly logger: WebhookLogger;
}

type IntegerKey =
  | 'concurrency'
  | 'lockDurationMs'
  | 'stalledIntervalMs'
  | 'maxBacklog'
  | 'maxDeadLetters'
  | 'keepCompleted'
  | 'closeTimeoutMs';

/** Validates the options once, at creation; throws `WebhookConfigError` naming the option. */
export function resolveRedisQueueConfig(options: RedisQueueOptions): RedisQueueConfig {
  const o = optionsObject('options', options, DEFAULTS, { required: true });
  const whole = (option: IntegerKey, min: number, max: number): number =>
    integerOption(option, o[option] ?? DEFAULTS[option], { min, max });
  const retry = resolveRetry(o);
  return {
    connection: o.connection,
    retry,
    handler:
      o.handler === undefined ? undefined : functionOption<WebhookHandler>('handler', o.handler),
    name: stringOption('name', o.name ?? DEFAULTS.name),
    prefix: stringOption('prefix', o.prefix ?? DEFAULTS.prefix),
    concurrency: whole('concurrency', 1, 1000),
    lockDurationMs: whole('lockDurationMs', 100, 86_400_000),
    stalledIntervalMs: whole('stalledIntervalMs', 100, 86_400_000),
    maxBacklog: whole('maxBacklog', 1, 1e9),
    maxDeadLetters: whole('maxDeadLetters', 1, 1e9),
    keepCompleted: whole('keepCompleted', 0, 1e9),
    closeTimeoutMs: whole('closeTimeoutMs', 0, 600_000),
    metrics: (o.metrics as WebhookMetrics | undefined) ?? createWebhookMetrics(),
    logger: (o.logger as WebhookLogger | undefined) ?? DEFAULTS.logger,
  };
}
