import { CheckTimeoutError } from '../errors.js';
import type { CheckOutcome, ResolvedCheck } from './check.js';
import { readCheckResult } from './check-result.js';
import { describeThrown, type Sanitizer, safeOutput } from './sanitize.js';

/** What a runner needs from the rest of the package. */
export interface CheckRunnerDeps {
  readonly now: () => number;
  readonly sanitize: Sanitizer;
  readonly maxOutputLength: number;
  /** Called once per real run (not for cached or shared results), e.g. to record metrics. */
  readonly onOutcome: (outcome: CheckOutcome) => void;
}

/** Runs one check at most once at a time and reuses its outcome for `cacheMs`. */
export interface CheckRunner {
  readonly check: ResolvedCheck;
  /** The cached outcome if still fresh, without starting a run. */
  fresh(): CheckOutcome | undefined;
  /** The fresh cached outcome, the in-flight run, or a new run. Never rejects. */
  run(): Promise<CheckOutcome>;
  /** The last finished outcome, however old. */
  last(): CheckOutcome | undefined;
}

const TIMED_OUT = Symbol('timed out');
type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Creates the runner of one check: timeout + abort, single flight, cache. */
export function createCheckRunner(check: ResolvedCheck, deps: CheckRunnerDeps): CheckRunner {
  let cached: CheckOutcome | undefined;
  let inFlight: Promise<CheckOutcome> | undefined;

  const fresh = (): CheckOutcome | undefined =>
    cached !== undefined && deps.now() - cached.finishedAt < check.cacheMs ? cached : undefined;

  async function execute(): Promise<CheckOutcome> {
    const controller = new AbortController();
    const startedAt = deps.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(resolve, check.timeoutMs, TIMED_OUT);
      timer.unref();
    });
    // `new Promise` turns a synchronous throw into a rejection, so a sloppy check cannot escape.
    const work = new Promise<unknown>((resolve) => resolve(check.check(controller.signal))).then(
      (value): Settled => ({ ok: true, value }),
      (error: unknown): Settled => ({ ok: false, error }),
    );
    const settled = await Promise.race([work, timeout]);
    clearTimeout(timer);
    if (settled === TIMED_OUT) controller.abort(new CheckTimeoutError(check.name, check.timeoutMs));
    const finishedAt = deps.now();
    const base = {
      name: check.name,
      critical: check.critical,
      durationMs: Math.max(0, finishedAt - startedAt),
      finishedAt,
    };
    if (settled === TIMED_OUT) {
      return { ...base, status: 'fail', output: `timed out after ${check.timeoutMs} ms` };
    }
    if (!settled.ok) {
      return { ...base, status: 'fail', output: outputOf(describeThrown(settled.error)) };
    }
    return fromResult(base, settled.value);
  }

  function fromResult(base: Omit<CheckOutcome, 'status'>, value: unknown): CheckOutcome {
    if (typeof value !== 'object' || value === null) return { ...base, status: 'pass' };
    return { ...base, ...readCheckResult(value, outputOf) };
  }

  function outputOf(text: string, maxLength = deps.maxOutputLength): string {
    return safeOutput(text, deps.sanitize, Math.min(maxLength, deps.maxOutputLength));
  }

  function run(): Promise<CheckOutcome> {
    const hit = fresh();
    if (hit) return Promise.resolve(hit);
    if (inFlight) return inFlight;
    const started = execute()
      .catch((): CheckOutcome => {
        // Only reachable if the injected clock throws; still answer rather than hang.
        const at = Date.now();
        return {
          name: check.name,
          critical: check.critical,
          status: 'fail',
          durationMs: 0,
          finishedAt: at,
          output: 'check could not run',
        };
      })
      .then((outcome) => {
        cached = outcome;
        inFlight = undefined;
        try {
          deps.onOutcome(outcome);
        } catch {
          // Metrics must never fail a probe.
        }
        return outcome;
      });
    inFlight = started;
    return started;
  }

  return { check, fresh, run, last: () => cached };
}
