// Child process of the benchmark: the same Express app five times (bare, httpMetrics() with and
// without body sizes, a minimal OTel middleware, express-prom-bundle) on 127.0.0.1, so autocannon
// in the parent does not share their CPU.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import promBundle from 'express-prom-bundle';
import { createMetrics, httpMetrics } from '../src/index.js';

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
const lean = express();
lean.use(httpMetrics({ meter: metrics.meter, bodySizes: false }));
routes(lean);
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
for (const [name, app] of Object.entries({ bare, ours, lean, plain, bundle })) {
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
