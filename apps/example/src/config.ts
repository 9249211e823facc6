import { createWebhookVerifier } from '@preflight/webhooks';
import { ExampleConfigError } from './errors.js';

/** Signature schemes the partner can use towards us (`WEBHOOK_SCHEME`). */
export type WebhookScheme = 'standard' | 'timestamp-hmac';

/** The service's configuration, read once from the environment at start. */
export interface ServiceConfig {
  /** Interface to listen on (`HOST`). @default '127.0.0.1' */
  readonly host: string;
  /** Port to listen on (`PORT`, 0 = any free port). @default 3000 */
  readonly port: number;
  /** Partner API base URL (`PARTNER_URL`). @default 'http://127.0.0.1:4010' */
  readonly partnerUrl: string;
  /** Partner API key (`PARTNER_API_KEY`), required: the service refuses to start without it. */
  readonly partnerApiKey: string;
  /** Webhook signing secrets (`WEBHOOK_SECRET`, then `WEBHOOK_SECRET_PREVIOUS` during rotation). */
  readonly webhookSecrets: readonly string[];
  /**
   * How the partner signs webhooks (`WEBHOOK_SCHEME`): Standard Webhooks, or the commerce
   * checklist's `X-Webhook-Signature` (body only, timestamp unsigned).
   * @default 'standard'
   */
  readonly webhookScheme: WebhookScheme;
  /** Redis for the webhook dedupe store, durable queue and partner budget (`REDIS_URL`). @default in-process */
  readonly redisUrl: string | undefined;
  /**
   * Whether this process works the webhook queue (`WEBHOOK_WORKER=on|off`); `off` only receives
   * and enqueues (a receiver replica), which needs `REDIS_URL`.
   * @default true
   */
  readonly webhookWorker: boolean;
  /** Delay between readiness turning 503 and the listener closing (`SHUTDOWN_DRAIN_MS`). @default 5000 */
  readonly drainDelayMs: number;
  /** Client-side throttle towards the partner, requests per minute (`PARTNER_RPM`). @default 600 */
  readonly partnerRequestsPerMinute: number;
  /** First retry backoff ceiling towards the partner (`PARTNER_BACKOFF_BASE_MS`), doubling per retry. @default 2000 */
  readonly backoffBaseMs: number;
  /** `service.name` resource attribute (`OTEL_SERVICE_NAME`). @default 'partner-integration' */
  readonly serviceName: string;
  /** Replicas you run (`REPLICAS`): while Redis is away each takes 1/REPLICAS of the rate. @default 1 */
  readonly replicas: number;
  /** Longest wait for Redis before the local fallback (`REDIS_TIMEOUT_MS`). @default 50 */
  readonly redisTimeoutMs: number;
}

const DEFAULTS = {
  host: '127.0.0.1',
  port: 3000,
  partnerUrl: 'http://127.0.0.1:4010',
  drainDelayMs: 5000,
  partnerRequestsPerMinute: 600,
  backoffBaseMs: 2000,
  serviceName: 'partner-integration',
} as const;

/**
 * Reads the configuration from `env`. Throws `ExampleConfigError` naming the variable when one
 * is missing or malformed — at start, never on the first request.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ServiceConfig {
  const apiKey = env.PARTNER_API_KEY?.trim();
  if (apiKey === undefined || apiKey === '') {
    throw new ExampleConfigError(
      'PARTNER_API_KEY',
      'set to the partner API key (the service refuses to start without one)',
    );
  }
  const secret = env.WEBHOOK_SECRET?.trim();
  if (secret === undefined || secret === '') {
    throw new ExampleConfigError('WEBHOOK_SECRET', 'set to the partner webhook signing secret');
  }
  const previous = env.WEBHOOK_SECRET_PREVIOUS?.trim();
  const webhookSecrets = previous ? [secret, previous] : [secret];
  const webhookScheme = (env.WEBHOOK_SCHEME?.trim() || 'standard') as WebhookScheme;
  if (webhookScheme !== 'standard' && webhookScheme !== 'timestamp-hmac')
    throw new ExampleConfigError('WEBHOOK_SCHEME', "'standard' or 'timestamp-hmac'");
  try {
    createWebhookVerifier({ scheme: webhookScheme, secrets: webhookSecrets });
  } catch {
    // The message names the variable, never the value.
    throw new ExampleConfigError(
      'WEBHOOK_SECRET',
      webhookScheme === 'standard'
        ? 'whsec_ followed by base64 for Standard Webhooks'
        : 'non-empty',
    );
  }
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl !== undefined && !/^rediss?:\/\/./.test(redisUrl))
    throw new ExampleConfigError('REDIS_URL', 'a redis:// URL');
  const worker = env.WEBHOOK_WORKER?.trim() || 'on';
  if (worker !== 'on' && worker !== 'off')
    throw new ExampleConfigError('WEBHOOK_WORKER', "'on' or 'off'");
  if (worker === 'off' && redisUrl === undefined)
    throw new ExampleConfigError(
      'WEBHOOK_WORKER',
      "'on' without REDIS_URL (nothing else would process)",
    );
  return {
    host: env.HOST?.trim() || DEFAULTS.host,
    port: intVar(env, 'PORT', DEFAULTS.port, 0, 65_535),
    partnerUrl: urlVar(env, 'PARTNER_URL', DEFAULTS.partnerUrl),
    partnerApiKey: apiKey,
    webhookSecrets,
    webhookScheme,
    redisUrl,
    webhookWorker: worker === 'on',
    drainDelayMs: intVar(env, 'SHUTDOWN_DRAIN_MS', DEFAULTS.drainDelayMs, 0, 120_000),
    partnerRequestsPerMinute: intVar(env, 'PARTNER_RPM', DEFAULTS.partnerRequestsPerMinute, 1, 1e6),
    backoffBaseMs: intVar(env, 'PARTNER_BACKOFF_BASE_MS', DEFAULTS.backoffBaseMs, 1, 60_000),
    serviceName: env.OTEL_SERVICE_NAME?.trim() || DEFAULTS.serviceName,
    replicas: intVar(env, 'REPLICAS', 1, 1, 10_000),
    redisTimeoutMs: intVar(env, 'REDIS_TIMEOUT_MS', 50, 1, 60_000),
  };
}

function intVar(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= min && n <= max))
    throw new ExampleConfigError(name, `an integer from ${min} to ${max}`);
  return n;
}

function urlVar(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: string,
): string {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ExampleConfigError(name, 'an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ExampleConfigError(name, 'an http(s) URL');
  }
  return url.origin + url.pathname.replace(/\/$/, '');
}
