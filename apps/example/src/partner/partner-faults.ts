import { ExampleConfigError } from '../errors.js';

/** The rate-limit header dialect the partner speaks. */
export type RateLimitDialect = 'x-ratelimit' | 'ietf';

/** Faults the simulated partner injects at runtime (all off by default). */
export interface PartnerFaults {
  /** Fraction (0–1) of API calls answered with a 500 `INTERNAL_ERROR`. @default 0 */
  readonly errorRate: number;
  /** Status used for injected errors: 500, 502 or 401 (`AUTH_INVALID_KEY`). @default 500 */
  readonly errorStatus: 500 | 502 | 401;
  /** Extra latency added to every API call (and `/health`, see below), in milliseconds. @default 0 */
  readonly latencyMs: number;
  /** `latencyMs` delays `/health` too, so readiness shows a slow partner. @default true */
  readonly latencyOnHealth: boolean;
  /** The next N API calls are answered 429 with `Retry-After`. @default 0 */
  readonly rateLimitBurst: number;
  /** `Retry-After` seconds sent with 429s. @default 1 */
  readonly retryAfterSeconds: number;
  /** Every API call and `/health` answer 503 `SERVICE_UNAVAILABLE`. @default false */
  readonly outage: boolean;
  /** `/health` answers 503 while the API keeps working. @default false */
  readonly healthDown: boolean;
  /** Requests allowed per window (lower it to make `remaining` run low). @default 600 */
  readonly rateLimit: number;
  /** Rate-limit header dialect on every response. @default 'x-ratelimit' */
  readonly dialect: RateLimitDialect;
  /** Fraction (0–1) of webhooks delivered twice (partners redeliver). @default 0 */
  readonly webhookDuplicateRate: number;
  /** Fraction (0–1) of webhooks sent with a wrong signature. @default 0 */
  readonly webhookBadSignatureRate: number;
}

/** Defaults: a healthy partner. */
export const HEALTHY_PARTNER: PartnerFaults = {
  errorRate: 0,
  errorStatus: 500,
  latencyMs: 0,
  latencyOnHealth: true,
  rateLimitBurst: 0,
  retryAfterSeconds: 1,
  outage: false,
  healthDown: false,
  rateLimit: 600,
  dialect: 'x-ratelimit',
  webhookDuplicateRate: 0,
  webhookBadSignatureRate: 0,
};

/** Mutable fault state shared by the partner's middleware and its admin endpoint. */
export interface FaultState {
  /** The faults in force. */
  current(): PartnerFaults;
  /** Applies a validated partial update; throws `ExampleConfigError` naming a bad field. */
  update(patch: unknown): PartnerFaults;
  /** Consumes one call of a 429 burst; true when this call must be rate limited. */
  takeBurst(): boolean;
  /** Back to a healthy partner. */
  reset(): PartnerFaults;
}

type Check = (value: unknown) => boolean;
const isNumberIn =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const CHECKS: Readonly<Record<keyof PartnerFaults, [Check, string]>> = {
  errorRate: [isNumberIn(0, 1), 'a number from 0 to 1'],
  errorStatus: [(v) => v === 500 || v === 502 || v === 401, '500, 502 or 401'],
  latencyMs: [isNumberIn(0, 30_000), 'milliseconds from 0 to 30000'],
  latencyOnHealth: [(v) => typeof v === 'boolean', 'true or false'],
  rateLimitBurst: [(v) => Number.isInteger(v) && isNumberIn(0, 1e6)(v), 'an integer ≥ 0'],
  retryAfterSeconds: [isNumberIn(0, 3600), 'seconds from 0 to 3600'],
  outage: [(v) => typeof v === 'boolean', 'true or false'],
  healthDown: [(v) => typeof v === 'boolean', 'true or false'],
  rateLimit: [(v) => Number.isInteger(v) && isNumberIn(1, 1e6)(v), 'an integer ≥ 1'],
  dialect: [(v) => v === 'x-ratelimit' || v === 'ietf', "'x-ratelimit' or 'ietf'"],
  webhookDuplicateRate: [isNumberIn(0, 1), 'a number from 0 to 1'],
  webhookBadSignatureRate: [isNumberIn(0, 1), 'a number from 0 to 1'],
};

/** Validates a fault patch; returns the merged faults or throws naming the bad field. */
export function mergeFaults(base: PartnerFaults, patch: unknown): PartnerFaults {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new ExampleConfigError('faults', 'a JSON object of fault fields');
  }
  const next: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const rule = CHECKS[key as keyof PartnerFaults];
    if (rule === undefined) {
      throw new ExampleConfigError(`faults.${key}`, Object.keys(CHECKS).join(', '));
    }
    if (!rule[0](value)) throw new ExampleConfigError(`faults.${key}`, rule[1]);
    next[key] = value;
  }
  return next as unknown as PartnerFaults;
}

/** Creates the fault state, optionally starting from `initial`. */
export function createFaultState(initial: Partial<PartnerFaults> = {}): FaultState {
  let faults = mergeFaults(HEALTHY_PARTNER, initial);
  let burstLeft = faults.rateLimitBurst;
  return {
    current: () => ({ ...faults, rateLimitBurst: burstLeft }),
    update(patch) {
      faults = mergeFaults(faults, patch);
      if (typeof patch === 'object' && patch !== null && 'rateLimitBurst' in patch) {
        burstLeft = faults.rateLimitBurst;
      }
      return this.current();
    },
    takeBurst() {
      if (burstLeft <= 0) return false;
      burstLeft -= 1;
      return true;
    },
    reset() {
      faults = HEALTHY_PARTNER;
      burstLeft = 0;
      return this.current();
    },
  };
}
