import { describe, expect, it } from 'vitest';
import { parseRateLimit } from '../src/index.js';

// Header sets as the APIs document them; expectations computed by hand against NOW.
const NOW = Date.UTC(2026, 0, 1, 0, 0, 0); // Thu, 01 Jan 2026 00:00:00 GMT = 1767225600 s
const EPOCH_S = NOW / 1000;

interface Row {
  readonly api: string;
  readonly headers: Record<string, string>;
  readonly now?: number;
  readonly expected: {
    dialect: string | null;
    limit: number | null;
    remaining: number | null;
    resetSeconds: number | null;
    retryAfterSeconds: number | null;
    bucket: string | null;
    buckets?: number;
  };
}

const ROWS: Row[] = [
  {
    api: 'GitHub REST (primary limit)',
    headers: {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-used': '1',
      'x-ratelimit-reset': String(EPOCH_S + 600),
      'x-ratelimit-resource': 'core',
    },
    expected: {
      dialect: 'github',
      limit: 5000,
      remaining: 4999,
      resetSeconds: 600,
      retryAfterSeconds: null,
      bucket: 'core',
    },
  },
  {
    api: 'GitHub REST (search, exhausted, secondary limit Retry-After)',
    headers: {
      'X-RateLimit-Limit': '30',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Used': '30',
      'X-RateLimit-Reset': String(EPOCH_S + 60),
      'X-RateLimit-Resource': 'search',
      'Retry-After': '60',
    },
    expected: {
      dialect: 'github',
      limit: 30,
      remaining: 0,
      resetSeconds: 60,
      retryAfterSeconds: 60,
      bucket: 'search',
    },
  },
  {
    api: 'GitLab.com',
    headers: {
      'RateLimit-Limit': '60',
      'RateLimit-Observed': '67',
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': String(EPOCH_S + 30),
      'RateLimit-ResetTime': 'Thu, 01 Jan 2026 00:00:30 GMT',
      'Retry-After': '30',
    },
    expected: {
      dialect: 'ietf-draft',
      limit: 60,
      remaining: 0,
      resetSeconds: 30,
      retryAfterSeconds: 30,
      bucket: 'default',
    },
  },
  {
    api: 'Cloudflare API (policy and limit items named differently, as documented)',
    headers: { Ratelimit: '"default";r=50;t=30', 'Ratelimit-Policy': '"burst";q=100;w=60' },
    expected: {
      dialect: 'ietf',
      limit: null,
      remaining: 50,
      resetSeconds: 30,
      retryAfterSeconds: null,
      bucket: 'default',
      buckets: 2,
    },
  },
  {
    api: 'express-rate-limit draft-8',
    headers: {
      'RateLimit-Policy': '"100-in-1min"; q=100; w=60; pk=:Y2E4MjdhYTQxOTlh:',
      RateLimit: '"100-in-1min"; r=72; t=48',
    },
    expected: {
      dialect: 'ietf',
      limit: 100,
      remaining: 72,
      resetSeconds: 48,
      retryAfterSeconds: null,
      bucket: '100-in-1min',
    },
  },
  {
    api: 'express-rate-limit draft-7',
    headers: { 'RateLimit-Policy': '100;w=60', RateLimit: 'limit=100, remaining=72, reset=48' },
    expected: {
      dialect: 'ietf-draft',
      limit: 100,
      remaining: 72,
      resetSeconds: 48,
      retryAfterSeconds: null,
      bucket: 'default',
    },
  },
  {
    api: 'Persona (draft-6 style)',
    headers: { 'ratelimit-limit': '300', 'ratelimit-remaining': '280', 'ratelimit-reset': '53' },
    expected: {
      dialect: 'ietf-draft',
      limit: 300,
      remaining: 280,
      resetSeconds: 53,
      retryAfterSeconds: null,
      bucket: 'default',
    },
  },
  {
    api: 'Docker Hub registry',
    headers: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600' },
    expected: {
      dialect: 'ietf-draft',
      limit: 100,
      remaining: 76,
      resetSeconds: null,
      retryAfterSeconds: null,
      bucket: 'default',
    },
  },
  {
    api: 'Heroku Platform API',
    headers: { 'RateLimit-Remaining': '4500' },
    expected: {
      dialect: 'ietf-draft',
      limit: null,
      remaining: 4500,
      resetSeconds: null,
      retryAfterSeconds: null,
      bucket: 'default',
    },
  },
  {
    api: 'X (Twitter) API v2',
    headers: {
      'x-rate-limit-limit': '900',
      'x-rate-limit-remaining': '899',
      'x-rate-limit-reset': String(EPOCH_S + 900),
    },
    expected: {
      dialect: 'x-rate-limit',
      limit: 900,
      remaining: 899,
      resetSeconds: 900,
      retryAfterSeconds: null,
      bucket: 'default',
    },
  },
  {
    api: 'Okta',
    headers: {
      'X-Rate-Limit-Limit': '600',
      'X-Rate-Limit-Remaining': '599',
      'X-Rate-Limit-Reset': String(EPOCH_S + 60),
    },
    expected: {
      dialect: 'x-rate-limit',
      limit: 600,
      remaining: 599,
      resetSeconds: 60,
      retryAfterSeconds: null,
      bucket: 'default',
    },
  },
  {
    api: 'Zendesk Support (429)',
    headers: { 'X-Rate-Limit': '700', 'X-Rate-Limit-Remaining': '0', 'Retry-After': '93' },
    expected: {
      dialect: 'x-rate-limit',
      limit: 700,
      remaining: 0,
      resetSeconds: null,
      retryAfterSeconds: 93,
      bucket: 'default',
    },
  },
  {
    api: 'Omnisend (reset as seconds left)',
    headers: {
      'X-Rate-Limit-Limit': '400',
      'X-Rate-Limit-Remaining': '399',
      'X-Rate-Limit-Reset': '45',
    },
    expected: {
      dialect: 'x-rate-limit',
      limit: 400,
      remaining: 399,
      resetSeconds: 45,
      retryAfterSeconds: null,
      bucket: 'default',
    },
  },
  {
    api: 'Discord (Reset-After with fractions wins over the epoch Reset)',
    headers: {
      'X-RateLimit-Limit': '5',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(EPOCH_S + 1.123),
      'X-RateLimit-Reset-After': '1.123',
      'X-RateLimit-Bucket': 'abcd1234',
    },
    expected: {
      dialect: 'discord',
      limit: 5,
      remaining: 0,
      resetSeconds: 1.123,
      retryAfterSeconds: null,
      bucket: 'abcd1234',
    },
  },
  {
    api: 'Reddit (float remaining, limit = used + remaining)',
    headers: {
      'X-Ratelimit-Used': '1',
      'X-Ratelimit-Remaining': '599.0',
      'X-Ratelimit-Reset': '240',
    },
    expected: {
      dialect: 'x-ratelimit',
      limit: 600,
      remaining: 599,
      resetSeconds: 240,
      retryAfterSeconds: null,
      bucket: 'default',
    },
  },
  {
    api: 'Atlassian Jira Cloud (ISO 8601 reset)',
    headers: {
      'X-RateLimit-Limit': '350',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': '2026-01-01T00:01:00Z',
      'Retry-After': '60',
      'RateLimit-Reason': 'jira-quota-tenant-based',
    },
    expected: {
      // Issue 10 adds the Atlassian dialect: RateLimit-Reason identifies it.
      dialect: 'atlassian',
      limit: 350,
      remaining: 0,
      resetSeconds: 60,
      retryAfterSeconds: 60,
      bucket: 'default',
    },
  },
  {
    api: 'lemlist (JavaScript Date string reset)',
    now: Date.UTC(2021, 1, 16, 8, 2, 12),
    headers: {
      'Retry-After': '2',
      'X-RateLimit-Limit': '20',
      'X-RateLimit-Remaining': '7',
      'X-RateLimit-Reset': 'Tue Feb 16 2021 09:02:42 GMT+0100 (Central European Standard Time)',
    },
    expected: {
      dialect: 'x-ratelimit',
      limit: 20,
      remaining: 7,
      resetSeconds: 30,
      retryAfterSeconds: 2,
      bucket: 'default',
    },
  },
  {
    api: 'Mastodon (RFC 3339 reset with milliseconds)',
    headers: {
      'X-RateLimit-Limit': '300',
      'X-RateLimit-Remaining': '299',
      'X-RateLimit-Reset': '2026-01-01T00:05:00.000Z',
    },
    expected: {
      dialect: 'x-ratelimit',
      limit: 300,
      remaining: 299,
      resetSeconds: 300,
      retryAfterSeconds: null,
      bucket: 'default',
    },
  },
  {
    api: 'Miro (credits, epoch reset)',
    headers: {
      'X-RateLimit-Limit': '10000',
      'X-RateLimit-Remaining': '9950',
      'X-RateLimit-Reset': String(EPOCH_S + 30),
    },
    expected: {
      dialect: 'x-ratelimit',
      limit: 10000,
      remaining: 9950,
      resetSeconds: 30,
      retryAfterSeconds: null,
      bucket: 'default',
    },
  },
  {
    api: 'WHOOP (limit list with window= policies)',
    headers: {
      'X-RateLimit-Limit': '100, 100;window=60, 10000;window=86400',
      'X-RateLimit-Remaining': '98',
      'X-RateLimit-Reset': '3',
    },
    expected: {
      dialect: 'x-ratelimit',
      limit: 100,
      remaining: 98,
      resetSeconds: 3,
      retryAfterSeconds: null,
      bucket: 'default',
    },
  },
  {
    api: 'OpenAI (per-resource, Go durations)',
    headers: {
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-limit-tokens': '150000',
      'x-ratelimit-remaining-requests': '59',
      'x-ratelimit-remaining-tokens': '149984',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-reset-tokens': '6m0s',
    },
    expected: {
      dialect: 'openai',
      limit: 60,
      remaining: 59,
      resetSeconds: 1,
      retryAfterSeconds: null,
      bucket: 'requests',
      buckets: 2,
    },
  },
  {
    api: 'Groq (OpenAI form, fractional durations)',
    headers: {
      'x-ratelimit-limit-requests': '14400',
      'x-ratelimit-limit-tokens': '18000',
      'x-ratelimit-remaining-requests': '14370',
      'x-ratelimit-remaining-tokens': '17997',
      'x-ratelimit-reset-requests': '2m59.56s',
      'x-ratelimit-reset-tokens': '7.66s',
      'retry-after': '2',
    },
    expected: {
      dialect: 'openai',
      limit: 14400,
      remaining: 14370,
      resetSeconds: 179.56,
      retryAfterSeconds: 2,
      bucket: 'requests',
      buckets: 2,
    },
  },
  {
    api: 'Anthropic (RFC 3339 resets, tokens listed beside requests)',
    headers: {
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': '49',
      'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:01Z',
      'anthropic-ratelimit-tokens-limit': '90000',
      'anthropic-ratelimit-tokens-remaining': '0',
      'anthropic-ratelimit-tokens-reset': '2026-01-01T00:00:40Z',
      'anthropic-ratelimit-input-tokens-limit': '80000',
      'anthropic-ratelimit-input-tokens-remaining': '0',
      'anthropic-ratelimit-input-tokens-reset': '2026-01-01T00:00:40Z',
      'retry-after': '40',
    },
    expected: {
      dialect: 'anthropic',
      limit: 50,
      remaining: 49,
      resetSeconds: 1,
      retryAfterSeconds: 40,
      bucket: 'requests',
      buckets: 3,
    },
  },
  {
    api: 'Linear (resource-first names, epoch-ms reset)',
    headers: {
      'X-RateLimit-Requests-Limit': '5000',
      'X-RateLimit-Requests-Remaining': '4999',
      'X-RateLimit-Requests-Reset': String(NOW + 3_600_000),
      'X-RateLimit-Complexity-Limit': '3000000',
      'X-RateLimit-Complexity-Remaining': '2999000',
      'X-RateLimit-Complexity-Reset': String(NOW + 3_600_000),
    },
    expected: {
      dialect: 'linear',
      limit: 5000,
      remaining: 4999,
      resetSeconds: 3600,
      retryAfterSeconds: null,
      bucket: 'requests',
      buckets: 2,
    },
  },
  {
    api: 'Shopify Admin REST (429)',
    headers: { 'X-Shopify-Shop-Api-Call-Limit': '40/40', 'Retry-After': '2.0' },
    expected: {
      dialect: 'shopify',
      limit: 40,
      remaining: 0,
      resetSeconds: null,
      retryAfterSeconds: 2,
      bucket: 'default',
    },
  },
  {
    api: 'Salesforce REST',
    headers: { 'Sforce-Limit-Info': 'api-usage=18/5000' },
    expected: {
      dialect: 'salesforce',
      limit: 5000,
      remaining: 4982,
      resetSeconds: null,
      retryAfterSeconds: null,
      bucket: 'api-usage',
    },
  },
  {
    api: 'Slack Web API (429, Retry-After only)',
    headers: { 'Retry-After': '30' },
    expected: {
      dialect: null,
      limit: null,
      remaining: null,
      resetSeconds: null,
      retryAfterSeconds: 30,
      bucket: null,
    },
  },
  {
    api: 'RFC 9110 §10.2.3 example (Retry-After as an HTTP-date, against the Date header)',
    headers: {
      Date: 'Thu, 01 Jan 2026 00:00:10 GMT',
      'Retry-After': 'Thu, 01 Jan 2026 00:01:10 GMT',
    },
    expected: {
      dialect: null,
      limit: null,
      remaining: null,
      resetSeconds: null,
      retryAfterSeconds: 60,
      bucket: null,
    },
  },
];

describe('parseRateLimit on documented header sets', () => {
  it('covers at least 20 public APIs', () => {
    const apis = new Set(
      ROWS.map((r) => r.api.split(' (')[0] ?? r.api).filter(
        (api) => !api.startsWith('RFC') && !api.startsWith('express-rate-limit'),
      ),
    );
    expect(apis.size).toBeGreaterThanOrEqual(20);
  });

  it.each(ROWS)('$api', ({ headers, now, expected }) => {
    const info = parseRateLimit(headers, { now: new Date(now ?? NOW) });
    const { buckets, ...fields } = expected;
    expect({
      dialect: info.dialect,
      limit: info.limit,
      remaining: info.remaining,
      resetSeconds: info.resetSeconds,
      retryAfterSeconds: info.retryAfterSeconds,
      bucket: info.bucket,
    }).toEqual(fields);
    expect(info.buckets).toHaveLength(buckets ?? (expected.dialect === null ? 0 : 1));
  });

  it.each(ROWS)('$api — reads the same from a WHATWG Headers object', ({ headers, now }) => {
    const options = { now: new Date(now ?? NOW) };
    expect(parseRateLimit(new Headers(headers), options)).toEqual(parseRateLimit(headers, options));
  });
});
