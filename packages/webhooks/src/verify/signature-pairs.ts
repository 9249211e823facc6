// `t=1492774577,v1=5257a8…,v1=…,v0=…`: the Stripe-style header both the 'stripe' and the
// 'timestamp-hmac' schemes use. Unknown keys are skipped; several v1 values carry rotation.

const HEX_64_RE = /^[0-9a-f]{64}$/;
const MAX_PAIRS = 32;

/** The timestamp and v1 signatures of a pair header, or `null` when malformed. */
export function parseSignaturePairs(
  value: string,
): { readonly t: string; readonly v1: readonly Buffer[] } | null {
  let t: string | undefined;
  const v1: Buffer[] = [];
  const pairs = value.split(',');
  if (pairs.length > MAX_PAIRS) return null;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) continue;
    const key = pair.slice(0, eq).trim();
    const val = pair.slice(eq + 1).trim();
    if (key === 't') {
      if (t !== undefined) return null; // two timestamps: which one was signed?
      t = val;
    } else if (key === 'v1') {
      const hex = val.toLowerCase();
      if (HEX_64_RE.test(hex)) v1.push(Buffer.from(hex, 'hex'));
    }
  }
  if (t === undefined || v1.length === 0) return null;
  return { t, v1 };
}
