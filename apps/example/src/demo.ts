// `npm start`: the simulated partner, the integration service and a traffic generator, all on
// 127.0.0.1, with a live status line. Configuration comes from the environment like in
// production; demo.env (loaded by the start script) supplies the simulated partner's demo key.
import { fileURLToPath } from 'node:url';
import { createLogger } from '@preflight/logger';
import { startTelemetry } from '@preflight/metrics';
import { loadConfig } from './config.js';
import { createLogSink } from './demo/log-sink.js';
import { formatStatus } from './demo/status-line.js';
import { ExampleConfigError } from './errors.js';
import { listen } from './listen.js';
import { createPartnerApp } from './partner/partner-app.js';
import { createPartnerStore } from './partner-store.js';
import { createService } from './service/service-app.js';
import { startProber } from './traffic/prober.js';
import { createTraffic } from './traffic/traffic-generator.js';

/** A taken port stops the demo with one line naming it and the variable that moves it. */
function cannotListen(url: string, variable: string, err: NodeJS.ErrnoException): never {
  process.stderr.write(
    `cannot listen on ${url}: ${err.code ?? err.message} (set ${variable} to another port)\n`,
  );
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof ExampleConfigError)) throw err;
  process.stderr.write(
    `${err.message}\n(npm start provides demo values from apps/example/demo.env)\n`,
  );
  process.exit(78);
}

const partnerPort = Number(new URL(config.partnerUrl).port || 80);
const serviceUrl = `http://${config.host}:${config.port}`;
const logPath =
  process.env.DEMO_LOGS === 'stdout'
    ? undefined
    : fileURLToPath(new URL('../logs/service.log', import.meta.url));
const sink = createLogSink(logPath);
const telemetry = startTelemetry({ serviceName: config.serviceName });
const logger = createLogger({ name: config.serviceName }, sink);

const partner = createPartnerApp({
  apiKeys: [config.partnerApiKey],
  webhook: {
    url: `${serviceUrl}/webhooks/partner`,
    secret: config.webhookSecrets[0] ?? '',
    scheme: config.webhookScheme,
  },
});
const partnerServer = await listen(partner.app, partnerPort, config.host).catch(
  (err: NodeJS.ErrnoException) =>
    cannotListen(`http://${config.host}:${partnerPort}`, 'PARTNER_URL', err),
);
const traffic = createTraffic({ baseUrl: serviceUrl, ratePerSecond: 5 });
let prober: ReturnType<typeof startProber> | undefined;
let statusTimer: NodeJS.Timeout | undefined;

const partnerStore = createPartnerStore(config, logger);
const service = createService(config, {
  logger,
  metricsHandler: telemetry.handler(),
  rateLimitStore: partnerStore.store,
  onShutdown: [
    () => partnerStore.close(),
    async () => {
      clearInterval(statusTimer);
      prober?.stop();
      await traffic.stop();
      await partnerServer.close();
      await telemetry.shutdown();
      await sink.close();
      process.stdout.write('\nstopped cleanly: traffic, service, partner.\n');
    },
  ],
});
const { server } = await listen(service.app, config.port, config.host).catch(
  (err: NodeJS.ErrnoException) => cannotListen(serviceUrl, 'PORT', err),
);
service.health.attach(server);
service.health.markReady();
traffic.start();
prober = startProber(serviceUrl, 1000);

const p = partnerServer.url;
const json = "-H 'content-type: application/json'";
process.stdout.write(
  [
    '',
    'Preflight example: a partner-API integration, live on 127.0.0.1',
    '',
    `  service   ${serviceUrl}/api/…    purchases, transactions, balance (traffic: 5 req/s)`,
    `  metrics   ${serviceUrl}/metrics`,
    `  health    ${serviceUrl}/health/live   /health/ready   /health/startup`,
    `  webhooks  ${serviceUrl}/webhooks/partner   (signed by the partner: ${config.webhookScheme === 'standard' ? 'Standard Webhooks' : 'X-Webhook-Signature'})`,
    `  partner   ${p}   simulated; faults at ${p}/admin/faults`,
    `  logs      ${logPath ?? 'stdout'}   (JSON, PII and keys redacted)`,
    '',
    'Try:',
    `  curl -s ${serviceUrl}/health/ready`,
    `  curl -s ${serviceUrl}/metrics | grep '^preflight_'`,
    `  curl -s -X POST ${p}/admin/faults ${json} -d '{"errorRate":0.5}'     # partner 5xx`,
    `  curl -s -X POST ${p}/admin/faults ${json} -d '{"rateLimitBurst":20}'  # 429s`,
    `  curl -s -X POST ${p}/admin/faults ${json} -d '{"healthDown":true}'    # readiness 503`,
    `  curl -s -X DELETE ${p}/admin/faults                                   # heal`,
    '  npm run prometheus -w example                                          # alerts on :9090',
    '',
    'Ctrl-C stops everything cleanly.',
    '',
  ].join('\n'),
);

let previous = traffic.stats();
let lastAt = Date.now();
let tick = 0;
const tty = process.stdout.isTTY === true;
statusTimer = setInterval(() => {
  const now = Date.now();
  const stats = traffic.stats();
  const line = formatStatus({
    now: new Date(now),
    traffic: stats,
    previous,
    seconds: (now - lastAt) / 1000,
    probes: prober?.state() ?? { ready: 0, live: 0, readyHistory: [] },
    budget: service.partnerBudget(),
    faults: partner.faults.current(),
    backlog: service.webhookBacklog(),
  });
  previous = stats;
  lastAt = now;
  tick += 1;
  const notes = sink.takeWarnings().map((w) => `  ${w}`);
  const sample = tick % 10 === 1 ? sink.lastPurchaseLine() : undefined;
  if (sample !== undefined) notes.push(`  a purchase as logged: ${sample.slice(0, 400)}`);
  if (tty) {
    process.stdout.write(`\r\x1b[2K${notes.length > 0 ? `${notes.join('\n')}\n` : ''}${line}`);
  } else if (tick % 5 === 0 || notes.length > 0) {
    process.stdout.write(`${[...notes, line].join('\n')}\n`);
  }
}, 1000);
