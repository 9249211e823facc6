import { createServer, type Server } from 'node:http';
import express, { type Express } from 'express';
import {
  createMetrics,
  type HttpMetricsOptions,
  httpMetrics,
  type Metrics,
} from '../../src/index.js';
import { close, listen, parseExposition, type Sample } from './scrape.js';

export interface TestApp {
  readonly app: Express;
  readonly metrics: Metrics;
  readonly base: string;
  readonly server: Server;
  scrape(): Promise<Sample[]>;
  scrapeText(): Promise<string>;
  stop(): Promise<void>;
}

/** An Express app with httpMetrics() first, routes added by `routes`, served on 127.0.0.1. */
export async function startApp(
  routes: (app: Express) => void,
  options: Omit<HttpMetricsOptions, 'meter'> = {},
): Promise<TestApp> {
  const metrics = createMetrics({ serviceName: 'test', runtimeMetrics: false });
  const app = express();
  app.use(httpMetrics({ ...options, meter: metrics.meter }));
  routes(app);
  const server = createServer(app);
  const base = await listen(server);
  // Scrape through a separate server so scrapes are not recorded as requests.
  const scrapeServer = createServer(metrics.handler());
  const scrapeBase = await listen(scrapeServer);
  const scrapeText = async () => (await fetch(`${scrapeBase}/metrics`)).text();
  return {
    app,
    metrics,
    base,
    server,
    scrapeText,
    scrape: async () => parseExposition(await scrapeText()),
    async stop() {
      await close(server);
      await close(scrapeServer);
      await metrics.shutdown();
    },
  };
}
