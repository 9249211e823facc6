import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHECK_DURATION_PROMETHEUS,
  CHECK_STATUS_PROMETHEUS,
  createHealth,
  type Health,
  READY_PROMETHEUS,
} from '../src/index.js';
import { fakeClock, request, type Served, serveRouter } from './helpers.js';

const open: Array<{ served: Served; health: Health }> = [];
afterEach(async () => {
  for (const { served, health } of open.splice(0)) {
    health.close();
    await served.close();
  }
});

async function scrape(exporter: PrometheusExporter): Promise<string> {
  const { resourceMetrics } = await exporter.collect();
  return new PrometheusSerializer().serialize(resourceMetrics);
}

describe('metrics', () => {
  it('exports check status, check duration and readiness under the agreed Prometheus names', async () => {
    const exporter = new PrometheusExporter({ preventServerStart: true });
    const provider = new MeterProvider({ readers: [exporter] });
    const clock = fakeClock();
    const health = createHealth({
      meter: provider.getMeter('test'),
      now: clock.now,
      checks: [
        {
          name: 'db',
          check: async () => {
            clock.advance(30);
          },
        },
        { name: 'partner', check: () => Promise.reject(new Error('down')) },
      ],
    });
    const served = await serveRouter(health.router());
    open.push({ served, health });
    await request(`${served.url}/health/ready`);

    const text = await scrape(exporter);
    expect(text).toMatch(new RegExp(`^${CHECK_STATUS_PROMETHEUS}\\{check="db",[^}]*\\} 1$`, 'm'));
    expect(text).toMatch(
      new RegExp(`^${CHECK_STATUS_PROMETHEUS}\\{check="partner",[^}]*\\} 0$`, 'm'),
    );
    expect(text).toMatch(
      new RegExp(`^${CHECK_DURATION_PROMETHEUS}_sum\\{check="db",[^}]*\\} 0.03$`, 'm'),
    );
    expect(text).toMatch(
      new RegExp(`^${CHECK_DURATION_PROMETHEUS}_bucket\\{check="db",[^}]*le="0.05"\\} 1$`, 'm'),
    );
    expect(text).toMatch(
      new RegExp(`^${CHECK_DURATION_PROMETHEUS}_count\\{check="partner",[^}]*\\} 1$`, 'm'),
    );
    expect(text).toMatch(new RegExp(`^${READY_PROMETHEUS}\\{[^}]*\\} 0$`, 'm'));
    await provider.shutdown();
  });

  it('records each real run once: cached and shared results are not counted again', async () => {
    const exporter = new PrometheusExporter({ preventServerStart: true });
    const provider = new MeterProvider({ readers: [exporter] });
    const health = createHealth({
      meter: provider.getMeter('test'),
      checks: [{ name: 'db', cacheMs: 60_000, check: async () => {} }],
    });
    const served = await serveRouter(health.router());
    open.push({ served, health });
    await Promise.all(Array.from({ length: 10 }, () => request(`${served.url}/health/ready`)));
    health.markNotReady('maintenance');
    await request(`${served.url}/health/ready`);
    const text = await scrape(exporter);
    expect(text).toMatch(
      new RegExp(`^${CHECK_DURATION_PROMETHEUS}_count\\{check="db",[^}]*\\} 1$`, 'm'),
    );
    expect(text).toMatch(new RegExp(`^${READY_PROMETHEUS}\\{[^}]*\\} 0$`, 'm'));
    await provider.shutdown();
  });
});
