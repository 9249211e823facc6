import type { IncomingMessage } from 'node:http';

/** The raw bytes of a request, or why they cannot be had. */
export type RawBody = Buffer | 'too_large' | 'already_parsed' | 'aborted';

/**
 * Reads the raw body up to `maxBytes`, before any JSON parser could re-encode it (a signature
 * covers bytes, not a parsed object). Reuses a Buffer an `express.raw()` or a `verify` hook left
 * in `req.body` / `req.rawBody`. Stops reading as soon as the limit is passed.
 */
export function readRawBody(req: IncomingMessage, maxBytes: number): Promise<RawBody> {
  const r = req as IncomingMessage & { body?: unknown; rawBody?: unknown };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve('too_large');
  if (Buffer.isBuffer(r.rawBody))
    return Promise.resolve(r.rawBody.length > maxBytes ? 'too_large' : r.rawBody);
  if (Buffer.isBuffer(r.body))
    return Promise.resolve(r.body.length > maxBytes ? 'too_large' : r.body);
  if (r.body !== undefined || req.readableEnded) return Promise.resolve('already_parsed');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: RawBody): void => {
      if (done) return;
      done = true;
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause(); // the response closes the connection; no need to read the rest
        finish('too_large');
      } else chunks.push(chunk);
    };
    const onEnd = (): void => finish(Buffer.concat(chunks, size));
    const onError = (): void => finish('aborted');
    const onAborted = (): void => finish('aborted');
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
}
