import { type HitTally, replaceChecked, type StringRule } from './string-rule.js';
import { VENDOR_TOKENS } from './vendor-tokens.js';

interface Prefixed {
  readonly prefix: string;
  readonly body: RegExp;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * Vendor credentials from {@link VENDOR_TOKENS}. Prefixes are indexed by their first two
 * characters: one pass over the string looks each word start up in that index (a prefix inside
 * a word never counts), and only a prefix found there gets its body regex run. So the cost per
 * string stays one character pass however many vendors the table lists.
 */
export function apiKeyRule(): StringRule {
  const byHead = new Map<number, Prefixed[]>();
  const shapes: { hint: string; minLength: number; re: RegExp }[] = [];
  for (const t of VENDOR_TOKENS) {
    if (t.prefix === undefined) {
      shapes.push({ hint: t.hint ?? '', minLength: t.minLength ?? 0, re: new RegExp(t.body, 'g') });
      continue;
    }
    const head = t.prefix.charCodeAt(0) * 65536 + t.prefix.charCodeAt(1);
    const list = byHead.get(head) ?? [];
    list.push({ prefix: t.prefix, body: new RegExp(t.body, 'y') });
    // Longest prefix first: `sk-ant-` before `sk-`.
    list.sort((a, b) => b.prefix.length - a.prefix.length);
    byHead.set(head, list);
  }

  /** End of the credential whose prefix starts at `i`, and the prefix length; or -1. */
  function matchAt(s: string, i: number, list: readonly Prefixed[]): [number, number] | undefined {
    for (const { prefix, body } of list) {
      if (!s.startsWith(prefix, i)) continue;
      body.lastIndex = i + prefix.length;
      if (body.test(s)) return [body.lastIndex, prefix.length];
    }
    return undefined;
  }

  function replacePrefixed(s: string, censor: string, tally: HitTally): string {
    let out = '';
    let last = 0;
    let prev = 0;
    for (let i = 0; i < s.length - 2; i++) {
      const c = s.charCodeAt(i);
      const atStart = !isWordChar(prev);
      prev = c;
      if (!atStart) continue;
      const list = byHead.get(c * 65536 + s.charCodeAt(i + 1));
      if (list === undefined) continue;
      const found = matchAt(s, i, list);
      if (found === undefined || s.startsWith(censor, i + found[1])) continue;
      tally.hits++;
      out += s.slice(last, i + found[1]) + censor;
      last = found[0];
      i = last - 1;
      prev = s.charCodeAt(i);
    }
    return last === 0 ? s : out + s.slice(last);
  }

  return {
    name: 'api-key',
    applies: (_f, s) => s.length >= 12,
    apply(s, censor, tally) {
      let out = replacePrefixed(s, censor, tally);
      for (const { hint, minLength, re } of shapes) {
        if (out.length >= minLength && out.includes(hint)) {
          out = replaceChecked(re, out, censor, tally, () => true);
        }
      }
      return out;
    },
  };
}
