import { bucketName, type DialectReading, hasData, type RateLimitDialect } from './bucket.js';
import { readNumberField, remainingFrom } from './number-grammar.js';
import { readResetSeconds } from './time-values.js';

/**
 * `X-RateLimit-*` (GitHub's `-Used`/`-Resource`, Discord's `-Reset-After`/`-Bucket`, Reddit's
 * float `-Remaining` with `-Used` and no limit, Atlassian's ISO 8601 `-Reset` with
 * `RateLimit-Reason`).
 */
export function readXRateLimit(
  table: ReadonlyMap<string, string>,
  nowMs: number,
): DialectReading | null {
  let limit = readNumberField(table.get('x-ratelimit-limit'));
  let remaining = readNumberField(table.get('x-ratelimit-remaining'));
  const used = readNumberField(table.get('x-ratelimit-used'));
  const resetAfter = readNumberField(table.get('x-ratelimit-reset-after'));
  const resetSeconds = resetAfter ?? readResetSeconds(table.get('x-ratelimit-reset'), nowMs);
  remaining ??= remainingFrom(limit, used);
  // Reddit sends used and remaining only; their sum is the window's quota.
  if (limit === null && used !== null && remaining !== null) limit = used + remaining;
  const resource = table.get('x-ratelimit-resource');
  const discordBucket = table.get('x-ratelimit-bucket');
  let dialect: RateLimitDialect = 'x-ratelimit';
  if (resource !== undefined) dialect = 'github';
  else if (discordBucket !== undefined || table.has('x-ratelimit-reset-after')) dialect = 'discord';
  // Atlassian (Jira, Confluence Cloud) says which limit a 429 hit (`jira-burst-based`, …). It
  // is not a bucket a request can be mapped to before sending, so the budget stays `default`.
  else if (table.has('ratelimit-reason')) dialect = 'atlassian';
  const bucket = {
    name: bucketName(resource ?? discordBucket),
    limit,
    remaining,
    resetSeconds,
    windowSeconds: null,
  };
  return hasData(bucket) ? { dialect, buckets: [bucket], primary: bucket } : null;
}

/** `X-Rate-Limit-*` (Twitter/X, Okta) and Zendesk's bare `X-Rate-Limit` limit. */
export function readXDashRateLimit(
  table: ReadonlyMap<string, string>,
  nowMs: number,
): DialectReading | null {
  const bucket = {
    name: 'default',
    limit:
      readNumberField(table.get('x-rate-limit-limit')) ??
      readNumberField(table.get('x-rate-limit')),
    remaining: readNumberField(table.get('x-rate-limit-remaining')),
    resetSeconds: readResetSeconds(table.get('x-rate-limit-reset'), nowMs),
    windowSeconds: null,
  };
  return hasData(bucket) ? { dialect: 'x-rate-limit', buckets: [bucket], primary: bucket } : null;
}
