import type { RateOption } from '@preflight/ratelimit';

/** The keys of one upstream; all share one hash tag, so one script can touch them on a Cluster. */
export interface UpstreamKeys {
  /** GCRA state of one rate: the theoretical arrival time, in µs of Redis time. */
  readonly admission: (rate: RateOption) => string;
  /** Hash: bucket name (`''` for the whole upstream) → pause end, epoch ms. */
  readonly pauses: string;
  /** Hash: bucket name → its last observed budget; field `''` names the primary bucket. */
  readonly budgets: string;
}

/**
 * `{…}` is Redis Cluster's hash tag: only the part inside the braces picks the slot. The
 * upstream name is percent-encoded, so braces in it cannot end the tag early.
 */
export function upstreamKeys(prefix: string, upstream: string): UpstreamKeys {
  const tag = `${prefix}{${encodeURIComponent(upstream)}}`;
  return {
    admission: (rate) => `${tag}:admit:${rate.requests}/${rate.perMs}`,
    pauses: `${tag}:pauses`,
    budgets: `${tag}:budgets`,
  };
}
