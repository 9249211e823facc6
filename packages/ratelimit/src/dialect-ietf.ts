import {
  bucketName,
  closestToExhaustion,
  type DialectReading,
  hasData,
  type RateLimitBucket,
} from './bucket.js';
import { readNumberField, readWindowParam } from './number-grammar.js';
import { parseSfDictionary, parseSfList, type SfBareItem } from './structured-fields.js';
import { readResetSeconds } from './time-values.js';

interface MutableBucket {
  name: string;
  limit: number | null;
  remaining: number | null;
  resetSeconds: number | null;
  windowSeconds: number | null;
}

function nonNegative(value: SfBareItem | undefined): number | null {
  return typeof value === 'number' && value >= 0 && Number.isFinite(value) ? value : null;
}

function bucketFor(map: Map<string, MutableBucket>, name: string): MutableBucket {
  let bucket = map.get(name);
  if (bucket === undefined) {
    bucket = { name, limit: null, remaining: null, resetSeconds: null, windowSeconds: null };
    map.set(name, bucket);
  }
  return bucket;
}

/**
 * draft-ietf-httpapi-ratelimit-headers-09+: `RateLimit-Policy: "default";q=100;w=60` and
 * `RateLimit: "default";r=50;t=30`. Items whose name is not a quoted string are malformed.
 */
export function readIetf(table: ReadonlyMap<string, string>): DialectReading | null {
  const field = table.get('ratelimit');
  const policy = table.get('ratelimit-policy');
  if (field === undefined && policy === undefined) return null;
  const buckets = new Map<string, MutableBucket>();
  for (const item of policy === undefined ? [] : (parseSfList(policy) ?? [])) {
    if (!item.quoted || typeof item.value !== 'string') continue;
    const bucket = bucketFor(buckets, bucketName(item.value));
    bucket.limit = nonNegative(item.params.get('q'));
    bucket.windowSeconds = nonNegative(item.params.get('w'));
  }
  for (const item of field === undefined ? [] : (parseSfList(field) ?? [])) {
    if (!item.quoted || typeof item.value !== 'string') continue;
    const bucket = bucketFor(buckets, bucketName(item.value));
    bucket.remaining = nonNegative(item.params.get('r'));
    bucket.resetSeconds = nonNegative(item.params.get('t'));
  }
  const list: RateLimitBucket[] = [];
  for (const bucket of buckets.values()) if (hasData(bucket)) list.push(bucket);
  const primary = closestToExhaustion(list);
  return primary === null ? null : { dialect: 'ietf', buckets: list, primary };
}

/**
 * Older drafts: the `RateLimit: limit=100, remaining=50, reset=5` dictionary (draft 7) and the
 * separate `RateLimit-Limit/-Remaining/-Reset` fields (list values, `;w=` windows).
 */
export function readIetfDraft(
  table: ReadonlyMap<string, string>,
  nowMs: number,
): DialectReading | null {
  let limit: number | null = null;
  let remaining: number | null = null;
  let resetSeconds: number | null = null;
  const field = table.get('ratelimit');
  const dict = field === undefined ? null : parseSfDictionary(field);
  if (dict !== null) {
    limit = nonNegative(dict.get('limit')?.value);
    remaining = nonNegative(dict.get('remaining')?.value);
    const reset = nonNegative(dict.get('reset')?.value);
    resetSeconds = reset === null ? null : readResetSeconds(String(reset), nowMs);
  }
  const limitField = table.get('ratelimit-limit');
  const policy = table.get('ratelimit-policy');
  limit ??= readNumberField(limitField);
  remaining ??= readNumberField(table.get('ratelimit-remaining'));
  resetSeconds ??=
    readResetSeconds(table.get('ratelimit-reset'), nowMs) ??
    readResetSeconds(table.get('ratelimit-resettime'), nowMs);
  const bucket = {
    name: 'default',
    limit,
    remaining,
    resetSeconds,
    windowSeconds: readWindowParam(limitField) ?? readWindowParam(policy),
  };
  return hasData(bucket) ? { dialect: 'ietf-draft', buckets: [bucket], primary: bucket } : null;
}
