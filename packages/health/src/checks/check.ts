import type { ObservedValue } from './safe-value.js';

/** Tags the endpoints understand; any other string is allowed as a free label. */
export type CheckTag = 'ready' | 'startup' | (string & {});

/**
 * What a check may resolve with. Resolving with nothing means `pass`.
 * Throwing or rejecting means `fail`; the message is sanitized before anyone sees it.
 */
export interface CheckResult {
  /** `warn` reports a degraded dependency without failing readiness. @default 'pass' */
  readonly status?: 'pass' | 'warn';
  /**
   * A measured value to publish, e.g. a pool's free connections; any JSON value. Strings (keys
   * too) are sanitized and capped; objects are bounded (depth 4, 20 entries each, 100 values);
   * a BigInt shows as its digits, a cycle as `[Circular]`, a throwing getter as `[Unreadable]`.
   */
  readonly observedValue?: ObservedValue;
  /** Unit of `observedValue`, e.g. `'ms'`, `'percent'`; sanitized. */
  readonly observedUnit?: string;
  /** Measurement name used in the body key `"<check>:<measurementName>"`. @default 'value' */
  readonly measurementName?: string;
  /** Human-readable note shown (sanitized) with `warn`. */
  readonly output?: string;
}

/** A dependency check, run by the readiness and/or startup endpoint. */
export interface HealthCheck {
  /** Unique name; becomes the `check` metric attribute and the body key prefix. */
  readonly name: string;
  /**
   * Resolves to pass, rejects (or throws) to fail. `signal` aborts when `timeoutMs` elapses:
   * pass it to `fetch` or your client so the work really stops.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: `async () => {}` must type-check as a passing check.
  readonly check: (signal: AbortSignal) => Promise<CheckResult | undefined | void>;
  /** A failing critical check makes readiness 503; a non-critical one only `warn`s. @default true */
  readonly critical?: boolean;
  /** Abort and fail the check after this many milliseconds. @default 2000 */
  readonly timeoutMs?: number;
  /** Reuse a result (pass or fail) for this many milliseconds; 0 shares only in-flight runs. @default 1000 */
  readonly cacheMs?: number;
  /**
   * `'ready'`: run by `/ready`; `'startup'`: run by `/startup` until all pass once.
   * @default ['ready']
   */
  readonly tags?: readonly CheckTag[];
}

/** A check with every option filled in. */
export interface ResolvedCheck {
  readonly name: string;
  readonly check: HealthCheck['check'];
  readonly critical: boolean;
  readonly timeoutMs: number;
  readonly cacheMs: number;
  readonly tags: readonly string[];
}

/** The result of one run of one check, as the endpoints and metrics see it. */
export interface CheckOutcome {
  readonly name: string;
  readonly status: 'pass' | 'warn' | 'fail';
  readonly critical: boolean;
  /** Wall time of the run in milliseconds. */
  readonly durationMs: number;
  /** Epoch milliseconds when the run finished. */
  readonly finishedAt: number;
  /** Sanitized, length-capped message (fail and warn only). */
  readonly output?: string;
  readonly result?: CheckResult;
}
