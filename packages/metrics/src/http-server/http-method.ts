/** Methods semantic conventions treat as known; anything else is recorded as `_OTHER`. */
export const KNOWN_HTTP_METHODS: readonly string[] = Object.freeze([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'QUERY',
  'TRACE',
]);

/** Maps a raw method to a bounded `http.request.method` value. */
export function createMethodNormalizer(
  known: readonly string[],
): (method: string | undefined) => string {
  const set = new Set(known);
  return (method) => (method !== undefined && set.has(method) ? method : '_OTHER');
}
