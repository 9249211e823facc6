import type { SensitiveKeyValue, StringRule } from './string-rule.js';

/**
 * Secrets in markup, where the key is an element or an attribute rather than `key=`:
 * `<password>x</password>`, .NET `<add key="ApiKey" value="x" />`, HTML
 * `<input name="password" value="x">`. The key is judged by the key rules; only the value goes.
 */
export function markupRule(sensitive: SensitiveKeyValue): StringRule {
  const element = /<([A-Za-z_][\w.:-]{0,63})(\s[^<>]{0,256})?>([^<]{1,2048})<\/\1>/g;
  const pair =
    /(\b(?:key|name)\s*=\s*(["']))([^"'<>]{1,64})(\2\s+value\s*=\s*(["']))([^"'<>]{0,2048})(?=\5)/g;
  return {
    name: 'markup',
    applies: (_f, s) => s.includes('</') || s.includes('value='),
    apply(s, censor, tally) {
      let out = s;
      if (out.includes('</')) {
        out = out.replace(element, (m, tag: string, attrs: string | undefined, value: string) => {
          const v = value.trim();
          if (v === '' || v === censor || !sensitive(tag, v)) return m;
          tally.hits++;
          return `<${tag}${attrs ?? ''}>${censor}</${tag}>`;
        });
      }
      if (!out.includes('value=')) return out;
      return out.replace(
        pair,
        (m, open: string, _q, key: string, middle: string, _q2, value: string) => {
          if (value === '' || value === censor || !sensitive(key, value)) return m;
          tally.hits++;
          return `${open}${key}${middle}${censor}`;
        },
      );
    },
  };
}
