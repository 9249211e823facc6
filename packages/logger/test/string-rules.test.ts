import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';

const r = createRedactor();
const C = '[REDACTED]';

describe('string rules replace only the sensitive part', () => {
  it.each([
    ['email', 'contact jane.doe+tag@mail.example.co.uk today', `contact ${C} today`],
    ['email in a path', 'GET /users/bob@example.com/orders', `GET /users/${C}/orders`],
    ['several emails', 'a@b.co,c.d+e@f-g.example.io;x_y@z.travel', `${C},${C};${C}`],
    ['email at both ends', 'jane@example.com wrote to bob@example.org', `${C} wrote to ${C}`],
    ['E.164 phone', 'call +14155552671 now', `call ${C} now`],
    ['international phone with spaces', 'call +44 20 7946 0958 now', `call ${C} now`],
    ['international phone with parentheses', 'call +1 (415) 555-2671.', `call ${C}.`],
    ['US national phone', 'call (415) 555-2671 or 415-555-2671', `call ${C} or ${C}`],
    ['UK national phone', 'tel 020 7946 0958 ok', `tel ${C} ok`],
    ['French national phone', 'tel 06 12 34 56 78 ok', `tel ${C} ok`],
    ['Visa card', 'paid with 4111111111111111 ok', `paid with ${C} ok`],
    ['spaced card', 'card 4111 1111 1111 1111 ok', `card ${C} ok`],
    ['dashed Amex card', 'card 3782-822463-10005 ok', `card ${C} ok`],
    ['Mastercard 2-series', 'card 2221000000000009', `card ${C}`],
    ['IBAN', 'to DE89370400440532013000 ok', `to ${C} ok`],
    ['spaced IBAN', 'to GB82 WEST 1234 5698 7654 32 ok', `to ${C} ok`],
    ['US SSN', 'ssn 123-45-6789 ok', `ssn ${C} ok`],
    [
      'JWT',
      'got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok',
      `got ${C} ok`,
    ],
    ['Bearer credential', 'header Bearer abc123def456ghi', `header Bearer ${C}`],
    ['Basic credential', 'Basic dXNlcjpwYXNzd29yZA==', `Basic ${C}`],
    ['Stripe secret key', 'key sk_live_51HabcdefGHIJ', `key sk_live_${C}`],
    ['Stripe test key', 'key sk_test_51HabcdefGHIJ', `key sk_test_${C}`],
    ['publishable key', 'pk_live_51HabcdefGHIJ', `pk_live_${C}`],
    ['webhook secret', 'whsec_abcdefghijklmnop', `whsec_${C}`],
    ['agent key', 'rl_agent_abcdefgh1234', `rl_agent_${C}`],
    ['GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', `ghp_${C}`],
    ['GitHub fine-grained token', 'github_pat_11ABCDEFG0abcdefghijkl', `github_pat_${C}`],
    ['Slack token', 'xoxb-123456789012-abcdefghij', `xoxb-${C}`],
    ['AWS access key id', 'id AKIAIOSFODNN7EXAMPLE ok', `id AKIA${C} ok`],
    [
      'URL credentials',
      'postgres://admin:s3cret@db.internal:5432/app',
      `postgres://${C}@db.internal:5432/app`,
    ],
    [
      'sensitive query parameters',
      'GET https://api.example.com/v1/x?api_key=abc123&limit=10&access_token=zz9',
      `GET https://api.example.com/v1/x?api_key=${C}&limit=10&access_token=${C}`,
    ],
    [
      'Authorization header inside a curl command',
      `curl -H 'Authorization: Bearer abc.def.ghi' -H "x-api-key: k123" https://h/p`,
      `curl -H 'Authorization: ${C}' -H "x-api-key: ${C}" https://h/p`,
    ],
    [
      'password=… in text',
      'login failed password=hunter2 user=bob',
      `login failed password=${C} user=bob`,
    ],
    ['JSON text', '{"password":"two words","user":"bob"}', `{"password":"${C}","user":"bob"}`],
  ])('%s', (_rule, input, expected) => {
    expect(r.redactString(input)).toBe(expected);
    // Idempotent: a line redacted once and logged again is not mangled.
    expect(r.redactString(expected)).toBe(expected);
  });

  it('redacts payment cards stored as numbers and bigints', () => {
    expect(r.redact({ v: 4111111111111111, b: 4111111111111111n })).toEqual({ v: C, b: C });
  });

  it('applies custom patterns, censoring only the named group `secret` when present', () => {
    const custom = createRedactor({
      patterns: [
        { name: 'order-secret', pattern: /order_secret=(?<secret>\w+)/, hint: 'order_secret' },
        { name: 'internal-host', pattern: /\bint-[a-z0-9]+\.corp\b/ },
      ],
    });
    expect(custom.redactString('x order_secret=abc y int-db1.corp')).toBe(
      `x order_secret=${C} y ${C}`,
    );
  });

  it('switches a built-in string rule off with disable', () => {
    expect(createRedactor({ disable: ['phone'] }).redactString('call +14155552671')).toBe(
      'call +14155552671',
    );
  });
});

describe('no false positives on what operators need', () => {
  it.each([
    ['UUID', 'request 123e4567-e89b-12d3-a456-426614174000 done'],
    ['bare UUID', '123e4567-e89b-12d3-a456-426614174000'],
    ['ISO timestamp', '2024-05-01T12:00:00.000Z'],
    ['ISO timestamp with offset', '2024-05-01T12:00:00+02:00'],
    ['ISO date', 'on 2024-05-01 at 12:00:00'],
    ['date and time', 'started 2024-05-01 12:34:56.789'],
    ['request id', 'req_01HW3K5N8Q7Y2Z4X6C9V0B1M2N'],
    ['order number', 'order ORD-2024-000123 shipped'],
    ['numeric order number', 'order 100045678 shipped'],
    ['version', 'running v1.24.3 (build 20240501.3)'],
    ['semver with prerelease', '2.0.0-rc.1+build.5'],
    ['amount', 'charged 1234.56 EUR and 1,234,567.89 USD'],
    ['duration', 'took 1500ms (1.5s), p99 2345.67ms'],
    ['hostname', 'connect api.payments.example.com:443'],
    ['IP address', 'from 192.168.100.200 and 10.0.0.1'],
    ['epoch milliseconds', 'at 1714567890123'],
    ['digits failing Luhn', 'ref 4111111111111112'],
    ['long digit run', 'trace 12345678901234567890123'],
    ['hex trace id', 'trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7'],
    ['sha256', 'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['npm spec', 'installed @preflight/logger@1.2.3'],
    ['host without a TLD', 'ssh deploy@localhost and @mention'],
    ['route template', '/v1/users/:id/orders'],
    ['english with Bearer and Basic', 'Basic authentication failed; Bearer token missing'],
    ['max_tokens in text', 'max_tokens=1024 temperature=0.2'],
    ['url without secrets', 'https://api.example.com/v1/orders?limit=10&page=2'],
    ['percentages and ratios', '99.95% of 123456 requests; ratio 0.123456789'],
  ])('%s', (_what, input) => {
    expect(r.redactString(input)).toBe(input);
  });
});

describe('the cheap pre-filter lets every rule see the strings it can match', () => {
  it.each([
    // Strings of 12+ characters are the shortest a prefixed key can be; they are scanned.
    ['shortest GitHub token', 'ghp_abcdefgh', `ghp_${C}`],
    ['shortest Slack token', 'xoxb-12345678', `xoxb-${C}`],
    ['shortest Stripe key', 'sk_live_abcdefgh', `sk_live_${C}`],
    ['shortest AWS key id', 'AKIAABCDEFGHIJKLMNOP', `AKIA${C}`],
    // Short strings are still scanned when they hold `@`, `=`, `:` or 7 digits.
    ['short e-mail', 'a@b.co', C],
    ['short key=value', 'pin=4321', `pin=${C}`],
    ['short key: value', 'pin: 4321', `pin: ${C}`],
    ['short E.164 phone', '+3361234567', C],
    // A UUID-shaped string whose segments are not all hex is scanned like any other string.
    [
      'UUID-shaped string with a key',
      'abcdefgh-abcd-abcd-abcd-ghp_abcdefgh',
      `abcdefgh-abcd-abcd-abcd-ghp_${C}`,
    ],
    ['UUID-shaped string with an e-mail', 'abcdefgh-abcd-abcd-abcd-a@example.io', C],
  ])('%s', (_name, input, expected) => {
    expect(r.redactString(input)).toBe(expected);
  });

  it.each([
    ['short id with an underscore', 'ord_100123'],
    ['short upper-case code', 'EUR_USD'],
    ['short string with b', 'bob-bar'],
    ['eleven characters, no trigger', 'ABC_def_ghi'],
    ['upper-case UUID', '123E4567-E89B-12D3-A456-426614174000'],
    ['lower-case UUID', '123e4567-e89b-12d3-a456-426614174000'],
  ])('%s stays as it is', (_name, input) => {
    expect(r.redactString(input)).toBe(input);
  });
});
