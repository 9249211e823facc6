import { parseRateLimit } from '../src/parse-rate-limit.ts';

const m = {
  'content-type': 'application/json',
  'x-ratelimit-limit-requests': '60',
  'x-ratelimit-remaining-requests': '59',
  'x-ratelimit-reset-requests': '1s',
  'x-ratelimit-limit-tokens': '150000',
  'x-ratelimit-remaining-tokens': '149984',
  'x-ratelimit-reset-tokens': '6m0s',
};
const now = new Date('2026-01-01T00:00:00Z');
let sink = 0;
for (let i = 0; i < 1_000_000; i++) sink += parseRateLimit(m, { now }).limit ?? 0;
