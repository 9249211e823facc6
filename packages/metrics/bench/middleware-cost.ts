// CPU cost of the middleware alone, per request, without HTTP: a stand-in request/response pair
// goes through the middleware and emits 'close'. Much steadier than autocannon on a shared
// machine, so it shows where the time goes; the HTTP benchmark shows what it means end to end.

import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import express from 'express';
import { createMetrics, httpMetrics } from '../src/index.js';
import { preflightViews } from '../src/sdk/views.js';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** A routed request as Express leaves it, and a finished 200 response with Content-Length. */
function requestPair(route: object, app: object): { req: IncomingMessage; res: ServerResponse } {
  const req = { method: 'GET', socket: {}, headers: {}, route, app } as unknown as IncomingMessage;
  const res = Object.assign(new EventEmitter(), {
    headersSent: true,
    statusCode: 200,
    writableFinished: true,
    getHeader: () => '42',
  }) as unknown as ServerResponse;
  return { req, res };
}

function timePerRequest(mw: Middleware, route: object, app: object, n: number): number {
  const next = () => {};
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const { req, res } = requestPair(route, app);
    mw(req, res, next);
    res.emit('close');
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

/** Prints µs of CPU per request for each middleware, net of the stand-in harness. */
export async function middlewareCost(rounds: number, perRound: number): Promise<void> {
  const app = express();
  const router = express.Router();
  router.get('/:id', () => {});
  app.use('/v1/members', router);
  const route = (router.stack[0] as { route: object }).route;

  const fast = createMetrics({ serviceName: 'bench', runtimeMetrics: false });
  const sdkProvider = new MeterProvider({ views: preflightViews(2000) });
  const plainHistogram = fast.meter.createHistogram('bench.plain.duration', { unit: 's' });
  const variants: Record<string, Middleware> = {
    'harness only': (_req, _res, next) => next(),
    'httpMetrics() fast path': httpMetrics({ meter: fast.meter }),
    'httpMetrics() no body': httpMetrics({ meter: fast.meter, bodySizes: false }),
    'httpMetrics() OTel API path': httpMetrics({ meter: sdkProvider.getMeter('bench') }),
    'minimal OTel mw': (req, res, next) => {
      const start = performance.now();
      res.on('close', () => {
        plainHistogram.record((performance.now() - start) / 1000, {
          'http.request.method': req.method,
          'http.route': (req as { route?: { path?: string } }).route?.path ?? '',
          'http.response.status_code': res.statusCode,
        });
      });
      next();
    },
  };
  const names = Object.keys(variants);
  const times: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
  for (const name of names) timePerRequest(variants[name] as Middleware, route, app, perRound);
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      times[name]?.push(timePerRequest(variants[name] as Middleware, route, app, perRound));
    }
  }
  const harness = median(times['harness only'] ?? []);
  console.log(
    `\nMiddleware CPU per request in isolation (no HTTP; median of ${rounds} interleaved rounds x ${perRound} requests, net of the harness)`,
  );
  for (const name of names.slice(1)) {
    const net = median(times[name] ?? []) - harness;
    console.log(`  ${name.padEnd(28)} ${net.toFixed(2).padStart(6)} us`);
  }
  await fast.shutdown();
  await sdkProvider.shutdown();
}
