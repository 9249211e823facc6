import type { ServerResponse } from 'node:http';
import { type Request, type RequestHandler, Router } from 'express';
import type { Endpoints, Reply } from './endpoints.js';
import { HEALTH_CONTENT_TYPE } from './health-body.js';
import type { ShowDetails } from './options.js';

/** Mounts `GET|HEAD <basePath>/live|ready|startup` on a new Express router. */
export function createHealthRouter(
  endpoints: Endpoints,
  basePath: string,
  showDetails: ShowDetails,
): Router {
  const allowDetails = detailsPolicy(showDetails);
  const handle =
    (endpoint: (details: boolean) => Reply | Promise<Reply>): RequestHandler =>
    (req, res, next) => {
      const reply = endpoint(allowDetails(req));
      if (reply instanceof Promise) reply.then((r) => send(res, r), next);
      else send(res, reply);
    };
  const router = Router();
  // Express answers HEAD with the GET handler; Node drops the body for HEAD.
  router.get(`${basePath}/live`, handle(endpoints.live));
  router.get(`${basePath}/ready`, handle(endpoints.ready));
  router.get(`${basePath}/startup`, handle(endpoints.startup));
  return router;
}

function detailsPolicy(showDetails: ShowDetails): (req: Request) => boolean {
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
