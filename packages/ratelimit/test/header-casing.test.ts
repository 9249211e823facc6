import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRateLimit } from '../src/index.js';

const NOW = Date.UTC(2026, 0, 1);
const EPOCH_S = NOW / 1000;

// Every header name the parser reads, in header sets that each parse to a budget.
const SETS: Record<string, Record<string, string>> = {
  ietf: { RateLimit: '"default";r=50;t=30', 'RateLimit-Policy': '"default";q=100;w=60' },
  ietfDraft: { 'RateLimit-Limit': '100', 'RateLimit-Remaining': '7', 'RateLimit-Reset': '20' },
  ietfResetTime: { 'RateLimit-Limit': '100', 'RateLimit-ResetTime': String(EPOCH_S + 30) },
  github: {
    'X-RateLimit-Limit': '5000',
    'X-RateLimit-Remaining': '4999',
    'X-RateLimit-Used': '1',
    'X-RateLimit-Reset': String(EPOCH_S + 600),
    'X-RateLimit-Resource': 'core',
  },
  discord: {
    'X-RateLimit-Limit': '5',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset-After': '1.5',
    'X-RateLimit-Bucket': 'abcd1234',
    'Retry-After': '2',
  },
  xDash: {
    'X-Rate-Limit-Limit': '900',
    'X-Rate-Limit-Remaining': '899',
    'X-Rate-Limit-Reset': '60',
  },
  zendesk: { 'X-Rate-Limit': '700' },
  openai: {
    'X-RateLimit-Limit-Requests': '60',
    'X-RateLimit-Remaining-Requests': '59',
    'X-RateLimit-Reset-Requests': '1s',
    'X-RateLimit-Limit-Tokens': '150000',
    'X-RateLimit-Remaining-Tokens': '149984',
    'X-RateLimit-Reset-Tokens': '6m0s',
  },
  linear: {
    'X-RateLimit-Requests-Limit': '1500',
    'X-RateLimit-Requests-Remaining': '1499',
    'X-RateLimit-Requests-Reset': String(NOW + 3_600_000),
  },
  anthropic: {
    'Anthropic-RateLimit-Requests-Limit': '50',
    'Anthropic-RateLimit-Requests-Remaining': '49',
    'Anthropic-RateLimit-Requests-Reset': '2026-01-01T00:01:00Z',
    'Anthropic-RateLimit-Tokens-Limit': '40000',
    'Anthropic-RateLimit-Tokens-Remaining': '39000',
  },
  shopify: { 'X-Shopify-Shop-Api-Call-Limit': '32/40' },
  salesforce: { 'Sforce-Limit-Info': 'api-usage=18/5000, per-app-api-usage=17/250(appName=x)' },
  hubspot: {
    'X-HubSpot-RateLimit-Daily': '250000',
    'X-HubSpot-RateLimit-Daily-Remaining': '249900',
    'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
    'X-HubSpot-RateLimit-Max': '100',
    'X-HubSpot-RateLimit-Remaining': '97',
    'X-HubSpot-RateLimit-Secondly': '10',
    'X-HubSpot-RateLimit-Secondly-Remaining': '9',
  },
  atlassian: {
    'X-RateLimit-Limit': '100',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': '2026-01-01T00:10Z',
    'RateLimit-Reason': 'jira-burst-based',
    'Retry-After': '600',
  },
  retryAfterDate: {
    'Retry-After': 'Thu, 01 Jan 2026 00:00:30 GMT',
    Date: 'Thu, 01 Jan 2026 00:00:00 GMT',
  },
};

const lowerCased = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

/** What Node hands a server for these headers, over a real loopback request. */
async function throughNode(sets: Record<string, string>[]): Promise<IncomingHttpHeaders[]> {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    received.push(req.headers);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    for (const headers of sets) {
      await new Promise<void>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, headers, agent: false }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end();
      });
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return received;
}

describe('parseRateLimit – header names are case-insensitive in every input form', () => {
  it('reads every supported header name in any casing the same from a record, Headers and IncomingHttpHeaders', () => {
    const cased = fc.constantFrom(...Object.keys(SETS)).chain((set) => {
      const headers = SETS[set] as Record<string, string>;
      return fc
        .tuple(...Object.keys(headers).map((name) => fc.mixedCase(fc.constant(name))))
        .map((names) => ({
          set,
          headers: Object.fromEntries(names.map((name, i) => [name, Object.values(headers)[i]])),
        }));
    });
    fc.assert(
      fc.property(cased, ({ set, headers }) => {
        const expected = parseRateLimit(lowerCased(SETS[set] as Record<string, string>), {
          now: NOW,
        });
        // Each set parses to something: a budget, or a Retry-After.
        expect(expected.dialect ?? expected.retryAfterSeconds).not.toBeNull();
        expect(parseRateLimit(headers as Record<string, string>, { now: NOW })).toEqual(expected);
        expect(
          parseRateLimit(new Headers(headers as Record<string, string>), { now: NOW }),
        ).toEqual(expected);
        const node: IncomingHttpHeaders = lowerCased(headers as Record<string, string>);
        expect(parseRateLimit(node, { now: NOW })).toEqual(expected);
      }),
      { numRuns: 1_000 },
    );
  });

  it('reads a plain object with Salesforce’s documented casing', () => {
    const info = parseRateLimit({ 'Sforce-Limit-Info': 'api-usage=18/5000' });
    expect([info.dialect, info.limit, info.remaining]).toEqual(['salesforce', 5000, 4982]);
  });

  it('combines the same header sent twice in different casings, as Headers does', () => {
    const twice = {
      'X-RateLimit-Limit': '60',
      'x-ratelimit-limit': '61',
      'X-RateLimit-Remaining': '1',
    };
    const headers = new Headers();
    for (const [name, value] of Object.entries(twice)) headers.append(name, value);
    expect(parseRateLimit(twice)).toEqual(parseRateLimit(headers));
    expect(parseRateLimit(twice).limit).toBeNull();
  });

  it('reads the headers Node hands a real server exactly as the original mixed-case set', async () => {
    const sets = Object.values(SETS);
    const received = await throughNode(sets);
    received.forEach((headers, i) => {
      expect(parseRateLimit(headers, { now: NOW })).toEqual(
        parseRateLimit(sets[i] as Record<string, string>, { now: NOW }),
      );
    });
  });
});
