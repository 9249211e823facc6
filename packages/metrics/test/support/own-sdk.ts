import { createServer } from 'node:http';
import type { Meter } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider, type ViewOptions } from '@opentelemetry/sdk-metrics';
import { close, listen } from './scrape.js';

/** An application's own OpenTelemetry SDK, set up the way its docs say, without Preflight views. */
export interface OwnSdk {
  readonly meter: Meter;
  scrapeText(): Promise<string>;
  shutdown(): Promise<void>;
}

/** A `MeterProvider` with a Prometheus exporter served on 127.0.0.1, as an app would run it. */
export async function startOwnSdk(views: ViewOptions[] = []): Promise<OwnSdk> {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter], views });
  const server = createServer((req, res) => exporter.getMetricsRequestHandler(req, res));
  const base = await listen(server);
  return {
    meter: provider.getMeter('app'),
    scrapeText: async () => (await fetch(`${base}/metrics`)).text(),
    async shutdown() {
      await close(server);
      await provider.shutdown();
    },
  };
}
