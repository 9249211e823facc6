import { pino } from 'pino';
import { createLogger } from '../dist/index.js';
import { cleanLine, MESSAGE, realisticLine } from './payloads.js';

// Every logger writes the same line format to the same discarding sink, so the ratios measure
// redaction cost only.
const sink = { write: (_s: string) => {} };
const format = {
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label: string) => ({ level: label }) },
  name: 'bench',
  level: 'info',
};
const plain = pino(format, sink);
const pinoRedact = pino(
  {
    ...format,
    redact: [
      'customer.name',
      'customer.email',
      'customer.phone',
      'customer.address',
      'headers.authorization',
      'headers["x-api-key"]',
      '*.email',
      '*.phone',
      '*.password',
      '*.*.line1',
    ],
  },
  sink,
);
const ours = createLogger({ name: 'bench', level: 'info', env: {} }, sink);

const LINES = Number(process.env.BENCH_LINES ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const POOL = 10_000;
const contenders = [
  ['plain pino', plain],
  ['pino redact paths', pinoRedact],
  ['createLogger', ours],
] as const;

function run(make: (i: number) => Record<string, unknown>) {
  // More distinct payloads than the redactor's clean-string memo holds, so per-line values
  // (ids, timestamps) are scanned every time, as they would be in production.
  const payloads = Array.from({ length: POOL }, (_, i) => make(i));
  const elapsed = new Map<string, number>(contenders.map(([name]) => [name, 0]));
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [name, logger] of contenders) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < LINES; i++) logger.info(payloads[i % POOL], MESSAGE);
      const ns = Number(process.hrtime.bigint() - start);
      if (round > 0) elapsed.set(name, (elapsed.get(name) ?? 0) + ns); // round 0 warms up
    }
  }
  const rate = (name: string) => (LINES * ROUNDS * 1e9) / (elapsed.get(name) ?? 1);
  return Object.fromEntries(contenders.map(([name]) => [name, rate(name)]));
}

function report(title: string, rates: Record<string, number>) {
  const base = rates['plain pino'] ?? 1;
  console.log(`\n${title}`);
  for (const [name, r] of Object.entries(rates)) {
    console.log(
      `  ${name.padEnd(20)} ${Math.round(r).toLocaleString('en-US').padStart(10)} lines/s  ${(r / base).toFixed(2)}x plain pino`,
    );
  }
  return rates;
}

const realistic = report(
  'Realistic API-call line (customer PII, Authorization, API key, email in note):',
  run(realisticLine),
);
const clean = report('Line without PII:', run(cleanLine));
const r = (rates: Record<string, number>, a: string, b: string) =>
  ((rates[a] ?? 0) / (rates[b] ?? 1)).toFixed(2);
console.log('\nRatios');
console.log(
  `  createLogger / plain pino, realistic line: ${r(realistic, 'createLogger', 'plain pino')}x (target >= 0.50x)`,
);
console.log(
  `  createLogger / pino redact paths, realistic line: ${r(realistic, 'createLogger', 'pino redact paths')}x (target > 2x)`,
);
console.log(
  `  createLogger / plain pino, line without PII: ${r(clean, 'createLogger', 'plain pino')}x (target >= 0.85x)`,
);

// Memory: redaction must not retain logged objects.
const HEAP_LINES = Number(process.env.BENCH_HEAP_LINES ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < HEAP_LINES; i++) ours.info(realisticLine(i), MESSAGE);
gc?.();
const after = process.memoryUsage().heapUsed;
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
console.log(
  `\nHeap over ${HEAP_LINES.toLocaleString('en-US')} createLogger lines${gc ? '' : ' (run with --expose-gc for exact figures)'}`,
);
console.log(
  `  heapUsed before ${mb(before)} MB, after ${mb(after)} MB, delta ${mb(after - before)} MB`,
);
