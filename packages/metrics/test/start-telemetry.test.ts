import { createServer } from 'node:http';
import { metrics, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { MetricsOptionError, startTelemetry } from '../src/index.js';
import { close, find, listen, parseExposition } from './support/scrape.js';

describe('startTelemetry()', () => {
  it('starts NodeSDK with the Prometheus reader, registers tracing and metrics globally, and cleans up on shutdown', async () => {
    const telemetry = startTelemetry({ serviceName: 'app', serviceVersion: '2.0.0' });
    try {
      // Libraries recording through @opentelemetry/api land in our /metrics.
      metrics.getMeter('lib').createCounter('lib.events').add(4);
      // Spans get real ids, so the logger can put trace_id/span_id on log lines.
      const span = trace.getTracer('lib').startSpan('work');
      expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanContext().traceId).not.toBe('0'.repeat(32));
      span.end();

      const server = createServer(telemetry.handler());
      const base = await listen(server);
      const text = await (await fetch(`${base}/metrics`)).text();
      await close(server);
      const samples = parseExposition(text);
      expect(find(samples, 'lib_events_total')[0]?.value).toBe(4);
      expect(find(samples, 'target_info')[0]?.labels).toMatchObject({
        service_name: 'app',
        service_version: '2.0.0',
      });
      expect(find(samples, 'v8js_memory_heap_used').length).toBe(1);
    } finally {
      await telemetry.shutdown();
    }
    const after = trace.getTracer('lib').startSpan('after');
    expect(after.spanContext().traceId).toBe('0'.repeat(32));
  });

  it('rejects invalid options at start, naming the option', () => {
    expect(() => startTelemetry({ serviceName: '' })).toThrow(MetricsOptionError);
    expect(() => startTelemetry({ serviceName: 'x', metricReaders: 'otlp' } as never)).toThrow(
      '"metricReaders"',
    );
  });
});
