import { metrics } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRedactor, LOGGER_PROMETHEUS_METRICS } from '../src/index.js';
import { captureLogger } from './helpers.js';

const serializer = new PrometheusSerializer();
const counted = (rule: string, n: number) =>
  new RegExp(`${LOGGER_PROMETHEUS_METRICS.redactions}\\{rule="${rule}"[^}]*\\} ${n}`);

function prometheus() {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  return {
    provider,
    text: async () => serializer.serialize((await exporter.collect()).resourceMetrics),
  };
}

describe('the global meter rule', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    metrics.disable();
  });

  it('an explicit meter wins over a global provider registered later', async () => {
    const explicit = prometheus();
    const global = prometheus();
    const { logger } = captureLogger({ meter: explicit.provider.getMeter('mine') });
    metrics.setGlobalMeterProvider(global.provider);
    logger.info({ email: 'a@b.co' }, 'line');
    expect(await explicit.text()).toMatch(counted('key:email', 1));
    expect(await global.text()).not.toContain(LOGGER_PROMETHEUS_METRICS.redactions);
    await Promise.all([explicit.provider.shutdown(), global.provider.shutdown()]);
  });

  it('a standalone redactor created before the SDK counts into the provider registered after', async () => {
    const redactor = createRedactor();
    expect(redactor.redact({ password: 'x' })).toEqual({ password: '[REDACTED]' });
    const global = prometheus();
    metrics.setGlobalMeterProvider(global.provider);
    redactor.redactString('mail jane@example.com');
    expect(await global.text()).toMatch(counted('email', 1));
    await global.provider.shutdown();
  });

  it('looks the provider up once per line with redactions, never for a clean line', () => {
    const lookups = vi.spyOn(metrics, 'getMeterProvider');
    const { logger } = captureLogger();
    logger.info({ order_id: 'ord_1', amount: 12 }, 'clean');
    logger.info({ order_id: 'ord_2', amount: 13 }, 'clean again');
    expect(lookups).not.toHaveBeenCalled();
    logger.info({ email: 'a@b.co', phone: '+44 20 7946 0958', password: 'x' }, 'three redactions');
    expect(lookups).toHaveBeenCalledTimes(1);
  });
});
