// One of four processes for the admissions/s benchmark: prints `ready`, and on a `go` line
// `concurrency` callers admit through one Redis as fast as they can for `durationMs`; prints
// the count.
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { createRedisRateLimitStore } from '../src/index.js';

const [url, durationMs, concurrency] = [
  process.argv[2] ?? '',
  Number(process.argv[3]),
  Number(process.argv[4]),
];
const client = new Redis(url);
await client.ping();
// A rate far above what one Redis can admit: every answer is an admission, so the count is
// the store's throughput (a slower rate would measure the rate).
const rate = { requests: 1_000_000, perMs: 1_000 };
const store = createRedisRateLimitStore({ client, timeoutMs: 1_000 });
let admitted = 0;
let other = 0;
process.stdout.write('ready\n');
await once(process.stdin, 'data');
const until = Date.now() + durationMs;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (Date.now() < until) {
      const answer = await store.admit('bench', rate, Date.now());
      if (answer.admitted) admitted += 1;
      else other += 1;
    }
  }),
);
process.stdout.write(`${JSON.stringify({ admitted, other })}\n`);
client.disconnect();
process.exit(0);
