import { createHash } from 'node:crypto';

const ID_RE = /^[\x21-\x7e]{1,256}$/;

/**
 * The id deduplication keys on: the one the signature covers (Standard Webhooks), else the
 * payload's top-level `id` (Stripe and most partners), else a hash of the body, so at least a
 * byte-identical redelivery is caught.
 */
export function eventIdOf(signedId: string | undefined, payload: unknown, body: Buffer): string {
  if (signedId !== undefined) return signedId;
  if (typeof payload === 'object' && payload !== null && !Array.isArray(payload)) {
    const id = (payload as Record<string, unknown>).id;
    if (typeof id === 'string' && ID_RE.test(id)) return id;
  }
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/** The body as JSON, or `undefined` when it is not JSON. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
