// Signatures are decoded strictly: base64 has several spellings of the same bytes (unused low
// bits in the last character, missing padding). Accepting only the canonical one means a
// signature header has exactly one valid value for given bytes.

const PATTERNS = {
  hex: /^(?:[0-9a-fA-F]{2})+$/,
  base64: /^[A-Za-z0-9+/]+={0,2}$/,
  base64url: /^[\w-]+$/,
} as const;

/** The decoded bytes, or `null` when `value` is not the canonical spelling in `encoding`. */
export function decodeCanonical(
  value: string,
  encoding: 'hex' | 'base64' | 'base64url',
): Buffer | null {
  if (!PATTERNS[encoding].test(value)) return null;
  const bytes = Buffer.from(value, encoding);
  if (bytes.length === 0) return null;
  const again = bytes.toString(encoding);
  return (encoding === 'hex' ? again === value.toLowerCase() : again === value) ? bytes : null;
}
