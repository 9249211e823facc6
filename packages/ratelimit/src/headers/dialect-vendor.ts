import {
  bucketName,
  closestToExhaustion,
  type DialectReading,
  hasData,
  type RateLimitBucket,
  type RateLimitDialect,
} from './bucket.js';
import { readHubSpot } from './dialect-hubspot.js';
import { parseUsedOfLimit, readNumberField, remainingFrom } from './number-grammar.js';
import { readDurationOrReset, readResetSeconds } from './time-values.js';

interface ResourceFields {
  readonly resource: string;
  limit: string | undefined;
  remaining: string | undefined;
  reset: string | undefined;
}

// Per-resource header families; bounded so a flood of headers cannot create many buckets.
const MAX_RESOURCES = 16;
const MAX_RESOURCE_NAME = 48;
const KINDS = ['limit', 'remaining', 'reset'] as const;
const LIMIT = 0;
const REMAINING = 1;

/** Resources in first-seen order; at most `MAX_RESOURCES`, so a linear search is cheapest. */
type Resources = ResourceFields[];

interface Families {
  anthropic: Resources | null;
  openai: Resources | null;
  linear: Resources | null;
}

/** Records `value` as field `kind` (index in `KINDS`) of `resource`; returns the list. */
function addField(
  list: Resources | null,
  resource: string,
  kind: number,
  value: string,
): Resources | null {
  // Header names are already HTTP tokens; only their length needs a bound.
  if (resource.length === 0 || resource.length > MAX_RESOURCE_NAME) return list;
  const resources = list ?? [];
  let fields: ResourceFields | undefined;
  for (let i = 0; i < resources.length; i++) {
    if ((resources[i] as ResourceFields).resource === resource) {
      fields = resources[i];
      break;
    }
  }
  if (fields === undefined) {
    if (resources.length >= MAX_RESOURCES) return resources;
    fields = { resource, limit: undefined, remaining: undefined, reset: undefined };
    resources.push(fields);
  }
  if (kind === LIMIT) fields.limit = value;
  else if (kind === REMAINING) fields.remaining = value;
  else fields.reset = value;
  return resources;
}

const KIND_PREFIXES = KINDS.map((kind) => `${kind}-`);
const KIND_SUFFIXES = KINDS.map((kind) => `-${kind}`);

/** Index in `KINDS` of the `<kind>-` starting at `offset`, or -1. */
function kindPrefixAt(name: string, offset: number): number {
  const c = name.charCodeAt(offset);
  if (c === 0x6c) return name.startsWith('limit-', offset) ? 0 : -1;
  if (c !== 0x72) return -1;
  if (name.startsWith('remaining-', offset)) return 1;
  return name.startsWith('reset-', offset) ? 2 : -1;
}

/** Index in `KINDS` of a `-<kind>` suffix leaving a resource after `offset`, or -1. */
function kindSuffix(name: string, offset: number): number {
  for (let i = 0; i < KIND_SUFFIXES.length; i++) {
    const suffix = KIND_SUFFIXES[i] as string;
    if (name.length - suffix.length > offset && name.endsWith(suffix)) return i;
  }
  return -1;
}

/** `<prefix><resource>-<kind>` (Anthropic's and Linear's order): records it; returns the list. */
function addBySuffix(
  list: Resources | null,
  name: string,
  prefix: string,
  value: string,
): Resources | null {
  const kind = kindSuffix(name, prefix.length);
  if (kind === -1) return list;
  const resource = name.slice(prefix.length, name.length - (KIND_SUFFIXES[kind] as string).length);
  return addField(list, resource, kind, value);
}

const ANTHROPIC_PREFIX = 'anthropic-ratelimit-';
const X_PREFIX = 'x-ratelimit-';

/**
 * One pass over the per-resource names (in header order, as the header table recorded them),
 * sorting them into their families.
 */
function collectFamilies(table: ReadonlyMap<string, string>, names: readonly string[]): Families {
  const families: Families = { anthropic: null, openai: null, linear: null };
  for (let n = 0; n < names.length; n++) {
    const name = names[n] as string;
    const value = table.get(name);
    if (value === undefined) continue;
    if (name.startsWith(ANTHROPIC_PREFIX)) {
      families.anthropic = addBySuffix(families.anthropic, name, ANTHROPIC_PREFIX, value);
    } else if (name.startsWith(X_PREFIX)) {
      const first = kindPrefixAt(name, X_PREFIX.length);
      if (first !== -1) {
        const resource = name.slice(X_PREFIX.length + (KIND_PREFIXES[first] as string).length);
        // `x-ratelimit-reset-after` is Discord's delta, not a resource called "after".
        if (resource !== 'after') {
          families.openai = addField(families.openai, resource, first, value);
          continue;
        }
      }
      families.linear = addBySuffix(families.linear, name, X_PREFIX, value);
    }
  }
  return families;
}

/** Sorts by name in place; insertion sort, as there are a handful of unique names. */
function sortByName(buckets: RateLimitBucket[]): void {
  for (let i = 1; i < buckets.length; i++) {
    const bucket = buckets[i] as RateLimitBucket;
    let j = i - 1;
    while (j >= 0 && (buckets[j] as RateLimitBucket).name > bucket.name) {
      buckets[j + 1] = buckets[j] as RateLimitBucket;
      j--;
    }
    buckets[j + 1] = bucket;
  }
}

function perResource(
  dialect: RateLimitDialect,
  resources: Resources | null,
  readReset: (value: string | undefined, nowMs: number) => number | null,
  nowMs: number,
): DialectReading | null {
  if (resources === null) return null;
  const buckets: RateLimitBucket[] = [];
  let requests: RateLimitBucket | undefined;
  for (let i = 0; i < resources.length; i++) {
    const fields = resources[i] as ResourceFields;
    const bucket = {
      name: bucketName(fields.resource),
      limit: readNumberField(fields.limit),
      remaining: readNumberField(fields.remaining),
      resetSeconds: readReset(fields.reset, nowMs),
      windowSeconds: null,
    };
    if (!hasData(bucket)) continue;
    buckets.push(bucket);
    if (bucket.name === 'requests') requests = bucket;
  }
  // Header order differs between a record and `Headers` (sorted): list buckets by name.
  sortByName(buckets);
  // The requests budget is what a client paces on; token budgets are listed beside it.
  const primary = requests ?? closestToExhaustion(buckets);
  return primary === null ? null : { dialect, buckets, primary };
}

/** Shopify REST `X-Shopify-Shop-Api-Call-Limit: 32/40` (used/limit, leaky bucket). */
function readShopify(table: ReadonlyMap<string, string>): DialectReading | null {
  const value = table.get('x-shopify-shop-api-call-limit');
  const usage = value === undefined ? null : parseUsedOfLimit(value);
  if (usage === null) return null;
  const bucket = {
    name: 'default',
    limit: usage.limit,
    remaining: remainingFrom(usage.limit, usage.used),
    resetSeconds: null,
    windowSeconds: null,
  };
  return { dialect: 'shopify', buckets: [bucket], primary: bucket };
}

const SFORCE_ITEM = /^\s*([A-Za-z0-9_-]{1,64})=(\d{1,16}\/\d{1,16})(?:\([^()]{0,128}\))?\s*$/;

/** Salesforce `Sforce-Limit-Info: api-usage=18/5000, per-app-api-usage=17/250(appName=x)`. */
function readSalesforce(table: ReadonlyMap<string, string>): DialectReading | null {
  const value = table.get('sforce-limit-info');
  if (value === undefined) return null;
  const buckets: RateLimitBucket[] = [];
  for (const item of value.split(',', MAX_RESOURCES)) {
    const m = SFORCE_ITEM.exec(item);
    const usage = m === null ? null : parseUsedOfLimit(m[2] ?? '');
    if (m === null || usage === null) continue;
    buckets.push({
      name: bucketName(m[1]),
      limit: usage.limit,
      remaining: remainingFrom(usage.limit, usage.used),
      resetSeconds: null,
      windowSeconds: null,
    });
  }
  const primary = buckets.find((b) => b.name === 'api-usage') ?? closestToExhaustion(buckets);
  return primary === null ? null : { dialect: 'salesforce', buckets, primary };
}

/**
 * Vendor forms, lowest precedence; the first family present wins: Anthropic, OpenAI/Groq
 * (`x-ratelimit-remaining-requests`, Go-duration resets), Linear (`x-ratelimit-requests-remaining`,
 * epoch-ms resets), Shopify, Salesforce, HubSpot.
 */
export function readVendor(
  table: ReadonlyMap<string, string>,
  vendorNames: readonly string[],
  nowMs: number,
): DialectReading | null {
  const families = collectFamilies(table, vendorNames);
  return (
    perResource('anthropic', families.anthropic, readResetSeconds, nowMs) ??
    perResource('openai', families.openai, readDurationOrReset, nowMs) ??
    perResource('linear', families.linear, readResetSeconds, nowMs) ??
    readShopify(table) ??
    readSalesforce(table) ??
    readHubSpot(table)
  );
}
