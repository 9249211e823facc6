import {
  closestToExhaustion,
  type DialectReading,
  hasData,
  type RateLimitBucket,
} from './bucket.js';
import { readNumberField } from './number-grammar.js';

const DAY_SECONDS = 86_400;

/**
 * HubSpot (developers.hubspot.com, API usage guidelines): `X-HubSpot-RateLimit-Max` and
 * `-Remaining` per `-Interval-Milliseconds` window (the `interval` bucket), older
 * `-Secondly`/`-Secondly-Remaining` per second, and with private-app or API-key auth
 * `-Daily`/`-Daily-Remaining` (the `daily` bucket). No reset is sent: the windows are listed,
 * and the daily one resets at midnight in the account's time zone, which a client cannot know.
 */
export function readHubSpot(table: ReadonlyMap<string, string>): DialectReading | null {
  const intervalMs = readNumberField(table.get('x-hubspot-ratelimit-interval-milliseconds'));
  const candidates: RateLimitBucket[] = [
    {
      name: 'interval',
      limit: readNumberField(table.get('x-hubspot-ratelimit-max')),
      remaining: readNumberField(table.get('x-hubspot-ratelimit-remaining')),
      resetSeconds: null,
      windowSeconds: intervalMs === null ? null : intervalMs / 1000,
    },
    {
      name: 'secondly',
      limit: readNumberField(table.get('x-hubspot-ratelimit-secondly')),
      remaining: readNumberField(table.get('x-hubspot-ratelimit-secondly-remaining')),
      resetSeconds: null,
      windowSeconds: 1,
    },
    {
      name: 'daily',
      limit: readNumberField(table.get('x-hubspot-ratelimit-daily')),
      remaining: readNumberField(table.get('x-hubspot-ratelimit-daily-remaining')),
      resetSeconds: null,
      windowSeconds: DAY_SECONDS,
    },
  ];
  const buckets = candidates.filter(hasData);
  const primary = closestToExhaustion(buckets);
  return primary === null ? null : { dialect: 'hubspot', buckets, primary };
}
