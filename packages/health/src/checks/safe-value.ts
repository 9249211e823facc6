/** A JSON value as it may appear in a body: what a check's `observedValue` is turned into. */
export type ObservedValue =
  | string
  | number
  | boolean
  | null
  | readonly ObservedValue[]
  | { readonly [key: string]: ObservedValue };

// Bounds of one observedValue in a body; the whole body is capped by maxBodyBytes on top.
const MAX_DEPTH = 4;
const MAX_ENTRIES = 20;
const MAX_NODES = 100;
const MAX_KEY_LENGTH = 64;

const CIRCULAR = '[Circular]';
const UNREADABLE = '[Unreadable]';

/**
 * Copies whatever a check put in `observedValue` into a bounded JSON value that
 * `JSON.stringify` cannot choke on: every string (keys too) goes through `text` (sanitize and
 * cap), a BigInt becomes its digits, a cycle `[Circular]`, a throwing getter, `toJSON` or Proxy
 * trap `[Unreadable]`, and objects deeper, wider or larger than the bounds are summarised.
 * `undefined` means "nothing to show" (undefined, functions, symbols).
 */
export function toObservedValue(
  value: unknown,
  text: (raw: string, maxLength?: number) => string,
): ObservedValue | undefined {
  let budget = MAX_NODES;
  const ancestors = new Set<object>();

  const walk = (v: unknown, depth: number): ObservedValue | undefined => {
    budget -= 1;
    if (v === UNREADABLE_ENTRY) return UNREADABLE;
    switch (typeof v) {
      case 'string':
        return text(v);
      case 'number':
        return Number.isFinite(v) ? v : String(v);
      case 'boolean':
        return v;
      case 'bigint':
        return text(v.toString());
      case 'object':
        break;
      default:
        return undefined;
    }
    if (v === null) return null;
    if (ancestors.has(v)) return CIRCULAR;
    if (depth >= MAX_DEPTH) return '[Object]';
    ancestors.add(v);
    try {
      return container(v, depth);
    } catch {
      return UNREADABLE;
    } finally {
      ancestors.delete(v);
    }
  };

  // May throw (Proxy traps, getters): the caller turns that into a placeholder.
  const container = (v: object, depth: number): ObservedValue | undefined => {
    if (ArrayBuffer.isView(v)) return `[${Object.prototype.toString.call(v).slice(8, -1)}]`;
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return walk(toJSON.call(v), depth + 1);
    if (Array.isArray(v)) {
      const out: ObservedValue[] = [];
      const length = v.length;
      for (let i = 0; i < length && out.length < MAX_ENTRIES && budget > 0; i += 1) {
        out.push(walk(readEntry(v, i), depth + 1) ?? null);
      }
      if (out.length < length) out.push(`… ${length - out.length} more`);
      return out;
    }
    const keys = Object.keys(v);
    const out: Record<string, ObservedValue> = Object.create(null);
    let shown = 0;
    for (const key of keys) {
      if (shown >= MAX_ENTRIES || budget <= 0) break;
      shown += 1;
      const item = walk(readEntry(v, key), depth + 1);
      if (item !== undefined) out[text(key, MAX_KEY_LENGTH)] = item;
    }
    if (shown < keys.length) out['…'] = `${keys.length - shown} more`;
    return out;
  };

  return walk(value, 0);
}

const UNREADABLE_ENTRY = Symbol('unreadable');

function readEntry(container: object, key: string | number): unknown {
  try {
    return (container as Record<string | number, unknown>)[key];
  } catch {
    return UNREADABLE_ENTRY;
  }
}
