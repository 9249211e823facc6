import { pino } from 'pino';
import { createLogger, createRedactor } from '../dist/index.js';
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

const LINES = Number(process.env.BENCH_LINES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const POOL = 10_000;
const contenders = [
  ['plain pino', plain],
  ['pino redact paths', pinoRedact],
  ['createLogger', ours],
] as const;
type Name = (typeof contenders)[number][0];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/**
 * Interleaved rounds: each round runs every logger back to back on the same payloads, so a
 * ratio compares runs made moments apart. We report medians of per-round rates (process CPU
 * time) and of per-round ratios rather than totals.
 */
function run(make: (i: number) => Record<string, unknown>) {
  // More distinct payloads than the redactor's clean-string memo holds, so per-line values
  // (ids, timestamps) are scanned every time, as they would be in production.
  const payloads = Array.from({ length: POOL }, (_, i) => make(i));
  const rates = new Map<Name, number[]>(contenders.map(([name]) => [name, []]));
  let offset = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [name, logger] of contenders) {
      // CPU time, not wall time: the machine is shared, and time spent descheduled is noise.
      const start = process.cpuUsage();
      for (let i = 0; i < LINES; i++) logger.info(payloads[(offset + i) % POOL], MESSAGE);
      const used = process.cpuUsage(start);
      const us = used.user + used.system;
      if (round > 0) rates.get(name)?.push((LINES * 1e6) / us); // round 0 warms up
    }
    offset += LINES;
  }
  return rates;
}

function report(title: string, rates: Map<Name, number[]>) {
  const base = rates.get('plain pino') ?? [];
  const ratio = (name: Name, over: Name = 'plain pino') => {
    const a = rates.get(name) ?? [];
    const b = rates.get(over) ?? [];
    return median(a.map((r, i) => r / (b[i] ?? r)));
  };
  console.log(`\n${title}`);
  for (const [name] of contenders) {
    const r = median(rates.get(name) ?? []);
    console.log(
      `  ${name.padEnd(20)} ${Math.round(r).toLocaleString('en-US').padStart(10)} lines/s  ${ratio(name).toFixed(2)}x plain pino`,
    );
  }
  void base;
  return ratio;
}

const realistic = report(
  'Realistic API-call line (customer PII, Authorization, API key, email in note):',
  run(realisticLine),
);
const clean = report('Line without PII:', run(cleanLine));
console.log('\nRatios (median of per-round ratios)');
console.log(
  `  createLogger / plain pino, realistic line: ${realistic('createLogger').toFixed(2)}x (target >= 0.50x)`,
);
console.log(
  `  createLogger / pino redact paths, realistic line: ${realistic('createLogger', 'pino redact paths').toFixed(2)}x (target > 2x)`,
);
console.log(
  `  createLogger / plain pino, line without PII: ${clean('createLogger').toFixed(2)}x (target >= 0.85x)`,
);

// Where the time goes on the line without PII: the same payloads, interleaved rounds, CPU time.
// Each step adds one piece to plain pino; the last two rows run the redactor outside pino.
function breakdown() {
  const redactor = createRedactor();
  const payloads = Array.from({ length: POOL }, (_, i) => cleanLine(i));
  const strings = payloads.map((p) => [p.request_id, p.order_id, p.at] as string[]);
  const withHook = (logMethod: (args: unknown[]) => void) =>
    pino(
      {
        ...format,
        hooks: {
          logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
            logMethod(args);
            method.apply(this, args);
          },
        },
      },
      sink,
    );
  const hooked = withHook(() => {});
  const hookRedact = withHook((args) => {
    args[0] = redactor.redactForLog(args[0]);
  });
  const steps = [
    ['plain pino', (i: number) => plain.info(payloads[i], MESSAGE)],
    ['+ an empty logMethod hook', (i: number) => hooked.info(payloads[i], MESSAGE)],
    ['+ a hook redacting the merge object', (i: number) => hookRedact.info(payloads[i], MESSAGE)],
    ['createLogger', (i: number) => ours.info(payloads[i], MESSAGE)],
    ['redacting the merge object alone', (i: number) => redactor.redactForLog(payloads[i])],
    [
      '  of which its 3 per-line strings',
      (i: number) => {
        const s = strings[i] as string[];
        redactor.redactString(s[0] as string);
        redactor.redactString(s[1] as string);
        redactor.redactString(s[2] as string);
      },
    ],
  ] as const;
  const costs = new Map<string, number[]>(steps.map(([name]) => [name, []]));
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [name, fn] of steps) {
      const start = process.cpuUsage();
      for (let i = 0; i < LINES; i++) fn(i % POOL);
      const used = process.cpuUsage(start);
      if (round > 0) costs.get(name)?.push(((used.user + used.system) * 1000) / LINES);
    }
  }
  const base = median(costs.get('plain pino') ?? []);
  console.log('\nCPU per line without PII (medians of interleaved rounds)');
  for (const [name] of steps) {
    const ns = median(costs.get(name) ?? []);
    const added = name.startsWith('+') || name === 'createLogger' ? ns - base : undefined;
    console.log(
      `  ${name.padEnd(38)} ${Math.round(ns).toString().padStart(6)} ns${added === undefined ? '' : `  (${added >= 0 ? '+' : ''}${Math.round(added)} ns over plain pino)`}`,
    );
  }
}
breakdown();

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
