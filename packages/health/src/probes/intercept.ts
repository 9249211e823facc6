import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ProbeHandler } from './probe-response.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Answers probe paths before the server's own request listeners (the Express app), so probes
 * skip app middleware — auth, access logs, rate limits — and Express's per-request cost.
 * Returns a function that restores the original listeners.
 */
export function interceptProbes(
  server: Server,
  handlers: ReadonlyMap<string, ProbeHandler>,
): () => void {
  const original = server.listeners('request') as Listener[];
  const onError = (res: ServerResponse) => (): void => {
    if (!res.headersSent) res.writeHead(500).end();
  };
  const listener: Listener = (req, res) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const handler =
      req.method === 'GET' || req.method === 'HEAD'
        ? handlers.get(q < 0 ? url : url.slice(0, q))
        : undefined;
    if (handler) {
      handler(req, res, onError(res));
      return;
    }
    for (const l of original) l.call(server, req, res);
  };
  for (const l of original) server.off('request', l);
  server.on('request', listener);
  return () => {
    server.off('request', listener);
    for (const l of original) server.on('request', l);
  };
}
