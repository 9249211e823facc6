import { httpSummary } from '../http-summary.js';
import { censorsValue, KEY_NOT_SENSITIVE } from '../rules/key-classifier.js';
import { copyError, isErrorLike } from './copy-error.js';

/** What the walker needs from a compiled redactor. */
export interface WalkerRules {
  /** Key verdict, see `KeyClassifier.classify`. */
  classify(key: string, container: string | undefined): number;
  /** Records one value censored by the key rule behind `code`. */
  keyHit(code: number): void;
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

/** Walks values, applying key rules to properties and string rules to strings. */
export interface Walker {
  /** A redacted deep copy. */
  copy(value: unknown): unknown;
  /** The value itself when nothing changed, else a redacted copy (copy-on-write). */
  cow(value: unknown): unknown;
  /**
   * Redacts each element of `args` in place. Top-level fields of the merge object whose key is
   * in `raw` are passed through untouched (their serializer redacts its own output).
   */
  args(args: unknown[], raw?: object): unknown[];
}

/** Per-call walk state; kept per call so re-entrant calls (a getter that logs) are safe. */
interface Walk {
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

const UNREADABLE = '[Unreadable]';
/** Entries per walk that get a position-memo slot (the first ones in pre-order). */
const MEMO_SLOTS = 256;
/** Longest clean string the position memo keeps. */
const MEMO_MAX_LENGTH = 64;
/** Log-call arguments that get a position-memo slot. */
const ARG_MEMO_SLOTS = 4;
/** Smallest 13-digit number: anything below is never a payment card. */
const MIN_CARD_NUMBER = 1e12;

/** True when someone added enumerable properties to `Object.prototype` (`for…in` lists them). */
function prototypePolluted(): boolean {
  for (const _ in Object.prototype) return true;
  return false;
}

/** `out[key] = value`, also for an own `__proto__` key (plain assignment would set the prototype). */
function setField(out: Record<string, unknown>, key: string, value: unknown): void {
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
function freeKey(out: Record<string, unknown>, key: string): string {
  if (!Object.hasOwn(out, key)) return key;
  let n = 2;
  while (Object.hasOwn(out, `${key} (${n})`)) n++;
  return `${key} (${n})`;
}

/**
 * Creates the bounded walker behind a redactor. It never throws: cycles become `'[Circular]'`,
 * throwing getters and Proxies `'[Unreadable]'`, and depth, size and node count are capped.
 */
export function createWalker(rules: WalkerRules): Walker {
  const {
    censor,
    maxDepth,
    maxCollectionSize,
    maxNodes,
    maxKeyLength,
    classify,
    redactString,
    redactNumber,
  } = rules;

  // Position memo. Lines from one call site have the same keys in the same order, so each
  // entry's pre-order position remembers the last key (with its parent) and its verdict, and
  // the last string there that every rule left unchanged. A hit costs one comparison (a pointer
  // compare for the same string) instead of a Map lookup and a scan. Every hit is verified by
  // `===` on key, parent and value, so a stale or clobbered slot only costs a miss. Bounded:
  // MEMO_SLOTS slots, strings of at most MEMO_MAX_LENGTH characters, never one that matched.
  const memoKey: (string | undefined)[] = new Array(MEMO_SLOTS).fill(undefined);
  const memoParent: (string | undefined)[] = new Array(MEMO_SLOTS).fill(undefined);
  const memoCode = new Int32Array(MEMO_SLOTS);
  const memoOut: string[] = new Array(MEMO_SLOTS).fill('');
  const memoClean: (string | undefined)[] = new Array(MEMO_SLOTS).fill(undefined);
  // The same for string arguments of log calls (the message, printf arguments), by position.
  const memoArgs: (string | undefined)[] = new Array(ARG_MEMO_SLOTS).fill(undefined);

  /** A key as written (already cut to `maxKeyLength`): the string rules apply to keys too. */
  const outputKey = redactString;

  /** A 10 MB key is cut before anything reads it (classification, rules, memo). */
  function capKey(key: string): string {
    return key.length > maxKeyLength
      ? `${key.slice(0, maxKeyLength)}…[truncated ${key.length - maxKeyLength} chars]`
      : key;
  }

  const errorFieldKey = (key: string) => outputKey(capKey(key));

  function entry(
    rawKey: string,
    value: unknown,
    container: string | undefined,
    depth: number,
    w: Walk,
  ): unknown {
    const key = capKey(rawKey);
    const slot = w.slot++;
    if (slot >= MEMO_SLOTS) {
      const code = classify(key, container);
      w.key = outputKey(key);
      return code === KEY_NOT_SENSITIVE
        ? nested(value, key, depth, w)
        : sensitive(code, value, key, depth, w);
    }
    let code: number;
    if (memoKey[slot] === key && memoParent[slot] === container) {
      code = memoCode[slot] as number;
      w.key = memoOut[slot] as string;
    } else {
      code = classify(key, container);
      memoKey[slot] = key;
      memoParent[slot] = container;
      memoCode[slot] = code;
      w.key = memoOut[slot] = outputKey(key);
    }
    if (code !== KEY_NOT_SENSITIVE) return sensitive(code, value, key, depth, w);
    // Numbers below 13 digits cannot be card numbers (see redactNumber).
    if (typeof value === 'number' && value < MIN_CARD_NUMBER) return value;
    if (typeof value !== 'string') return nested(value, key, depth, w);
    if (memoClean[slot] === value) return value;
    const r = redactString(value);
    if (r === value && value.length <= MEMO_MAX_LENGTH) memoClean[slot] = value;
    return r;
  }

  /** `visit` for an entry's value, keeping the entry's output key (nested entries set theirs). */
  function nested(value: unknown, key: string, depth: number, w: Walk): unknown {
    const outKey = w.key;
    const r = visit(value, key, depth, w);
    w.key = outKey;
    return r;
  }

  /**
   * The value under a key that key rule `code` matched: censored, or walked like any value when
   * the rule spares it (a count under `tokens_used`, an object under `session`).
   */
  function sensitive(code: number, value: unknown, key: string, depth: number, w: Walk): unknown {
    if (value === undefined || value === censor) return value;
    if (!censorsValue(code, value)) return nested(value, key, depth, w);
    rules.keyHit(code);
    return censor;
  }

  function visit(value: unknown, key: string | undefined, depth: number, w: Walk): unknown {
    switch (typeof value) {
      case 'string':
        return redactString(value);
      case 'number':
      case 'bigint':
        return redactNumber(value);
      case 'object':
        return value === null ? null : visitObject(value, key, depth, w);
      default:
        return value;
    }
  }

  function visitObject(value: object, key: string | undefined, depth: number, w: Walk): unknown {
    if (++w.nodes > maxNodes) return '[Truncated]';
    if (w.ancestors.includes(value)) return '[Circular]';
    try {
      if (Array.isArray(value)) {
        return depth >= maxDepth ? '[Array]' : walkArray(value, key, depth + 1, w);
      }
      const proto = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) {
        if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
          return visitSpecial(value, key, depth, w);
        return depth >= maxDepth
          ? '[Object]'
          : walkObject(value as Record<string, unknown>, key, depth + 1, w);
      }
      return visitSpecial(value, key, depth, w);
    } catch {
      return UNREADABLE;
    }
  }

  function visitSpecial(value: object, key: string | undefined, depth: number, w: Walk): unknown {
    if (isErrorLike(value)) {
      if (depth >= maxDepth) return '[Error]';
      w.ancestors.push(value);
      try {
        return copyError(
          value,
          (k, v) =>
            k === undefined ? visit(v, 'cause', depth + 1, w) : entry(k, v, key, depth + 1, w),
          redactString,
          errorFieldKey,
        );
      } finally {
        w.ancestors.pop();
      }
    }
    if (value instanceof Date) return w.copy ? new Date(value.getTime()) : value;
    if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
    if (value instanceof ArrayBuffer) return `[ArrayBuffer ${value.byteLength} bytes]`;
    if (value instanceof URL) return redactString(value.href);
    if (value instanceof Map) {
      const asObject: Record<string, unknown> = {};
      let n = 0;
      for (const [k, v] of value) {
        if (n++ >= maxCollectionSize) break;
        setField(asObject, freeKey(asObject, typeof k === 'string' ? k : String(k)), v);
      }
      return visitObject(asObject, key, depth, w);
    }
    if (value instanceof Set)
      return visitObject(Array.from(value).slice(0, maxCollectionSize), key, depth, w);
    if (value instanceof RegExp) return String(value);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const json: unknown = toJSON.call(value);
      // depth + 1 bounds toJSON chains; a toJSON returning itself is copied field by field.
      if (json !== value) return depth >= maxDepth ? '[Object]' : visit(json, key, depth + 1, w);
    }
    const http = httpSummary(value);
    if (http !== undefined) return visitObject(http, key, depth, w);
    // Class instances serialise like their own enumerable properties; copy those into a plain object.
    const plain: Record<string, unknown> = {};
    for (const k of Object.keys(value)) setField(plain, k, (value as Record<string, unknown>)[k]);
    return visitObject(plain, key, depth, w);
  }

  // Results of the current objects' entries, so the first change copies earlier entries
  // without reading (or redacting) them twice. Used as a stack: nested walks push above.
  // Slots up to `high` are cleared when the top-level call ends, so nothing logged stays
  // reachable after it.
  const results: unknown[] = [];
  let top = 0;
  let high = 0;

  function walkObject(
    obj: Record<string, unknown>,
    container: string | undefined,
    depth: number,
    w: Walk,
  ): unknown {
    let out: Record<string, unknown> | undefined = w.copy ? {} : undefined;
    const base = top;
    let n = 0;
    w.ancestors.push(obj);
    const raw = depth === 1 ? w.raw : undefined;
    // Until a key is renamed (redacted, cut) keys are for…in's, so unique: no collision check.
    let renamed = false;
    // for…in over a plain object (prototype checked by the caller) avoids allocating a key list.
    // Own keys come first, so an inherited one (a polluted Object.prototype) ends the object.
    for (const k in obj) {
      if (w.inherited && !Object.hasOwn(obj, k)) break;
      if (n === maxCollectionSize) {
        out = out ?? copyPrefix(obj, base);
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
            : entry(k, v, container, depth, w);
      } catch {
        r = UNREADABLE;
      }
      const key = w.key;
      n++;
      if (out === undefined) {
        if (r === v && key === k) {
          results[top++] = r;
          continue;
        }
        out = copyPrefix(obj, base);
      }
      // A redacted key may equal a key already written (`[REDACTED]` twice): both are kept.
      if (key !== k) renamed = true;
      setField(out, renamed ? freeKey(out, key) : key, r);
    }
    w.ancestors.pop();
    if (top > high) high = top;
    top = base;
    return out ?? obj;
  }

  /** A plain object of `obj`'s first keys (all unchanged) with the results recorded from `base` on. */
  function copyPrefix(obj: Record<string, unknown>, base: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let i = base;
    // Entries before the first change kept their key, so the original keys are the output keys.
    for (const k in obj) {
      if (i >= top) break;
      setField(out, k, results[i++]);
    }
    return out;
  }

  function walkArray(
    arr: readonly unknown[],
    container: string | undefined,
    depth: number,
    w: Walk,
  ): unknown {
    const limit = Math.min(arr.length, maxCollectionSize);
    let out: unknown[] | undefined = w.copy || limit < arr.length ? [] : undefined;
    w.ancestors.push(arr);
    for (let i = 0; i < limit; i++) {
      let v: unknown;
      let r: unknown;
      try {
        v = arr[i];
        r = visit(v, container, depth, w);
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

  // One reusable walk state for the common, non re-entrant case (a getter that logs re-enters).
  const shared: Walk = newWalk(false);
  let busy = false;
  // Calls in progress (a getter that logs re-enters): `results` is cleared when the last ends.
  let running = 0;

  function run(value: unknown, copy: boolean, args: boolean, raw?: object): unknown {
    const reuse = !busy && !copy;
    const w: Walk = reuse ? shared : newWalk(copy);
    if (reuse) busy = true;
    running++;
    try {
      w.nodes = 0;
      w.slot = 0;
      w.inherited = prototypePolluted();
      w.raw = undefined;
      if (!args) return visit(value, undefined, 0, w);
      // pino's own argument array: redact each argument in place, no copy of the array.
      const list = value as unknown[];
      for (let i = 0; i < list.length; i++) {
        const v = list[i];
        if (i === 0 && typeof v === 'object' && v !== null) {
          w.raw = raw;
          const r = visit(v, undefined, 0, w);
          w.raw = undefined;
          // An unreadable merge object (a revoked Proxy) must not become the message.
          list[i] = typeof r === 'object' ? r : { value: r };
        }
        // Messages are mostly the same literal line after line: one comparison, no scan.
        else if (typeof v !== 'string') list[i] = visit(v, undefined, 0, w);
        else if (i >= ARG_MEMO_SLOTS || memoArgs[i] !== v) {
          const r = redactString(v);
          if (i < ARG_MEMO_SLOTS && r === v && v.length <= MEMO_MAX_LENGTH) memoArgs[i] = v;
          list[i] = r;
        }
      }
      return list;
    } catch {
      // Only an unexpected failure leaves ancestors behind (pushes and pops are paired).
      w.ancestors.length = 0;
      return args
        ? [{ redaction_failed: true }, 'log line withheld: redaction failed']
        : UNREADABLE;
    } finally {
      if (reuse) busy = false;
      if (--running === 0) {
        for (let i = 0; i < high; i++) results[i] = undefined;
        high = 0;
      }
      rules.flush();
    }
  }

  return {
    copy: (value) => run(value, true, false),
    cow: (value) => run(value, false, false),
    args: (args, raw) => run(args, false, true, raw) as unknown[],
  };
}

function newWalk(copy: boolean): Walk {
  return { copy, ancestors: [], nodes: 0, slot: 0, key: '', inherited: false, raw: undefined };
}
