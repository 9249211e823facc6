// Reading outside headers: a value can be absent, a string, or (for repeated headers) an array.
// Anything else — several different values, control characters — is malformed, never a throw.

/** `undefined` when absent, `null` when present but unusable, else the trimmed value. */
export function headerValue(headers: unknown, name: string): string | undefined | null {
  if (typeof headers !== 'object' || headers === null) return undefined;
  let value: unknown;
  try {
    value = (headers as Record<string, unknown>)[name];
  } catch {
    return null; // a hostile getter
  }
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    if (value.length !== 1) return null;
    value = value[0];
  }
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return trimmed.length > 8192 ? null : trimmed;
}
