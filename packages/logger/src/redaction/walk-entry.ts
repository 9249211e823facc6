import { censorsValue, type KeyVerdict } from '../rules/key-verdict.js';
import type { PositionMemo, Walk, WalkerContext } from './walk-context.js';

/** Entries per walk that get a position-memo slot (the first ones in pre-order). */
const MEMO_SLOTS = 256;
/** Longest clean string the position memo keeps. */
export const MEMO_MAX_LENGTH = 64;
/** Smallest 13-digit number: anything below is never a payment card. */
const MIN_CARD_NUMBER = 1e12;

/** Empty slots for `MEMO_SLOTS` entries (see `PositionMemo`). */
export function createPositionMemo(): PositionMemo {
  return {
    key: new Array(MEMO_SLOTS).fill(undefined),
    parent: new Array(MEMO_SLOTS).fill(undefined),
    verdict: new Array(MEMO_SLOTS).fill(undefined),
    out: new Array(MEMO_SLOTS).fill(''),
    clean: new Array(MEMO_SLOTS).fill(undefined),
  };
}

/** A 10 MB key is cut before anything reads it (classification, rules, memo). */
export function capKey(c: WalkerContext, key: string): string {
  const max = c.maxKeyLength;
  return key.length > max ? `${key.slice(0, max)}…[truncated ${key.length - max} chars]` : key;
}

/**
 * One entry of an object (or an Error's own field): the key rules decide from the key, the
 * string rules rewrite the key as written (left in `w.key`), and the value is censored or walked.
 */
export function walkEntry(
  c: WalkerContext,
  rawKey: string,
  value: unknown,
  container: string | undefined,
  depth: number,
  w: Walk,
): unknown {
  const key = capKey(c, rawKey);
  const slot = w.slot++;
  if (slot >= MEMO_SLOTS) {
    const verdict = c.classify(key, container);
    w.key = c.redactString(key);
    return verdict === undefined
      ? nested(c, value, key, depth, w)
      : sensitive(c, verdict, value, key, depth, w);
  }
  const memo = c.memo;
  let verdict: KeyVerdict | undefined;
  if (memo.key[slot] === key && memo.parent[slot] === container) {
    verdict = memo.verdict[slot];
    w.key = memo.out[slot] as string;
  } else {
    verdict = c.classify(key, container);
    memo.key[slot] = key;
    memo.parent[slot] = container;
    memo.verdict[slot] = verdict;
    w.key = memo.out[slot] = c.redactString(key);
  }
  if (verdict !== undefined) return sensitive(c, verdict, value, key, depth, w);
  // Numbers below 13 digits cannot be card numbers (see redactNumber).
  if (typeof value === 'number' && value < MIN_CARD_NUMBER) return value;
  if (typeof value !== 'string') return nested(c, value, key, depth, w);
  if (memo.clean[slot] === value) return value;
  const r = c.redactString(value);
  if (r === value && value.length <= MEMO_MAX_LENGTH) memo.clean[slot] = value;
  return r;
}

/** `visit` for an entry's value, keeping the entry's output key (nested entries set theirs). */
function nested(c: WalkerContext, value: unknown, key: string, depth: number, w: Walk): unknown {
  const outKey = w.key;
  const r = c.visit(value, key, depth, w);
  w.key = outKey;
  return r;
}

/**
 * The value under a key that a key rule matched: censored, or walked like any value when the
 * rule spares it (a count under `tokens_used`, an object under `session`).
 */
function sensitive(
  c: WalkerContext,
  verdict: KeyVerdict,
  value: unknown,
  key: string,
  depth: number,
  w: Walk,
): unknown {
  if (value === undefined || value === c.censor) return value;
  if (!censorsValue(verdict, value)) return nested(c, value, key, depth, w);
  c.keyHit(verdict);
  return c.censor;
}
