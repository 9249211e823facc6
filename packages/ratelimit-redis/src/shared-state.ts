import type { RateLimitStoreListener, SharedBucket, SharedBudget } from '@preflight/ratelimit';

// Field of the budget hash naming the primary bucket; bucket names are never empty.
export const PRIMARY_FIELD = '';
// Field of the pause hash for a pause of the whole upstream.
export const WHOLE_UPSTREAM = '';

const num = (text: string | undefined): number | null => {
  if (text === undefined || text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : null;
};
const text = (value: number | null): string => (value === null ? '' : String(value));

/** `observedAt|limit|remaining|resetAt|windowSeconds`, the budget hash's value of a bucket. */
export function encodeBucket(bucket: SharedBucket, observedAt: number): string {
  const { limit, remaining, resetAt, windowSeconds } = bucket;
  return `${observedAt}|${text(limit)}|${text(remaining)}|${text(resetAt)}|${text(windowSeconds)}`;
}

/** Field/value pairs of an HGETALL reply (a flat array); anything else yields nothing. */
function* pairs(reply: unknown): Generator<[string, string]> {
  if (!Array.isArray(reply)) return;
  for (let i = 0; i + 1 < reply.length; i += 2) {
    yield [String(reply[i]), String(reply[i + 1])];
  }
}

/**
 * Hands what the admission reply carried (the upstream's pauses and budgets, as stored by any
 * replica) to the listeners. Skipped when it is what the last reply carried, which is the
 * common case. Values that do not parse are dropped: Redis content is outside input.
 */
export function createSharedStateReader(listeners: ReadonlySet<RateLimitStoreListener>) {
  const last = new Map<string, string>();
  const MAX_UPSTREAMS = 1024;

  function changed(key: string, reply: unknown): boolean {
    const flat = Array.isArray(reply) ? reply.join('\n') : '';
    if (last.get(key) === flat) return false;
    last.delete(key);
    last.set(key, flat);
    if (last.size > MAX_UPSTREAMS * 2) last.delete(last.keys().next().value as string);
    return true;
  }

  function pauses(upstream: string, reply: unknown, now: number): void {
    if (!changed(`p:${upstream}`, reply)) return;
    for (const [field, value] of pairs(reply)) {
      const until = num(value);
      if (until === null || until <= now) continue;
      const bucket = field === WHOLE_UPSTREAM ? undefined : field;
      for (const listener of listeners) listener.pause(upstream, until, bucket);
    }
  }

  function budgets(upstream: string, reply: unknown): void {
    if (!changed(`b:${upstream}`, reply)) return;
    let primary: { at: number; name: string } | undefined;
    const byTime = new Map<number, SharedBucket[]>();
    for (const [field, value] of pairs(reply)) {
      const parts = value.split('|');
      const at = num(parts[0]);
      if (at === null) continue;
      if (field === PRIMARY_FIELD) {
        const name = parts.slice(1).join('|');
        if (name !== '') primary = { at, name };
        continue;
      }
      const bucket: SharedBucket = {
        name: field,
        limit: num(parts[1]),
        remaining: num(parts[2]),
        resetAt: num(parts[3]),
        windowSeconds: num(parts[4]),
      };
      const group = byTime.get(at);
      if (group === undefined) byTime.set(at, [bucket]);
      else group.push(bucket);
    }
    for (const [observedAt, buckets] of byTime) {
      const budget: SharedBudget = {
        upstream,
        primary: primary?.at === observedAt ? primary.name : null,
        buckets,
        observedAt,
      };
      for (const listener of listeners) listener.budget(budget);
    }
  }

  return { pauses, budgets };
}
