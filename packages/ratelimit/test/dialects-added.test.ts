import { describe, expect, it } from 'vitest';
import { parseRateLimit } from '../src/index.js';

const NOW = Date.UTC(2026, 0, 1); // 1767225600 s

describe('parseRateLimit – HubSpot', () => {
  it('reads the interval and daily buckets of a private-app response; the scarcer is primary', () => {
    const info = parseRateLimit(
      {
        'X-HubSpot-RateLimit-Daily': '250000',
        'X-HubSpot-RateLimit-Daily-Remaining': '249958',
        'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
        'X-HubSpot-RateLimit-Max': '100',
        'X-HubSpot-RateLimit-Remaining': '4',
      },
      { now: NOW },
    );
    expect(info).toEqual({
      limit: 100,
      remaining: 4,
      resetSeconds: null,
      retryAfterSeconds: null,
      dialect: 'hubspot',
      bucket: 'interval',
      buckets: [
        { name: 'interval', limit: 100, remaining: 4, resetSeconds: null, windowSeconds: 10 },
        {
          name: 'daily',
          limit: 250000,
          remaining: 249958,
          resetSeconds: null,
          windowSeconds: 86400,
        },
      ],
    });
  });

  it('reads OAuth responses (no daily headers) and the older per-second form', () => {
    const oauth = parseRateLimit({
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
      'x-hubspot-ratelimit-max': '110',
      'x-hubspot-ratelimit-remaining': '109',
    });
    expect([oauth.dialect, oauth.bucket, oauth.buckets.length]).toEqual(['hubspot', 'interval', 1]);
    const secondly = parseRateLimit({
      'x-hubspot-ratelimit-secondly': '10',
      'x-hubspot-ratelimit-secondly-remaining': '0',
    });
    expect([secondly.bucket, secondly.limit, secondly.remaining]).toEqual(['secondly', 10, 0]);
  });
});

describe('parseRateLimit – Atlassian (Jira, Confluence Cloud)', () => {
  it('reads X-RateLimit-Reset as an ISO 8601 minute timestamp, identified by RateLimit-Reason', () => {
    const info = parseRateLimit(
      {
        'Retry-After': '600',
        'X-RateLimit-Limit': '350',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': '2026-01-01T00:10Z',
        'X-RateLimit-NearLimit': 'true',
        'RateLimit-Reason': 'jira-quota-tenant-based',
      },
      { now: NOW },
    );
    expect(info).toMatchObject({
      dialect: 'atlassian',
      bucket: 'default',
      limit: 350,
      remaining: 0,
      resetSeconds: 600,
      retryAfterSeconds: 600,
    });
  });

  it('reads minute timestamps with an offset, and rejects impossible ones', () => {
    const at = (reset: string) =>
      parseRateLimit({ 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': reset }, { now: NOW })
        .resetSeconds;
    expect(at('2026-01-01T01:05+01:00')).toBe(300);
    expect(at('2026-01-01T24:05Z')).toBeNull();
    expect(at('2026-01-01T00:10:00.5Z')).toBe(600.5);
    expect(at('2026-01-01T00:10.5Z')).toBeNull();
  });
});

describe('parseRateLimit – IETF RateLimit fields (drafts 09 to 12)', () => {
  const policy = '"default";q=100;w=60';

  it.each([
    ['r=abc', '"default";r=abc;t=30'],
    ['t=30.5', '"default";r=5;t=30.5'],
    ['a missing r', '"default";t=30'],
    ['a negative r', '"default";r=-1;t=30'],
    ['a string r', '"default";r="5";t=30'],
  ])('ignores a RateLimit item with %s whole, never half used', (_case, field) => {
    const info = parseRateLimit({ ratelimit: field, 'ratelimit-policy': policy }, { now: NOW });
    // Only the policy is known: no remaining, and no reset taken from the malformed item.
    expect(info.buckets).toEqual([
      { name: 'default', limit: 100, remaining: null, resetSeconds: null, windowSeconds: 60 },
    ]);
  });

  it('ignores a malformed policy item whole and keeps the well-formed ones', () => {
    const info = parseRateLimit({
      // q=abc, w=abc and a missing q each make their item malformed: none is half used.
      'ratelimit-policy': '"a";q=abc;w=1, "b";q=10;w=abc, "day";q=1000;w=86400, "hour";w=3600',
      ratelimit: '"day";r=10;t=3000',
    });
    expect(info.buckets).toEqual([
      { name: 'day', limit: 1000, remaining: 10, resetSeconds: 3000, windowSeconds: 86400 },
    ]);
  });

  it('keeps the well-formed items of a field that also carries a malformed one', () => {
    const info = parseRateLimit({ ratelimit: '"minute";r=abc;t=20, "day";r=100;t=3000' });
    expect(info.buckets.map((b) => b.name)).toEqual(['day']);
  });

  it('reads the renamed parameters proposed after draft 12 (a for r, w for t) when r and t are absent', () => {
    const info = parseRateLimit({
      ratelimit: '"default";a=50;w=30;c=1',
      'ratelimit-policy': policy,
    });
    expect([info.dialect, info.limit, info.remaining, info.resetSeconds]).toEqual([
      'ietf',
      100,
      50,
      30,
    ]);
    // The current names win when both are sent.
    expect(parseRateLimit({ ratelimit: '"default";r=5;t=6;a=50;w=30' }).remaining).toBe(5);
    expect(parseRateLimit({ ratelimit: '"default";a=5.5' }).dialect).toBeNull();
  });

  it('reads the draft-12 example with quota units and a partition key', () => {
    const info = parseRateLimit({
      'ratelimit-policy': '"peruser";q=100;w=60;qu="requests";pk=:cHsdsRa894==:',
      ratelimit: '"peruser";r=65;t=5;pk=:cHsdsRa894==:',
    });
    expect(info).toMatchObject({ dialect: 'ietf', bucket: 'peruser', limit: 100, remaining: 65 });
  });
});
