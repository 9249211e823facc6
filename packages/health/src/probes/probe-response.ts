import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ShowDetails } from '../options.js';
import type { Endpoints, Reply } from './endpoints.js';
import { HEALTH_CONTENT_TYPE } from './health-body.js';

/** An endpoint bound to a request: decides details, runs, and writes the reply. */
export type ProbeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  onError: (error: unknown) => void,
) => void;

/** The three probe handlers keyed by their path relative to the mount point. */
export function probeHandlers(
  endpoints: Endpoints,
  basePath: string,
  showDetails: ShowDetails,
): Map<string, ProbeHandler> {
  const allowDetails = detailsPolicy(showDetails);
  const bind =
    (endpoint: (details: boolean) => Reply | Promise<Reply>): ProbeHandler =>
    (req, res, onError) => {
      const reply = endpoint(allowDetails(req));
      if (reply instanceof Promise) reply.then((r) => send(res, r), onError);
      else send(res, reply);
    };
  return new Map([
    [`${basePath}/live`, bind(endpoints.live)],
    [`${basePath}/ready`, bind(endpoints.ready)],
    [`${basePath}/startup`, bind(endpoints.startup)],
  ]);
}

function detailsPolicy(showDetails: ShowDetails): (req: IncomingMessage) => boolean {
  if (showDetails === 'always') return () => true;
  if (showDetails === 'never') return () => false;
  return (req) => {
    try {
      return showDetails(req) === true;
    } catch {
      // A failing policy must not break the probe, nor reveal details.
      return false;
    }
  };
}

// Written directly: no ETag, so a probe can never get a 304 with a stale status.
function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) return;
  res.writeHead(reply.statusCode, {
    'content-type': HEALTH_CONTENT_TYPE,
    'content-length': Buffer.byteLength(reply.body),
    'cache-control': 'no-store',
  });
  res.end(reply.body);
}
