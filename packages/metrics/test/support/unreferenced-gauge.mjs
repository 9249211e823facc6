// Run with `node --expose-gc unreferenced-gauge.mjs <url of dist/index.js>`: observes a balance
// through a helper nobody keeps, collects garbage, then starts the SDK and prints whether the
// gauge reached its /metrics (`MOVED`) or was lost with the collected helper (`LOST`).
import { createServer } from 'node:http';

const { createBusinessMetrics, startTelemetry } = await import(process.argv[2]);
createBusinessMetrics().observeBalance('acme', () => 42);
for (let i = 0; i < 3; i++) {
  await new Promise((resolve) => setImmediate(resolve));
  globalThis.gc();
}
const telemetry = startTelemetry({ serviceName: 'gc', runtimeMetrics: false });
const server = createServer(telemetry.handler());
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
try {
  const text = await (await fetch(`http://127.0.0.1:${server.address().port}/metrics`)).text();
  console.log(
    /preflight_business_balance\{[^}]*account="acme"[^}]*\} 42/.test(text) ? 'MOVED' : 'LOST',
  );
} finally {
  server.close();
  await telemetry.shutdown();
}
