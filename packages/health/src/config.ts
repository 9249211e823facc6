import type { Meter } from '@opentelemetry/api';
import type { ResolvedCheck } from './checks/check.js';
import { resolveChecks } from './checks/check-config.js';
import { defaultSanitize, type Sanitizer } from './checks/sanitize.js';
import type { HealthLogger, HealthOptions, ShowDetails, ShutdownHook } from './options.js';
import {
  arrayOption,
  booleanOption,
  functionOption,
  integerOption,
  MAX_TIMER_MS,
  objectOption,
  oneOfOption,
  optionsObject,
  stringOption,
} from './validate.js';

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

const ignore = (): void => {};

/** Used when no logger is given: the package stays silent rather than writing to stdout. */
const silentLogger: HealthLogger = Object.freeze({ info: ignore, warn: ignore, error: ignore });

/** Every option of `createHealth` with its default (`undefined`: none); the known keys. */
const DEFAULTS = {
  checks: [],
  basePath: '/health',
  showDetails: 'never',
  sanitize: defaultSanitize,
  maxOutputLength: 200,
  maxBodyBytes: 32_768,
  maxEventLoopDelayMs: 1000,
  drainDelayMs: 5000,
  shutdownTimeoutMs: 10_000,
  onShutdown: [],
  signals: ['SIGTERM', 'SIGINT'],
  exit: (code: number): void => process.exit(code),
  logger: silentLogger,
  interceptProbes: false,
  meter: undefined,
  now: Date.now,
} as const satisfies { readonly [K in keyof Required<HealthOptions>]: unknown };

type IntegerKey =
  | 'maxOutputLength'
  | 'maxBodyBytes'
  | 'maxEventLoopDelayMs'
  | 'drainDelayMs'
  | 'shutdownTimeoutMs';

const BASE_PATH = /^(?:\/[A-Za-z0-9._~-]+)*$/;
const SIGNAL = /^SIG[A-Z0-9]+$/;

/** Validates `options` and fills in defaults; throws `HealthConfigError` naming the option. */
export function resolveConfig(options: HealthOptions = {}): HealthConfig {
  const o = optionsObject<HealthOptions>('options', options, DEFAULTS);
  const whole = (option: IntegerKey, min: number): number =>
    integerOption(option, o[option] ?? DEFAULTS[option], { min, max: MAX_TIMER_MS });
  const showDetails = o.showDetails ?? DEFAULTS.showDetails;
  const onShutdown = [o.onShutdown ?? DEFAULTS.onShutdown]
    .flat()
    .map((hook: ShutdownHook, i) => functionOption<ShutdownHook>(`onShutdown[${i}]`, hook));
  return {
    checks: resolveChecks(o.checks ?? DEFAULTS.checks),
    basePath: stringOption('basePath', o.basePath ?? DEFAULTS.basePath, {
      empty: true,
      pattern: BASE_PATH,
      what: `'' or a path like '/health' (segments of letters, digits, . _ ~ -, no trailing slash)`,
    }),
    showDetails:
      typeof showDetails === 'function'
        ? showDetails
        : oneOfOption<'never' | 'always'>(
            'showDetails',
            showDetails,
            ['never', 'always'],
            `'never', 'always' or (req) => boolean`,
          ),
    sanitize: functionOption('sanitize', o.sanitize ?? DEFAULTS.sanitize),
    maxOutputLength: whole('maxOutputLength', 1),
    maxBodyBytes: whole('maxBodyBytes', 1024),
    maxEventLoopDelayMs: whole('maxEventLoopDelayMs', 1),
    drainDelayMs: whole('drainDelayMs', 0),
    shutdownTimeoutMs: whole('shutdownTimeoutMs', 1),
    onShutdown,
    signals: arrayOption<NodeJS.Signals>(
      'signals',
      o.signals ?? DEFAULTS.signals,
      (s) => typeof s === 'string' && SIGNAL.test(s),
      `an array of signal names like ['SIGTERM', 'SIGINT']`,
    ),
    exit: functionOption('exit', o.exit ?? DEFAULTS.exit),
    logger: objectOption('logger', o.logger ?? DEFAULTS.logger, {
      methods: ['info', 'warn', 'error'],
      what: 'an object with info, warn and error methods (pino call shape)',
    }),
    interceptProbes: booleanOption(
      'interceptProbes',
      o.interceptProbes ?? DEFAULTS.interceptProbes,
    ),
    meter: o.meter ?? DEFAULTS.meter,
    now: functionOption('now', o.now ?? DEFAULTS.now),
  };
}
