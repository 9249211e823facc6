import {
  bucketName,
  closestToExhaustion,
  type DialectReading,
  hasData,
  type RateLimitBucket,
} from './bucket.js';
import { readNumberField, readWindowParam } from './number-grammar.js';
import {
  parseSfDictionary,
  parseSfList,
  type SfBareItem,
  type SfItem,
} from './structured-fields.js';
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

// A parameter the draft types as a non-negative Integer: absent, malformed, or its value.
const ABSENT = -1;
const MALFORMED = -2;

function integerParam(params: ReadonlyMap<string, SfBareItem>, ...names: string[]): number {
  for (const name of names) {
    const value = params.get(name);
    if (value === undefined) continue;
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
      ? value
      : MALFORMED;
  }
  return ABSENT;
}

/** `null` when the item is malformed as a whole (the draft: ignore it, do not half use it). */
function policyOf(item: SfItem): { limit: number; windowSeconds: number | null } | null {
  const limit = integerParam(item.params, 'q');
  const window = integerParam(item.params, 'w');
  if (limit < 0 || window === MALFORMED) return null;
  return { limit, windowSeconds: window === ABSENT ? null : window };
}

/**
 * A service-limit item: `r` (remaining) is required and `t` (seconds to reset) optional, both
 * Integers. The renames proposed for the draft after -12 are read too when the current names
 * are absent: `a` (available quota) for `r`, and `w` (effective window) for `t`.
 */
function limitOf(item: SfItem): { remaining: number; resetSeconds: number | null } | null {
  const remaining = integerParam(item.params, 'r', 'a');
  const reset = integerParam(item.params, 't', 'w');
  if (remaining < 0 || reset === MALFORMED) return null;
  return { remaining, resetSeconds: reset === ABSENT ? null : reset };
}

function bucketFor(map: Map<string, MutableBucket>, name: string): MutableBucket {
  let bucket = map.get(name);
  if (bucket === undefined) {
    bucket = { name, limit: null, remaining: null, resetSeconds: null, windowSeconds: null };
    map.set(name, bucket);
  }
  return bucket;
}

/** Merges the fields each well-formed item of a list header reads into the bucket it names. */
function mergeItems(
  buckets: Map<string, MutableBucket>,
  header: string | undefined,
  read: (item: SfItem) => Partial<MutableBucket> | null,
): void {
  for (const item of header === undefined ? [] : (parseSfList(header) ?? [])) {
    if (!item.quoted || typeof item.value !== 'string') continue;
    const parsed = read(item);
    if (parsed !== null) Object.assign(bucketFor(buckets, bucketName(item.value)), parsed);
  }
}

/**
 * draft-ietf-httpapi-ratelimit-headers-09 to -12: `RateLimit-Policy: "default";q=100;w=60` and
 * `RateLimit: "default";r=50;t=30`. An item whose name is not a quoted string, that lacks its
 * required parameter (`q`, `r`), or whose parameter is not a non-negative Integer (`r=abc`,
 * `t=30.5`) is malformed and ignored whole, as the draft requires; other items still count.
 */
export function readIetf(table: ReadonlyMap<string, string>): DialectReading | null {
  const field = table.get('ratelimit');
  const policy = table.get('ratelimit-policy');
  if (field === undefined && policy === undefined) return null;
  const buckets = new Map<string, MutableBucket>();
  mergeItems(buckets, policy, policyOf);
  mergeItems(buckets, field, limitOf);
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
