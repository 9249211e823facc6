import type { Redactor } from './redactor.js';

interface RawRequest {
  method?: unknown;
  url?: unknown;
  headers?: unknown;
  socket?: unknown;
}

interface RawResponse {
  statusCode?: unknown;
  setHeader?: unknown;
  getHeaders?: () => unknown;
}

/**
 * pino maps a raw `http.IncomingMessage` / `ServerResponse` merge object to `{ req }` / `{ res }`;
 * we do it first, keeping only what a log line needs (the path without its query string).
 */
function summariseHttpObject(value: object): object {
  const req = value as RawRequest;
  if (req.method && req.headers && req.socket) {
    const url = typeof req.url === 'string' ? req.url : '';
    const query = url.indexOf('?');
    return {
      req: { method: req.method, url: query < 0 ? url : url.slice(0, query), headers: req.headers },
    };
  }
  const res = value as RawResponse;
  if (typeof res.setHeader === 'function') {
    return { res: { statusCode: res.statusCode, headers: res.getHeaders?.() } };
  }
  return value;
}

/**
 * Redacts the arguments of one pino log call (merge object or Error, message, printf arguments),
 * returning pino's array updated in place or a redacted copy of it. Never throws: if redaction
 * itself fails the line is still written, with a fixed message and nothing from the call.
 */
export function redactLogArguments(redactor: Redactor, args: unknown[]): unknown[] {
  const first = args[0];
  if (typeof first === 'object' && first !== null) args[0] = summariseHttpObject(first);
  return redactor.redactLogArguments(args);
}
