import { createHash } from 'node:crypto';
import type { SendCommand } from './redis-client.js';

// Redis before 5 refuses writes after TIME unless effects replication is switched on; from 5
// it is the default and the call is a no-op, so the scripts run on every Redis and Valkey.
const EFFECTS = 'if redis.replicate_commands then redis.replicate_commands() end';

/**
 * Admission by GCRA without burst, on Redis's own clock: sends are spaced one emission interval
 * (perMs / requests, in µs, rounded up) apart, so any `perMs` window holds at most `requests`.
 * A caller whose turn (the theoretical arrival time, TAT) is at most one interval away takes it
 * and waits until then (the TAT moves one interval on); one whose turn is further away takes
 * nothing and is told when to ask again. Reserving just the next turn keeps the spacing on
 * Redis's clock, so a caller that wakes late loses no capacity, while no caller holds a place
 * far ahead. The same round trip returns the upstream's pauses and budgets, so each caller
 * learns the fleet's freshest 429 and headers before it sends; last, the Redis time (µs) the
 * answer was given at.
 * KEYS: admission, pauses, budgets. ARGV: interval (µs).
 */
export const ADMIT_SCRIPT = `${EFFECTS}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
local turn = math.max(tat, now)
local wait = turn - now
local admitted = 0
if wait <= interval then
  admitted = 1
  redis.call('SET', KEYS[1], string.format('%.0f', turn + interval), 'PX', math.ceil((wait + interval) / 1000) + 1000)
else
  wait = wait - interval
end
return { admitted, string.format('%.3f', wait / 1000), redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3]), string.format('%.0f', now) }`;

/**
 * A 429 pause: the field only ever extends; the hash lives until its latest pause ends.
 * KEYS: pauses. ARGV: field, until (epoch ms), ttl (ms), max fields.
 */
export const PAUSE_SCRIPT = `
local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') or 0
if tonumber(ARGV[2]) > cur and (cur > 0 or redis.call('HLEN', KEYS[1]) < tonumber(ARGV[4])) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1`;

/**
 * A budget observation: per field (bucket, or '' for the primary bucket's name), only a newer
 * observation replaces the stored one, so a slow replica cannot roll the fleet's view back.
 * Values start with the observation time. KEYS: budgets. ARGV: observedAt, ttl (ms), max
 * fields, then field/value pairs.
 */
export const BUDGET_SCRIPT = `
local at = tonumber(ARGV[1])
local max = tonumber(ARGV[3])
for i = 4, #ARGV, 2 do
  local cur = redis.call('HGET', KEYS[1], ARGV[i])
  local curAt = -1
  if cur then curAt = tonumber(string.match(cur, '^[^|]*')) or -1 end
  if at > curAt and (cur or redis.call('HLEN', KEYS[1]) < max) then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

/** A server-side script run by `EVALSHA`: one round trip. */
export interface Script {
  readonly sha: string;
  readonly source: string;
  run(send: SendCommand, keys: readonly string[], args: readonly string[]): Promise<unknown>;
}

function isNoScript(error: unknown): boolean {
  return String((error as { message?: unknown })?.message ?? error).includes('NOSCRIPT');
}

/**
 * `EVALSHA`; on `NOSCRIPT` (a restarted or flushed Redis, a failover, another Cluster node) it
 * falls back to `EVAL`, which runs the script where the keys live and caches it there, so the
 * next `EVALSHA` hits. The store also `SCRIPT LOAD`s every script once at creation.
 */
export function createScript(source: string): Script {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    sha,
    source,
    async run(send, keys, args) {
      const tail = [String(keys.length), ...keys, ...args];
      try {
        return await send('EVALSHA', [sha, ...tail]);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return send('EVAL', [source, ...tail]);
      }
    },
  };
}
