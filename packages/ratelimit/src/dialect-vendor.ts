import {
  bucketName,
  closestToExhaustion,
  type DialectReading,
  hasData,
  type RateLimitBucket,
  type RateLimitDialect,
} from './bucket.js';
import { parseUsedOfLimit, readNumberField, remainingFrom } from './number-grammar.js';
import { readDurationOrReset, readResetSeconds } from './time-values.js';

interface ResourceFields {
  limit: string | undefined;
  remaining: string | undefined;
  reset: string | undefined;
}

// Per-resource header families; bounded so a flood of headers cannot create many buckets.
const MAX_RESOURCES = 16;
const MAX_RESOURCE_NAME = 48;
const KINDS = ['limit', 'remaining', 'reset'] as const;
type Kind = (typeof KINDS)[number];

type Families = Record<'anthropic' | 'openai' | 'linear', Map<string, ResourceFields> | null>;

function addField(
  families: Families,
  family: keyof Families,
  resource: string,
  kind: Kind,
  value: string,
): void {
  // Header names are already HTTP tokens; only their length needs a bound.
  if (resource.length === 0 || resource.length > MAX_RESOURCE_NAME) return;
  let map = families[family];
  if (map === null) {
    map = new Map();
    families[family] = map;
  }
  let fields = map.get(resource);
  if (fields === undefined) {
    if (map.size >= MAX_RESOURCES) return;
    fields = { limit: undefined, remaining: undefined, reset: undefined };
    map.set(resource, fields);
  }
  if (kind === 'limit') fields.limit = value;
  else if (kind === 'remaining') fields.remaining = value;
  else fields.reset = value;
}

/** `rest` is `<kind>-<resource>` (kindFirst) or `<resource>-<kind>`. */
const KIND_PREFIXES = KINDS.map((kind) => `${kind}-`);
const KIND_SUFFIXES = KINDS.map((kind) => `-${kind}`);

/** `name` from `offset` is `<kind>-<resource>` (kindFirst) or `<resource>-<kind>`. */
function split(name: string, offset: number, kindFirst: boolean): [Kind, string] | null {
  for (let i = 0; i < KINDS.length; i++) {
    const kind = KINDS[i] as Kind;
    if (kindFirst) {
      const prefix = KIND_PREFIXES[i] as string;
      if (name.startsWith(prefix, offset)) return [kind, name.slice(offset + prefix.length)];
    } else {
      const suffix = KIND_SUFFIXES[i] as string;
      if (name.length - suffix.length > offset && name.endsWith(suffix)) {
        return [kind, name.slice(offset, name.length - suffix.length)];
      }
    }
  }
  return null;
}

const ANTHROPIC_PREFIX = 'anthropic-ratelimit-';
const X_PREFIX = 'x-ratelimit-';

/** One pass over the headers, sorting per-resource names into their families. */
function collectFamilies(table: ReadonlyMap<string, string>): Families {
  const families: Families = { anthropic: null, openai: null, linear: null };
  for (const [name, value] of table) {
    if (name.startsWith(ANTHROPIC_PREFIX)) {
      const found = split(name, ANTHROPIC_PREFIX.length, false);
      if (found !== null) addField(families, 'anthropic', found[1], found[0], value);
    } else if (name.startsWith(X_PREFIX)) {
      const first = split(name, X_PREFIX.length, true);
      // `x-ratelimit-reset-after` is Discord's delta, not a resource called "after".
      if (first !== null && first[1] !== 'after') {
        addField(families, 'openai', first[1], first[0], value);
        continue;
      }
      const last = split(name, X_PREFIX.length, false);
      if (last !== null) addField(families, 'linear', last[1], last[0], value);
    }
  }
  return families;
}

function perResource(
  dialect: RateLimitDialect,
  resources: Map<string, ResourceFields> | null,
  readReset: (value: string | undefined, nowMs: number) => number | null,
  nowMs: number,
): DialectReading | null {
  if (resources === null) return null;
  const buckets: RateLimitBucket[] = [];
  for (const [resource, fields] of resources) {
    const bucket = {
      name: bucketName(resource),
      limit: readNumberField(fields.limit),
      remaining: readNumberField(fields.remaining),
      resetSeconds: readReset(fields.reset, nowMs),
      windowSeconds: null,
    };
    if (hasData(bucket)) buckets.push(bucket);
  }
  // Header order differs between a record and `Headers` (sorted): list buckets by name.
  buckets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // The requests budget is what a client paces on; token budgets are listed beside it.
  const primary = buckets.find((b) => b.name === 'requests') ?? closestToExhaustion(buckets);
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
 * epoch-ms resets), Shopify, Salesforce.
 */
export function readVendor(
  table: ReadonlyMap<string, string>,
  nowMs: number,
): DialectReading | null {
  const families = collectFamilies(table);
  return (
    perResource('anthropic', families.anthropic, readResetSeconds, nowMs) ??
    perResource('openai', families.openai, readDurationOrReset, nowMs) ??
    perResource('linear', families.linear, readResetSeconds, nowMs) ??
    readShopify(table) ??
    readSalesforce(table)
  );
}
