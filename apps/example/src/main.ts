// The integration service on its own: `node dist/main.js` with the configuration in the
// environment (PARTNER_API_KEY and WEBHOOK_SECRET required). The e2e tests run it this way.

import { createLogger } from '@preflight/logger';
import { startTelemetry } from '@preflight/metrics';
import { loadConfig } from './config.js';
import { ExampleConfigError } from './errors.js';
import { createPartnerStore } from './partner-store.js';
import { createService } from './service/service-app.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof ExampleConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(78); // EX_CONFIG: refuse to start, say why.
}

// First: OTel API meters obtained before a provider is registered stay no-ops forever, so the
// logger's redaction counter (and every other instrument) must be created after this.
const telemetry = startTelemetry({ serviceName: config.serviceName });
const logger = createLogger({ name: config.serviceName });
const partnerStore = createPartnerStore(config, logger);
const { app, health } = createService(config, {
  logger,
  metricsHandler: telemetry.handler(),
  rateLimitStore: partnerStore.store,
  onShutdown: [() => telemetry.shutdown(), () => partnerStore.close()],
});
const url = (port: number): string => `http://${config.host}:${port}`;
// Express 5 hands a listen error (EADDRINUSE, EACCES) to this callback: without the check the
// service would claim to listen, report ready and exit 0 with nothing bound.
const server = app.listen(config.port, config.host, (error?: NodeJS.ErrnoException) => {
  if (error !== undefined) {
    logger.fatal(
      { err: error, url: url(config.port) },
      `cannot listen on ${url(config.port)}: ${error.code ?? error.message} (set PORT to another port)`,
    );
    process.exit(1);
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  health.markReady();
  logger.info({ url: url(port) }, 'service listening');
});
health.attach(server);
