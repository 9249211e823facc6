// One benchmark target per process, so autocannon (in the parent) never shares its event loop:
//   a  bare Express
//   b  Preflight: requestLogger + httpMetrics (+ /metrics) + health router
//   c  peers: pino-http (redact paths) + express-prom-bundle + @godaddy/terminus
import { createServer } from 'node:http';
import { createTerminus } from '@godaddy/terminus';
import { createHealth } from '@preflight/health';
import { createLogger, requestLogger } from '@preflight/logger';
import { createMetrics, httpMetrics } from '@preflight/metrics';
import express from 'express';
import promBundle from 'express-prom-bundle';
import pino from 'pino';
import { pinoHttp } from 'pino-http';

const variant = process.argv[2];
const sink = () => pino.destination({ dest: '/dev/null', sync: false });
const app = express();
app.disable('x-powered-by');
const checks = [{ name: 'partner', check: async () => undefined }];

if (variant === 'b') {
  const metrics = createMetrics({ serviceName: 'bench', global: true });
  const health = createHealth({ checks });
  app.use(health.router());
  app.get('/metrics', metrics.handler());
  app.use(requestLogger({ logger: createLogger({ name: 'bench', level: 'info' }, sink()) }));
  app.use(httpMetrics());
} else if (variant === 'l') {
  app.use(requestLogger({ logger: createLogger({ name: 'bench', level: 'info' }, sink()) }));
} else if (variant === 'm') {
  createMetrics({ serviceName: 'bench', global: true });
  app.use(httpMetrics());
} else if (variant === 'p') {
  app.use(pinoHttp({ logger: pino({ level: 'info' }, sink()) }));
} else if (variant === 'c') {
  app.use(promBundle({ includeMethod: true, includePath: true, includeStatusCode: true }));
  app.use(
    pinoHttp({
      logger: pino({ level: 'info' }, sink()),
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
    }),
  );
} else if (variant !== 'a') {
  throw new Error(`bench/server: unknown variant ${variant}`);
}

app.get('/api/members/:id', (req, res) => {
  res.json({ member_id: req.params.id, tier: 'gold', points: 1200 });
});

const server = createServer(app);
if (variant === 'c') {
  createTerminus(server, {
    healthChecks: { '/health/ready': async () => undefined, '/health/live': async () => undefined },
  });
}
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('message', (msg) => {
  if (msg === 'memory') {
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ rss, heap: heapUsed });
  }
});
