import type { KeyVerdict } from '../rules/key-verdict.js';

/** What the walker needs from a compiled redactor. */
export interface WalkerRules {
  /** Key verdict (`undefined`: not sensitive), see `KeyClassifier.classify`. */
  classify(key: string, container: string | undefined): KeyVerdict | undefined;
  /** Records one value censored by the key rule behind `verdict`. */
  keyHit(verdict: KeyVerdict): void;
  redactString(s: string): string;
  redactNumber(n: number | bigint): unknown;
  /** Pushes pending metric counts after each top-level call. */
  flush(): void;
  readonly censor: string;
  readonly maxDepth: number;
  readonly maxCollectionSize: number;
  readonly maxNodes: number;
  /** Longer keys are cut to this many characters before the string rules scan them. */
  readonly maxKeyLength: number;
}

/**
 * Position memo. Lines from one call site have the same keys in the same order, so each entry's
 * pre-order position remembers the last key (with its parent) and its verdict, and the last
 * string there that every rule left unchanged. A hit costs one comparison (a pointer compare for
 * the same string) instead of a Map lookup and a scan. Every hit is verified by `===` on key,
 * parent and value, so a stale or clobbered slot only costs a miss. Bounded: `MEMO_SLOTS` slots,
 * strings of at most `MEMO_MAX_LENGTH` characters, never one that matched.
 */
export interface PositionMemo {
  readonly key: (string | undefined)[];
  readonly parent: (string | undefined)[];
  readonly verdict: (KeyVerdict | undefined)[];
  /** The key as written (after the string rules). */
  readonly out: string[];
  readonly clean: (string | undefined)[];
}

/** Per-call walk state; kept per call so re-entrant calls (a getter that logs) are safe. */
export interface Walk {
  /** Always copy (`redact()`), rather than return unchanged values themselves. */
  copy: boolean;
  readonly ancestors: object[];
  nodes: number;
  /** Pre-order number of the next object entry: its slot in the position memo. */
  slot: number;
  /** The output key of the entry just visited (the key after string rules and length cap). */
  key: string;
  /** True while `Object.prototype` has enumerable properties, which `for…in` would list. */
  inherited: boolean;
  /** Top-level merge-object keys left to their serializer, while the merge object is walked. */
  raw: object | undefined;
}

export function newWalk(copy: boolean): Walk {
  return { copy, ancestors: [], nodes: 0, slot: 0, key: '', inherited: false, raw: undefined };
}

/** Walks one value: what every `walk-*` file calls for the values it contains. */
export type Visit = (value: unknown, key: string | undefined, depth: number, w: Walk) => unknown;
/** Walks one object value (cycle, node and depth checks, then by kind). */
export type VisitObject = (
  value: object,
  key: string | undefined,
  depth: number,
  w: Walk,
) => unknown;

/**
 * One walker's rules and state, shared by the `walk-*` files. `visit` and `visitObject` are set
 * by `createWalker`, so the files that walk containers reach back to it without importing it.
 */
export interface WalkerContext extends WalkerRules {
  readonly memo: PositionMemo;
  /**
   * Results of the current objects' entries, so the first change copies earlier entries without
   * reading (or redacting) them twice. A stack: nested walks push above `top`. Slots up to
   * `high` are cleared when the top-level call ends, so nothing logged stays reachable.
   */
  readonly results: unknown[];
  top: number;
  high: number;
  visit: Visit;
  visitObject: VisitObject;
}

export const UNREADABLE = '[Unreadable]';

/** `out[key] = value`, also for an own `__proto__` key (plain assignment would set the prototype). */
export function setField(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    out[key] = value;
  }
}

/** A key not yet used in `out`: two keys may redact to the same text, and neither may vanish. */
export function freeKey(out: Record<string, unknown>, key: string): string {
  if (!Object.hasOwn(out, key)) return key;
  let n = 2;
  while (Object.hasOwn(out, `${key} (${n})`)) n++;
  return `${key} (${n})`;
}
