import type { Meter } from '@opentelemetry/api';
import type { ResolvedCheck } from './check.js';
import { resolveChecks } from './check-config.js';
import { HealthConfigError } from './errors.js';
import { integerOption as count } from './integer-option.js';
import { type HealthLogger, silentLogger } from './logger.js';
import type { HealthOptions, ShowDetails, ShutdownHook } from './options.js';
import { defaultSanitize, type Sanitizer } from './sanitize.js';

/** `HealthOptions` with every default applied and validated. */
export interface HealthConfig {
  readonly checks: readonly ResolvedCheck[];
  readonly basePath: string;
  readonly showDetails: ShowDetails;
  readonly sanitize: Sanitizer;
  readonly maxOutputLength: number;
  readonly maxBodyBytes: number;
  readonly maxEventLoopDelayMs: number;
  readonly drainDelayMs: number;
  readonly shutdownTimeoutMs: number;
  readonly onShutdown: readonly ShutdownHook[];
  readonly signals: readonly NodeJS.Signals[];
  readonly exit: (code: number) => void;
  readonly logger: HealthLogger;
  readonly interceptProbes: boolean;
  readonly meter: Meter | undefined;
  readonly now: () => number;
}

const defaults = {
  basePath: '/health',
  showDetails: 'never',
  sanitize: defaultSanitize,
  maxOutputLength: 200,
  maxBodyBytes: 32_768,
  maxEventLoopDelayMs: 1000,
  drainDelayMs: 5000,
  shutdownTimeoutMs: 10_000,
  signals: ['SIGTERM', 'SIGINT'],
  logger: silentLogger,
  interceptProbes: false,
  now: Date.now,
} as const satisfies Partial<HealthConfig>;

const KNOWN_OPTIONS = new Set(['checks', ...Object.keys(defaults), 'onShutdown', 'exit', 'meter']);
const BASE_PATH = /^(?:\/[A-Za-z0-9._~-]+)*$/;

/** Validates `options` and fills in defaults; throws `HealthConfigError` naming the option. */
export function resolveConfig(options: HealthOptions = {}): HealthConfig {
  if (typeof options !== 'object' || options === null) {
    throw new HealthConfigError('options', 'must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new HealthConfigError(
        key,
        `is not an option; accepted: ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  const o = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as HealthOptions;

  const basePath = o.basePath ?? defaults.basePath;
  if (typeof basePath !== 'string' || !BASE_PATH.test(basePath)) {
    throw new HealthConfigError(
      'basePath',
      `must be '' or a path like '/health' (segments of letters, digits, . _ ~ -, no trailing slash); got ${JSON.stringify(basePath)}`,
    );
  }
  const showDetails = o.showDetails ?? defaults.showDetails;
  if (showDetails !== 'never' && showDetails !== 'always' && typeof showDetails !== 'function') {
    throw new HealthConfigError('showDetails', `must be 'never', 'always' or (req) => boolean`);
  }
  const onShutdown = o.onShutdown === undefined ? [] : [o.onShutdown].flat();
  onShutdown.forEach((hook, i) => {
    if (typeof hook !== 'function')
      throw new HealthConfigError(`onShutdown[${i}]`, 'must be a function');
  });
  const signals = o.signals ?? defaults.signals;
  if (
    !Array.isArray(signals) ||
    signals.some((s) => typeof s !== 'string' || !/^SIG[A-Z0-9]+$/.test(s))
  ) {
    throw new HealthConfigError(
      'signals',
      `must be an array of signal names like ['SIGTERM', 'SIGINT']`,
    );
  }
  const logger = o.logger ?? defaults.logger;
  if (
    ['info', 'warn', 'error'].some(
      (m) => typeof (logger as unknown as Record<string, unknown>)[m] !== 'function',
    )
  ) {
    throw new HealthConfigError(
      'logger',
      'must have info, warn and error methods (pino call shape)',
    );
  }
  const interceptProbes = o.interceptProbes ?? defaults.interceptProbes;
  if (typeof interceptProbes !== 'boolean')
    throw new HealthConfigError('interceptProbes', 'must be true or false');
  return {
    interceptProbes,
    checks: resolveChecks(o.checks ?? []),
    basePath,
    showDetails,
    sanitize: fn(o.sanitize, 'sanitize', defaults.sanitize),
    maxOutputLength: count(o.maxOutputLength, 'maxOutputLength', defaults.maxOutputLength, 1),
    maxBodyBytes: count(o.maxBodyBytes, 'maxBodyBytes', defaults.maxBodyBytes, 1024),
    maxEventLoopDelayMs: count(
      o.maxEventLoopDelayMs,
      'maxEventLoopDelayMs',
      defaults.maxEventLoopDelayMs,
      1,
    ),
    drainDelayMs: count(o.drainDelayMs, 'drainDelayMs', defaults.drainDelayMs, 0),
    shutdownTimeoutMs: count(
      o.shutdownTimeoutMs,
      'shutdownTimeoutMs',
      defaults.shutdownTimeoutMs,
      1,
    ),
    onShutdown,
    signals,
    exit: fn(o.exit, 'exit', (code: number) => process.exit(code)),
    logger,
    meter: o.meter,
    now: fn(o.now, 'now', defaults.now),
  };
}

function fn<T>(value: T | undefined, option: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw new HealthConfigError(option, 'must be a function');
  return value;
}
