import { httpThroughput } from './http-throughput.js';
import { middlewareCost } from './middleware-cost.js';
import { scrapeTime } from './scrape-time.js';

// One run, peers measured in the same process run with interleaved rounds; ratios are what count.
// BENCH_ROUNDS / BENCH_SECONDS shorten or lengthen the HTTP part.
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const seconds = Number(process.env.BENCH_SECONDS ?? 4);

await httpThroughput(rounds, seconds);
await middlewareCost(7, 100_000);
console.log(
  '\n/metrics scrape time, histogram with semantic-convention buckets (median of 7 rounds)',
);
for (const labelSets of [1_000, 10_000]) await scrapeTime(labelSets, 7);
