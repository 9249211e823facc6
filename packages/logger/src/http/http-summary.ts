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

/** `'req'` for a raw `http.IncomingMessage`, `'res'` for a `ServerResponse`, as pino tells them. */
export function httpKind(value: object): 'req' | 'res' | undefined {
  const req = value as RawRequest;
  if (req.method && req.headers && req.socket) return 'req';
  const res = value as RawResponse;
  if (typeof res.setHeader === 'function' && typeof res.getHeaders === 'function') return 'res';
  return undefined;
}

/**
 * A raw `http.IncomingMessage` / `ServerResponse` reduced to what a log line needs (the path
 * without its query string, headers, status), else `undefined`. pino would otherwise walk the
 * socket and parser internals.
 */
export function httpSummary(value: object): object | undefined {
  const req = value as RawRequest;
  if (req.method && req.headers && req.socket) {
    const url = typeof req.url === 'string' ? req.url : '';
    const query = url.indexOf('?');
    return { method: req.method, url: query < 0 ? url : url.slice(0, query), headers: req.headers };
  }
  const res = value as RawResponse;
  if (typeof res.setHeader === 'function' && typeof res.getHeaders === 'function') {
    return { statusCode: res.statusCode, headers: res.getHeaders() };
  }
  return undefined;
}
