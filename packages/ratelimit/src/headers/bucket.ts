/** The header family a budget was read from. */
export type RateLimitDialect =
  | 'ietf'
  | 'ietf-draft'
  | 'x-ratelimit'
  | 'github'
  | 'discord'
  | 'x-rate-limit'
  | 'openai'
  | 'linear'
  | 'anthropic'
  | 'shopify'
  | 'salesforce'
  | 'hubspot'
  | 'atlassian';

/** One budget an upstream reports (a policy, a resource such as `tokens`, a route bucket). */
export interface RateLimitBucket {
  /** Policy or resource name as sent (truncated to 64 characters), or `default`. */
  readonly name: string;
  readonly limit: number | null;
  readonly remaining: number | null;
  /** Seconds from `now` until this budget resets. */
  readonly resetSeconds: number | null;
  /** Length of the quota window when the upstream states it (`w=`); not a reset. */
  readonly windowSeconds: number | null;
}

/** What one dialect reader found. */
export interface DialectReading {
  readonly dialect: RateLimitDialect;
  readonly buckets: readonly RateLimitBucket[];
  readonly primary: RateLimitBucket;
}

const MAX_NAME = 64;

export function bucketName(raw: string | undefined): string {
  if (raw === undefined) return 'default';
  const name = raw.trim();
  if (name.length === 0) return 'default';
  return name.length > MAX_NAME ? name.slice(0, MAX_NAME) : name;
}

export function hasData(bucket: RateLimitBucket): boolean {
  return bucket.limit !== null || bucket.remaining !== null || bucket.resetSeconds !== null;
}

function exhaustion(bucket: RateLimitBucket): number {
  const { limit, remaining } = bucket;
  if (remaining === null) return 2;
  if (remaining === 0) return 0;
  if (limit === null || limit <= 0) return 1;
  return Math.min(1, remaining / limit);
}

/** The bucket closest to exhaustion (lowest remaining share, then lowest remaining). */
export function closestToExhaustion(buckets: readonly RateLimitBucket[]): RateLimitBucket | null {
  let best: RateLimitBucket | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const bucket of buckets) {
    const score = exhaustion(bucket);
    if (
      best === null ||
      score < bestScore ||
      (score === bestScore && (bucket.remaining ?? Infinity) < (best.remaining ?? Infinity))
    ) {
      best = bucket;
      bestScore = score;
    }
  }
  return best;
}
