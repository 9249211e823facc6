// One reader for the error bodies our fetch wrappers look into (the partner's error code for
// metrics, `retry_strategy` for the rate limiter). It reads a clone, so the caller still gets
// the body; it never awaits `cancel()` on that clone, because a tee branch's cancel settles only
// once the caller's branch is read or cancelled too; and it remembers its result per Response,
// so wrappers stacked around one fetch read and parse a failed call's body once between them.

/**
 * Reads at most `maxBytes` of `body` as UTF-8 text. `undefined` when the body is larger (the
 * rest is cancelled without waiting), missing or fails while being read. Never throws.
 */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null | undefined,
  maxBytes: number,
): Promise<string | undefined> {
  const bytes = await readCappedBytes(body, maxBytes);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}

async function readCappedBytes(
  body: ReadableStream<Uint8Array> | null | undefined,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  if (body === null || body === undefined) return undefined;
  try {
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        // Not awaited: on a clone it would stay pending until the caller read the original.
        reader.cancel().catch(() => undefined);
        return undefined;
      }
      chunks.push(value);
    }
    return concat(chunks, size);
  } catch {
    return undefined;
  }
}

type Outcome =
  | { readonly kind: 'read'; readonly value: unknown; readonly bytes: number }
  | { readonly kind: 'over' }
  | { readonly kind: 'none' };

// Keyed by the Response itself: gone when the response is.
const reads = new WeakMap<
  Response,
  { readonly maxBytes: number; readonly outcome: Promise<Outcome> }
>();

/**
 * The parsed JSON body of `response` (an error answer, typically), read from a clone so the
 * caller can still read the original: `undefined` unless the content type says JSON, the body
 * is at most `maxBytes` (declared and actual) and it parses. Never throws, never waits for the
 * caller to read its copy.
 *
 * Memoised per Response object: a second call for the same response (another wrapper around
 * the same fetch, e.g. `instrumentFetch` inside `createRateLimitedFetch`) gets the same parsed
 * value from the one read instead of cloning and parsing again. A larger `maxBytes` than the
 * first call's reads again only if the first read stopped at its cap. Treat the value as
 * read-only: every caller of one response shares it.
 */
export function readJsonBody(response: Response, maxBytes: number): Promise<unknown> {
  const memo = reads.get(response);
  let outcome: Promise<Outcome>;
  if (memo === undefined) outcome = readOutcome(response, maxBytes);
  else if (memo.maxBytes >= maxBytes) outcome = memo.outcome;
  else {
    outcome = memo.outcome.then((o) => (o.kind === 'over' ? readOutcome(response, maxBytes) : o));
  }
  if (memo === undefined || memo.maxBytes < maxBytes) reads.set(response, { maxBytes, outcome });
  return outcome.then((o) => (o.kind === 'read' && o.bytes <= maxBytes ? o.value : undefined));
}

async function readOutcome(response: Response, maxBytes: number): Promise<Outcome> {
  try {
    if (response.body === null || response.bodyUsed) return { kind: 'none' };
    if (!/json/i.test(response.headers.get('content-type') ?? '')) return { kind: 'none' };
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes) return { kind: 'over' };
    const body = await readCappedBytes(response.clone().body, maxBytes);
    if (body === undefined) return { kind: 'over' };
    const bytes = body.byteLength;
    try {
      return { kind: 'read', value: JSON.parse(new TextDecoder().decode(body)), bytes };
    } catch {
      return { kind: 'read', value: undefined, bytes };
    }
  } catch {
    return { kind: 'none' };
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
