import type { CheckOutcome } from '../checks/check.js';
import type { ObservedValue } from '../checks/safe-value.js';

/** `status` values of `application/health+json` (draft-inadarei-api-health-check). */
export type HealthStatus = 'pass' | 'warn' | 'fail';

/** One entry of the `checks` map. Only `status` is present when details are hidden. */
export interface HealthCheckEntry {
  readonly status: HealthStatus;
  readonly componentId?: string;
  readonly observedValue?: ObservedValue;
  readonly observedUnit?: string;
  readonly time?: string;
  readonly output?: string;
}

/** A response body of `/live`, `/ready` and `/startup`. */
export interface HealthBody {
  readonly status: HealthStatus;
  /** Why the service is not ready (shutting down, `markNotReady` reason); details only. */
  readonly output?: string;
  /** Keyed `"<check>:<measurement>"`, e.g. `"partner:responseTime"`. */
  readonly checks?: Record<string, HealthCheckEntry[]>;
}

/** The media type of every body this package writes. */
export const HEALTH_CONTENT_TYPE = 'application/health+json; charset=utf-8';

/** Worst status first: fail beats warn beats pass; only critical failures fail the whole. */
export function aggregateStatus(outcomes: readonly CheckOutcome[]): HealthStatus {
  let status: HealthStatus = 'pass';
  for (const outcome of outcomes) {
    if (outcome.status === 'fail' && outcome.critical) return 'fail';
    if (outcome.status !== 'pass') status = 'warn';
  }
  return status;
}

/** Builds the `checks` map of a body from check outcomes. */
export function checkEntries(
  outcomes: readonly CheckOutcome[],
  details: boolean,
): Record<string, HealthCheckEntry[]> {
  const checks: Record<string, HealthCheckEntry[]> = {};
  for (const outcome of outcomes) {
    if (!details) {
      checks[`${outcome.name}:responseTime`] = [{ status: outcome.status }];
      continue;
    }
    const time = isoTime(outcome.finishedAt);
    const timing: HealthCheckEntry = {
      componentId: outcome.name,
      status: outcome.status,
      observedValue: outcome.durationMs,
      observedUnit: 'ms',
      time,
      ...(outcome.output === undefined ? {} : { output: outcome.output }),
    };
    checks[`${outcome.name}:responseTime`] = [timing];
    const result = outcome.result;
    if (result?.observedValue !== undefined) {
      checks[`${outcome.name}:${measurementName(result.measurementName)}`] = [
        {
          componentId: outcome.name,
          status: outcome.status,
          observedValue: result.observedValue,
          ...(typeof result.observedUnit === 'string' ? { observedUnit: result.observedUnit } : {}),
          time,
        },
      ];
    }
  }
  return checks;
}

/** ISO 8601 time; a broken injected clock yields the epoch rather than a RangeError mid-request. */
export function isoTime(ms: number): string {
  return new Date(Number.isFinite(ms) ? ms : 0).toISOString();
}

// The measurement becomes part of a JSON key; keep it to a short plain word.
function measurementName(name: unknown): string {
  return typeof name === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(name) && name !== 'responseTime'
    ? name
    : 'value';
}
