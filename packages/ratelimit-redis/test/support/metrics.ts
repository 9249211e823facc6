import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** A meter whose instruments can be read back: `sum(name)` adds a counter's points. */
export function createTestMeter() {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  const meter = provider.getMeter('test');
  async function points(name: string) {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics
      .flatMap((s) => s.metrics)
      .filter((m) => m.descriptor.name === name)
      .flatMap(
        (m) =>
          m.dataPoints as ReadonlyArray<{ value: unknown; attributes: Record<string, unknown> }>,
      );
  }
  return {
    meter,
    points,
    async sum(name: string): Promise<number> {
      return (await points(name)).reduce(
        (n, p) => n + (typeof p.value === 'number' ? p.value : 0),
        0,
      );
    },
  };
}
