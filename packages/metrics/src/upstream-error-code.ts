// Reads a partner API's error code from a JSON error body without trusting its shape or size.

/** Error codes counted by name by default; any other code is counted as `_OTHER`. */
export const DEFAULT_UPSTREAM_ERROR_CODES: readonly string[] = Object.freeze([
  'AUTH_INVALID_KEY',
  'AUTH_INSUFFICIENT_SCOPE',
  'RATE_LIMITED',
  'INSUFFICIENT_CREDITS',
  'INSUFFICIENT_BALANCE',
  'PAYMENT_FAILED',
  'VALIDATION_ERROR',
  'NOT_FOUND',
  'CONFLICT',
  'IDEMPOTENCY_CONFLICT',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
]);

/**
 * Finds the code in the common error-body shapes: `{ error: { code } }`, `{ code }`,
 * `{ error_code }` and `{ error: "CODE" }`. Returns undefined when there is none.
 */
export function errorCodeFromBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const nested =
    typeof b.error === 'object' && b.error !== null
      ? (b.error as Record<string, unknown>).code
      : undefined;
  for (const candidate of [nested, b.code, b.error_code, b.error]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  return undefined;
}

/** Reads at most `maxBytes` of a body as text; undefined when larger or unreadable. */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<string | undefined> {
  if (body === null) return undefined;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return undefined;
      }
      chunks.push(value);
    }
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks).toString('utf8');
}
