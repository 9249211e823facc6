import { walkArray } from './walk-array.js';
import {
  newWalk,
  UNREADABLE,
  type Walk,
  type WalkerContext,
  type WalkerRules,
} from './walk-context.js';
import { createPositionMemo, MEMO_MAX_LENGTH } from './walk-entry.js';
import { walkInstance } from './walk-instances.js';
import { walkObject } from './walk-object.js';

// How a value is walked, one file per kind: `walk-object.ts` (plain objects, copy-on-write),
// `walk-entry.ts` (one key and its value: key rules, the position memo), `walk-array.ts`
// (arrays, Sets), `walk-instances.ts` (Maps, Dates, buffers, URLs, toJSON, class instances),
// `walk-error.ts` (Errors). This file dispatches by type and runs the top-level calls.

/** Walks values, applying key rules to properties and string rules to strings. */
export interface Walker {
  /** A redacted deep copy. */
  copy(value: unknown): unknown;
  /** The value itself when nothing in it needed to change, else a redacted copy. */
  copyIfChanged(value: unknown): unknown;
  /**
   * Redacts each of pino's log-method arguments in place. Top-level fields of the merge object
   * whose key is in `raw` are passed through untouched (their serializer redacts its own output).
   */
  logArguments(args: unknown[], raw?: object): unknown[];
}

/** Log-call arguments that get a position-memo slot (the message, printf arguments). */
const ARG_MEMO_SLOTS = 4;

/** True when someone added enumerable properties to `Object.prototype` (`for…in` lists them). */
function prototypePolluted(): boolean {
  for (const _ in Object.prototype) return true;
  return false;
}

/**
 * Creates the bounded walker behind a redactor. It never throws: cycles become `'[Circular]'`,
 * throwing getters and Proxies `'[Unreadable]'`, and depth, size and node count are capped.
 */
export function createWalker(rules: WalkerRules): Walker {
  const c: WalkerContext = {
    classify: rules.classify,
    keyHit: rules.keyHit,
    redactString: rules.redactString,
    redactNumber: rules.redactNumber,
    flush: rules.flush,
    censor: rules.censor,
    maxDepth: rules.maxDepth,
    maxCollectionSize: rules.maxCollectionSize,
    maxNodes: rules.maxNodes,
    maxKeyLength: rules.maxKeyLength,
    memo: createPositionMemo(),
    results: [],
    top: 0,
    high: 0,
    visit,
    visitObject,
  };
  const { redactString, redactNumber, maxDepth, maxNodes } = c;
  // The same memo for string arguments of log calls, by position: messages are mostly the
  // same literal line after line.
  const memoArgs: (string | undefined)[] = new Array(ARG_MEMO_SLOTS).fill(undefined);

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
        return depth >= maxDepth ? '[Array]' : walkArray(c, value, key, depth + 1, w);
      }
      const proto = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) {
        if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
          return walkInstance(c, value, key, depth, w);
        return depth >= maxDepth
          ? '[Object]'
          : walkObject(c, value as Record<string, unknown>, key, depth + 1, w);
      }
      return walkInstance(c, value, key, depth, w);
    } catch {
      return UNREADABLE;
    }
  }

  /** pino's own argument array: each argument redacted in place, no copy of the array. */
  function logArguments(list: unknown[], raw: object | undefined, w: Walk): unknown[] {
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      if (i === 0 && typeof v === 'object' && v !== null) {
        w.raw = raw;
        const r = visit(v, undefined, 0, w);
        w.raw = undefined;
        // An unreadable merge object (a revoked Proxy) must not become the message.
        list[i] = typeof r === 'object' ? r : { value: r };
      } else if (typeof v !== 'string') list[i] = visit(v, undefined, 0, w);
      else if (i >= ARG_MEMO_SLOTS || memoArgs[i] !== v) {
        const r = redactString(v);
        if (i < ARG_MEMO_SLOTS && r === v && v.length <= MEMO_MAX_LENGTH) memoArgs[i] = v;
        list[i] = r;
      }
    }
    return list;
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
      return args ? logArguments(value as unknown[], raw, w) : visit(value, undefined, 0, w);
    } catch {
      // Only an unexpected failure leaves ancestors behind (pushes and pops are paired).
      w.ancestors.length = 0;
      return args
        ? [{ redaction_failed: true }, 'log line withheld: redaction failed']
        : UNREADABLE;
    } finally {
      if (reuse) busy = false;
      if (--running === 0) {
        for (let i = 0; i < c.high; i++) c.results[i] = undefined;
        c.high = 0;
      }
      c.flush();
    }
  }

  return {
    copy: (value) => run(value, true, false),
    copyIfChanged: (value) => run(value, false, false),
    logArguments: (args, raw) => run(args, false, true, raw) as unknown[],
  };
}
