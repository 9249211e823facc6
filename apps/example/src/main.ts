// The integration service on its own: `node dist/main.js` with the configuration in the
// environment (PARTNER_API_KEY and WEBHOOK_SECRET required). The e2e tests run it this way.

import { startTelemetry } from '@preflight/metrics';
import { loadConfig } from './config.js';
import { ExampleConfigError } from './errors.js';
import { createLogger } from './logging-interim.js';
import { createService } from './service/service-app.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof ExampleConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(78); // EX_CONFIG: refuse to start, say why.
}

const logger = createLogger({ name: config.serviceName });
// Before anything records: metrics on /metrics, and spans so log lines carry trace_id/span_id.
const telemetry = startTelemetry({ serviceName: config.serviceName });
const { app, health } = createService(config, {
  logger,
  metricsHandler: telemetry.handler(),
  onShutdown: [() => telemetry.shutdown()],
});
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  health.markReady();
  logger.info({ url: `http://${config.host}:${port}` }, 'service listening');
});
health.attach(server);
