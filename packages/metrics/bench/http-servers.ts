// Child process of the benchmark: the same Express app six times (bare, with a middleware that
// only calls next() (the floor for any middleware), httpMetrics(), httpMetrics() on a plain SDK
// meter (the OTel API path), a minimal OTel middleware, express-prom-bundle) on 127.0.0.1, so
// autocannon in the parent does not share their CPU.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import express, { type Express } from 'express';
import promBundle from 'express-prom-bundle';
import { createMetrics, httpMetrics } from '../src/index.js';
import { preflightViews } from '../src/sdk/views.js';

function routes(app: Express): Express {
  const members = express.Router();
  members.get('/:id', (req, res) => {
    res.json({ id: req.params.id, points: 120 });
  });
  app.use('/v1/members', members);
  return app;
}

const metrics = createMetrics({ serviceName: 'bench', runtimeMetrics: false });
const bare = routes(express());
const ours = express();
ours.use(httpMetrics({ meter: metrics.meter }));
routes(ours);
const noop = express();
noop.use((_req, _res, next) => {
  next();
});
routes(noop);
// The same middleware on a meter createMetrics() did not make: SDK record() per histogram.
const sdkProvider = new MeterProvider({ views: preflightViews(2000) });
const api = express();
api.use(httpMetrics({ meter: sdkProvider.getMeter('bench') }));
routes(api);
// The minimal OTel middleware the issue measured at 0.92x: one histogram record, raw route path.
const plain = express();
const plainHistogram = metrics.meter.createHistogram('bench.plain.duration', { unit: 's' });
plain.use((req, res, next) => {
  const start = performance.now();
  res.on('finish', () => {
    plainHistogram.record((performance.now() - start) / 1000, {
      'http.request.method': req.method,
      'http.route': req.route?.path ?? '',
      'http.response.status_code': res.statusCode,
    });
  });
  next();
});
routes(plain);
const bundle = express();
bundle.use(
  promBundle({
    includeMethod: true,
    includePath: true,
    includeStatusCode: true,
    autoregister: false,
  }),
);
routes(bundle);

const ports: Record<string, number> = {};
for (const [name, app] of Object.entries({ bare, noop, ours, api, plain, bundle })) {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ports[name] = (server.address() as AddressInfo).port;
}
process.send?.(ports);
// CPU time per request is robust to other load on a shared machine; the parent asks around runs.
process.on('message', () => {
  process.send?.({ cpu: process.cpuUsage() });
});
// The parent kills this process when done; stop on its own too, so nothing is left behind.
setTimeout(() => process.exit(0), 10 * 60_000).unref();
process.on('disconnect', () => process.exit(0));
