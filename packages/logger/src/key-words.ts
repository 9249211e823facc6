/**
 * Upper-case runs (`HTTP`, `KEY`), capitalised or lower-case words (`Header`, `api`) and digit
 * runs; everything else (`_`, `-`, `.`, `:`, spaces, other scripts) separates words.
 */
const WORD = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;

/**
 * Splits a key into lower-case words on case changes and separators, so rules can match whole
 * words: `credentialsId` → `credentials id`, `HTTPHeader` → `http header`, `_authToken` →
 * `auth token`, `X-API-KEY` → `x api key`.
 */
export function splitKeyWords(key: string): string[] {
  const words = key.match(WORD);
  if (words === null) return [];
  for (let i = 0; i < words.length; i++) words[i] = (words[i] as string).toLowerCase();
  return words;
}
