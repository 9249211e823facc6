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

type Kind = 'limit' | 'remaining' | 'reset';
interface ResourceFields {
  limit?: string;
  remaining?: string;
  reset?: string;
}

// Per-resource header families; bounded so a flood of headers cannot create many buckets.
const MAX_RESOURCES = 16;
const KIND_FIRST = /^x-ratelimit-(limit|remaining|reset)-([a-z0-9-]{1,48})$/;
const KIND_LAST = /^x-ratelimit-([a-z0-9-]{1,48})-(limit|remaining|reset)$/;
const ANTHROPIC = /^anthropic-ratelimit-([a-z0-9-]{1,48})-(limit|remaining|reset)$/;

function collect(
  table: ReadonlyMap<string, string>,
  match: (name: string) => { resource: string; kind: Kind } | null,
): Map<string, ResourceFields> {
  const resources = new Map<string, ResourceFields>();
  for (const [name, value] of table) {
    const found = match(name);
    if (found === null) continue;
    let fields = resources.get(found.resource);
    if (fields === undefined) {
      if (resources.size >= MAX_RESOURCES) continue;
      fields = {};
      resources.set(found.resource, fields);
    }
    fields[found.kind] = value;
  }
  return resources;
}

function perResource(
  dialect: RateLimitDialect,
  resources: Map<string, ResourceFields>,
  readReset: (value: string | undefined, nowMs: number) => number | null,
  nowMs: number,
): DialectReading | null {
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
  // The requests budget is what a client paces on; token budgets are listed beside it.
  const primary = buckets.find((b) => b.name === 'requests') ?? closestToExhaustion(buckets);
  return primary === null ? null : { dialect, buckets, primary };
}

/** OpenAI/Groq `x-ratelimit-remaining-requests` with Go-duration resets (`6m0s`). */
function readOpenAi(table: ReadonlyMap<string, string>, nowMs: number): DialectReading | null {
  const resources = collect(table, (name) => {
    const m = KIND_FIRST.exec(name);
    // `x-ratelimit-reset-after` is Discord's delta, not a resource called "after".
    if (m === null || m[2] === 'after') return null;
    return { kind: m[1] as Kind, resource: m[2] ?? '' };
  });
  return perResource('openai', resources, readDurationOrReset, nowMs);
}

/** Linear-style `x-ratelimit-requests-remaining` (resets in epoch ms). */
function readLinear(table: ReadonlyMap<string, string>, nowMs: number): DialectReading | null {
  const resources = collect(table, (name) => {
    const m = KIND_LAST.exec(name);
    return m === null ? null : { kind: m[2] as Kind, resource: m[1] ?? '' };
  });
  return perResource('linear', resources, readResetSeconds, nowMs);
}

/** Anthropic `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-*`. */
function readAnthropic(table: ReadonlyMap<string, string>, nowMs: number): DialectReading | null {
  const resources = collect(table, (name) => {
    const m = ANTHROPIC.exec(name);
    return m === null ? null : { kind: m[2] as Kind, resource: m[1] ?? '' };
  });
  return perResource('anthropic', resources, readResetSeconds, nowMs);
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

/** Vendor forms, lowest precedence; the first family present wins. */
export function readVendor(
  table: ReadonlyMap<string, string>,
  nowMs: number,
): DialectReading | null {
  return (
    readAnthropic(table, nowMs) ??
    readOpenAi(table, nowMs) ??
    readLinear(table, nowMs) ??
    readShopify(table) ??
    readSalesforce(table)
  );
}
