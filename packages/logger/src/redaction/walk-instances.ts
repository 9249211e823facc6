import { httpSummary } from '../http/http-summary.js';
import { freeKey, setField, type Walk, type WalkerContext } from './walk-context.js';
import { isErrorLike, walkError } from './walk-error.js';

/**
 * Anything that is not an array or a plain object: Errors (copied, see `walkError`), Dates
 * (kept), buffers and typed arrays (summarised, never printed), URLs and RegExps (as strings),
 * Maps (as plain objects) and Sets (as arrays), values with `toJSON` (what it returns), raw
 * `http` requests and responses (summarised), and class instances (their own enumerable fields).
 */
export function walkInstance(
  c: WalkerContext,
  value: object,
  key: string | undefined,
  depth: number,
  w: Walk,
): unknown {
  if (isErrorLike(value)) return walkError(c, value, key, depth, w);
  if (value instanceof Date) return w.copy ? new Date(value.getTime()) : value;
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
  if (value instanceof ArrayBuffer) return `[ArrayBuffer ${value.byteLength} bytes]`;
  if (value instanceof URL) return c.redactString(value.href);
  if (value instanceof Map) return c.visitObject(mapAsObject(c, value), key, depth, w);
  if (value instanceof Set) {
    return c.visitObject(Array.from(value).slice(0, c.maxCollectionSize), key, depth, w);
  }
  if (value instanceof RegExp) return String(value);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const json: unknown = toJSON.call(value);
    // depth + 1 bounds toJSON chains; a toJSON returning itself is copied field by field.
    if (json !== value) return depth >= c.maxDepth ? '[Object]' : c.visit(json, key, depth + 1, w);
  }
  const http = httpSummary(value);
  if (http !== undefined) return c.visitObject(http, key, depth, w);
  // Class instances serialise like their own enumerable properties; copy those into a plain object.
  const plain: Record<string, unknown> = {};
  for (const k of Object.keys(value)) setField(plain, k, (value as Record<string, unknown>)[k]);
  return c.visitObject(plain, key, depth, w);
}

/** A Map's first `maxCollectionSize` entries as a plain object (keys as strings, none lost). */
function mapAsObject(c: WalkerContext, map: Map<unknown, unknown>): Record<string, unknown> {
  const asObject: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of map) {
    if (n++ >= c.maxCollectionSize) break;
    // Two keys may stringify alike (`1` and `'1'`): both are kept.
    setField(asObject, freeKey(asObject, typeof k === 'string' ? k : String(k)), v);
  }
  return asObject;
}
