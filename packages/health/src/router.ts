import { Router } from 'express';
import type { ProbeHandler } from './probe-response.js';

/** Mounts `GET|HEAD` of each probe path on a new Express router. */
export function createHealthRouter(handlers: ReadonlyMap<string, ProbeHandler>): Router {
  const router = Router();
  for (const [path, handler] of handlers) {
    // Express answers HEAD with the GET handler; Node drops the body for HEAD.
    router.get(path, (req, res, next) => handler(req, res, next));
  }
  return router;
}
