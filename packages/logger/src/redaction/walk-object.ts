import { freeKey, setField, UNREADABLE, type Walk, type WalkerContext } from './walk-context.js';
import { walkEntry } from './walk-entry.js';

/**
 * A plain object (prototype checked by the caller): each entry through the key and string
 * rules. Copy-on-write: returns `obj` itself while nothing changed; the first change copies the
 * entries before it from `c.results`, without reading (or redacting) them twice. Keys past
 * `maxCollectionSize` are summarised.
 */
export function walkObject(
  c: WalkerContext,
  obj: Record<string, unknown>,
  container: string | undefined,
  depth: number,
  w: Walk,
): unknown {
  const results = c.results;
  let out: Record<string, unknown> | undefined = w.copy ? {} : undefined;
  const base = c.top;
  let n = 0;
  w.ancestors.push(obj);
  const raw = depth === 1 ? w.raw : undefined;
  // Until a key is renamed (redacted, cut) keys are for…in's, so unique: no collision check.
  let renamed = false;
  // for…in over a plain object (prototype checked by the caller) avoids allocating a key list.
  // Own keys come first, so an inherited one (a polluted Object.prototype) ends the object.
  for (const k in obj) {
    if (w.inherited && !Object.hasOwn(obj, k)) break;
    if (n === c.maxCollectionSize) {
      out = out ?? copyPrefix(c, obj, base);
      out['[truncated]'] = 'more keys omitted';
      break;
    }
    let v: unknown;
    let r: unknown;
    w.key = k;
    try {
      v = obj[k];
      r =
        raw !== undefined && (raw as Record<string, unknown>)[k] !== undefined
          ? v
          : walkEntry(c, k, v, container, depth, w);
    } catch {
      r = UNREADABLE;
    }
    const key = w.key;
    n++;
    if (out === undefined) {
      if (r === v && key === k) {
        results[c.top++] = r;
        continue;
      }
      out = copyPrefix(c, obj, base);
    }
    // A redacted key may equal a key already written (`[REDACTED]` twice): both are kept.
    if (key !== k) renamed = true;
    setField(out, renamed ? freeKey(out, key) : key, r);
  }
  w.ancestors.pop();
  if (c.top > c.high) c.high = c.top;
  c.top = base;
  return out ?? obj;
}

/** A plain object of `obj`'s first keys (all unchanged) with the results recorded from `base` on. */
function copyPrefix(
  c: WalkerContext,
  obj: Record<string, unknown>,
  base: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let i = base;
  // Entries before the first change kept their key, so the original keys are the output keys.
  for (const k in obj) {
    if (i >= c.top) break;
    setField(out, k, c.results[i++]);
  }
  return out;
}
