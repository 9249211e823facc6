import { Histogram, Registry } from 'prom-client';
import { createMetrics, HTTP_DURATION_BUCKETS } from '../src/index.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Serialises through a minimal ServerResponse stand-in, so only collection + text is timed. */
function scrapeOtel(
  handler: ReturnType<ReturnType<typeof createMetrics>['handler']>,
): Promise<string> {
  return new Promise((resolve) => {
    const res = { statusCode: 0, setHeader() {}, end: (body: string) => resolve(body) };
    handler({ method: 'GET' } as never, res as never);
  });
}

/**
 * `/metrics` scrape time for an HTTP duration histogram with `labelSets` distinct label sets:
 * the OTel SDK + Prometheus exporter (what createMetrics serves) vs prom-client.
 */
export async function scrapeTime(labelSets: number, rounds: number): Promise<void> {
  const otel = createMetrics({
    serviceName: 'bench',
    runtimeMetrics: false,
    cardinalityLimit: labelSets + 1,
  });
  const otelHistogram = otel.meter.createHistogram('http.server.request.duration', { unit: 's' });
  const registry = new Registry();
  const promHistogram = new Histogram({
    name: 'http_server_request_duration',
    help: 'Duration of HTTP server requests.',
    labelNames: ['http_request_method', 'http_route', 'http_response_status_code'],
    buckets: [...HTTP_DURATION_BUCKETS],
    registers: [registry],
  });
  for (let i = 0; i < labelSets; i++) {
    const labels = {
      http_request_method: 'GET',
      http_route: `/r/${i}`,
      http_response_status_code: 200,
    };
    otelHistogram.record(0.05, labels);
    promHistogram.observe(labels, 0.05);
  }
  const handler = otel.handler();
  await scrapeOtel(handler);
  await registry.metrics();
  const times = { otel: [] as number[], prom: [] as number[] };
  let bytes = { otel: 0, prom: 0 };
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    const a = await scrapeOtel(handler);
    const t1 = performance.now();
    const b = await registry.metrics();
    const t2 = performance.now();
    times.otel.push(t1 - t0);
    times.prom.push(t2 - t1);
    bytes = { otel: a.length, prom: b.length };
  }
  const o = median(times.otel);
  const p = median(times.prom);
  console.log(
    `  ${String(labelSets).padStart(6)} label sets: OTel exporter ${o.toFixed(1)} ms (${(bytes.otel / 1e6).toFixed(1)} MB), prom-client ${p.toFixed(1)} ms (${(bytes.prom / 1e6).toFixed(1)} MB), ratio ${(o / p).toFixed(2)}x`,
  );
  await otel.shutdown();
}
