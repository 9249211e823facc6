import type { CheckOutcome } from '../checks/check.js';
import type { CheckRunner } from '../checks/check-runner.js';
import type { EventLoopMonitor } from './event-loop.js';
import {
  aggregateStatus,
  checkEntries,
  type HealthBody,
  type HealthStatus,
  isoTime,
} from './health-body.js';

/** What an endpoint answers: the HTTP status and the serialized body. */
export interface Reply {
  readonly statusCode: 200 | 503;
  readonly body: string;
}

/** The app-driven state the endpoints read. */
export interface HealthState {
  notReadyReason: string | undefined;
  brokenReason: string | undefined;
  shuttingDown: boolean;
  started: boolean;
}

/** Endpoint logic, independent of Express. A reply is synchronous when no check must run. */
export interface Endpoints {
  live(details: boolean): Reply;
  ready(details: boolean): Reply | Promise<Reply>;
  startup(details: boolean): Reply | Promise<Reply>;
}

interface EndpointDeps {
  readonly state: HealthState;
  readonly readyRunners: readonly CheckRunner[];
  readonly startupRunners: readonly CheckRunner[];
  readonly monitor: EventLoopMonitor;
  readonly maxEventLoopDelayMs: number;
  readonly maxBodyBytes: number;
  readonly now: () => number;
  readonly onReady: (ready: boolean) => void;
}

/** Creates the three endpoints over the shared state and check runners. */
export function createEndpoints(deps: EndpointDeps): Endpoints {
  const { state } = deps;
  const readyMemo = createMemo();
  const render = (
    status: HealthStatus,
    outcomes: readonly CheckOutcome[],
    details: boolean,
  ): Reply => renderChecks(status, outcomes, details, deps.maxBodyBytes);

  function ready(details: boolean): Reply | Promise<Reply> {
    const reason = state.shuttingDown ? 'shutting down' : state.notReadyReason;
    if (reason !== undefined) {
      deps.onReady(false);
      return reply('fail', details ? { status: 'fail', output: reason } : { status: 'fail' });
    }
    return withOutcomes(deps.readyRunners, (outcomes) => {
      const status = aggregateStatus(outcomes);
      deps.onReady(status !== 'fail');
      return readyMemo(outcomes, details, () => render(status, outcomes, details));
    });
  }

  function startup(details: boolean): Reply | Promise<Reply> {
    if (state.started) return reply('pass', { status: 'pass' });
    return withOutcomes(deps.startupRunners, (outcomes) => {
      const status = aggregateStatus(outcomes);
      // Latched: once started, startup never runs the checks again.
      if (status !== 'fail') state.started = true;
      return render(status, outcomes, details);
    });
  }

  function live(details: boolean): Reply {
    const delayMs = deps.monitor.delayMs();
    const wedged = delayMs > deps.maxEventLoopDelayMs;
    const status: HealthStatus = state.brokenReason !== undefined || wedged ? 'fail' : 'pass';
    if (!details)
      return reply(status, {
        status,
        checks: { 'eventLoop:delay': [{ status: wedged ? 'fail' : 'pass' }] },
      });
    const output =
      state.brokenReason ??
      (wedged ? `event loop p99 delay above ${deps.maxEventLoopDelayMs} ms` : undefined);
    return reply(status, {
      status,
      ...(output === undefined ? {} : { output }),
      checks: {
        'eventLoop:delay': [
          {
            status: wedged ? 'fail' : 'pass',
            observedValue: Math.round(delayMs * 100) / 100,
            observedUnit: 'ms',
            time: isoTime(deps.now()),
          },
        ],
      },
    });
  }

  return { live, ready, startup };
}

function renderChecks(
  status: HealthStatus,
  outcomes: readonly CheckOutcome[],
  details: boolean,
  maxBodyBytes: number,
): Reply {
  const summary = (): Reply => reply(status, { status, checks: checkEntries(outcomes, false) });
  if (!details) return summary();
  let body: string;
  try {
    body = JSON.stringify({ status, checks: checkEntries(outcomes, true) });
  } catch {
    // Unreachable with values from readCheckResult; a probe must still answer 200 or 503.
    return summary();
  }
  if (Buffer.byteLength(body) <= maxBodyBytes) return { statusCode: statusCode(status), body };
  return reply(status, {
    status,
    output: `details withheld: body above maxBodyBytes (${maxBodyBytes})`,
    checks: checkEntries(outcomes, false),
  });
}

const statusCode = (status: HealthStatus): Reply['statusCode'] => (status === 'fail' ? 503 : 200);

function reply(status: HealthStatus, body: HealthBody): Reply {
  return { statusCode: statusCode(status), body: JSON.stringify(body) };
}

/** Uses fresh cached outcomes synchronously; otherwise waits for the (shared) runs. */
function withOutcomes(
  runners: readonly CheckRunner[],
  build: (outcomes: readonly CheckOutcome[]) => Reply,
): Reply | Promise<Reply> {
  const fresh: CheckOutcome[] = [];
  for (const runner of runners) {
    const outcome = runner.fresh();
    if (outcome === undefined) return Promise.all(runners.map((r) => r.run())).then(build);
    fresh.push(outcome);
  }
  return build(fresh);
}

/** Frequent probes over unchanged cached outcomes reuse the serialized body. */
function createMemo(): (
  outcomes: readonly CheckOutcome[],
  details: boolean,
  make: () => Reply,
) => Reply {
  const last: [Reply | undefined, Reply | undefined] = [undefined, undefined];
  const lastOutcomes: [readonly CheckOutcome[], readonly CheckOutcome[]] = [[], []];
  return (outcomes, details, make) => {
    const slot = details ? 1 : 0;
    const previous = last[slot];
    const same =
      previous !== undefined &&
      lastOutcomes[slot].length === outcomes.length &&
      outcomes.every((o, i) => o === lastOutcomes[slot][i]);
    if (same) return previous;
    const made = make();
    last[slot] = made;
    lastOutcomes[slot] = outcomes;
    return made;
  };
}
