import { UNREADABLE, type Walk, type WalkerContext } from './walk-context.js';

/**
 * An array (or a Set's items): each item walked under the array's own key. Copy-on-write like
 * objects; items past `maxCollectionSize` are summarised as `'[n more items]'`.
 */
export function walkArray(
  c: WalkerContext,
  arr: readonly unknown[],
  container: string | undefined,
  depth: number,
  w: Walk,
): unknown {
  const limit = Math.min(arr.length, c.maxCollectionSize);
  let out: unknown[] | undefined = w.copy || limit < arr.length ? [] : undefined;
  w.ancestors.push(arr);
  for (let i = 0; i < limit; i++) {
    let v: unknown;
    let r: unknown;
    try {
      v = arr[i];
      r = c.visit(v, container, depth, w);
    } catch {
      r = UNREADABLE;
    }
    if (out === undefined) {
      if (r === v) continue;
      // Entries before `i` were unchanged, so they are the original values.
      out = arr.slice(0, i);
    }
    out.push(r);
  }
  w.ancestors.pop();
  if (out !== undefined && limit < arr.length) out.push(`[${arr.length - limit} more items]`);
  return out ?? arr;
}
