import type { IncomingMessage } from 'node:http';
import type { Meter } from '@opentelemetry/api';
import type { HealthCheck } from './checks/check.js';
import type { Sanitizer } from './checks/sanitize.js';

/** Who may see check details (observed values, times, sanitized error output). */
export type ShowDetails = 'never' | 'always' | ((req: IncomingMessage) => boolean);

/** A hook run during graceful shutdown, after the server stopped accepting and drained. */
export type ShutdownHook = () => Promise<unknown> | unknown;

/** The subset of pino's call shape this package logs through (`logger.warn(obj, msg)`). */
export interface HealthLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Options of `createHealth`. Every field is optional. */
export interface HealthOptions {
  /** Dependency checks run by `/ready` (and `/startup` when tagged `'startup'`). @default [] */
  readonly checks?: readonly HealthCheck[];
  /** Mount point of the three endpoints; `''` serves `/live`, `/ready`, `/startup`. @default '/health' */
  readonly basePath?: string;
  /**
   * `'never'`: bodies list check names and statuses only; `'always'`: add observed values,
   * times and sanitized output; a function decides per request (e.g. an internal token; it
   * receives the raw `IncomingMessage`, so read `req.headers`).
   * @default 'never'
   */
  readonly showDetails?: ShowDetails;
  /** Applied to every check error message before it can appear in a body. Plug in the logger's redaction. @default defaultSanitize */
  readonly sanitize?: Sanitizer;
  /** Cap on a check's `output` after sanitizing, in characters. @default 200 */
  readonly maxOutputLength?: number;
  /**
   * Cap on a body with details, in bytes (at least 1024). A larger one is sent without details
   * (check names and statuses, and an `output` saying why), so a check returning a huge value
   * cannot make probes slow or memory-hungry.
   * @default 32768
   */
  readonly maxBodyBytes?: number;
  /** Liveness fails when the event loop's p99 delay over the last 10 s exceeds this. @default 1000 */
  readonly maxEventLoopDelayMs?: number;
  /**
   * After a shutdown signal, keep serving and accepting (readiness 503) this long so load balancers
   * stop routing; meanwhile each connection's next response carries `Connection: close`.
   * @default 5000
   */
  readonly drainDelayMs?: number;
  /** Budget for in-flight requests and `onShutdown` hooks; past it connections are force-closed and the exit code is 1. @default 10000 */
  readonly shutdownTimeoutMs?: number;
  /** Run in order once the server has drained (close pools, flush telemetry). @default [] */
  readonly onShutdown?: ShutdownHook | readonly ShutdownHook[];
  /** Signals `attach(server)` handles; a second signal forces exit 1. @default ['SIGTERM', 'SIGINT'] */
  readonly signals?: readonly NodeJS.Signals[];
  /** Called with 0 or 1 at the end of the shutdown sequence. @default process.exit */
  readonly exit?: (code: number) => void;
  /** Receives shutdown progress and hook failures (pino call shape). @default silent */
  readonly logger?: HealthLogger;
  /**
   * When true, `attach(server)` also answers the probe paths (`basePath` from the server root)
   * before the app: probes skip app middleware (auth, access logs, rate limits) and Express's
   * per-request cost. `router()` is then optional.
   * @default false
   */
  readonly interceptProbes?: boolean;
  /**
   * Meter for the check metrics.
   * @default the global meter `@preflight/health` of the provider registered at recording time
   */
  readonly meter?: Meter;
  /** Clock in epoch milliseconds; inject a fake one in tests. @default Date.now */
  readonly now?: () => number;
}
