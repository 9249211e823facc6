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
