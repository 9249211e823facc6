import { cpuMs } from '@preflight/test-harness';
import { describe, expect, it } from 'vitest';
import { createRedactor, STRING_RULE_NAMES } from '../src/index.js';

const r = createRedactor();
const C = '[REDACTED]';
const PEM_BODY = 'MIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun';

// One row per issue-13 family: the input, and exactly what is kept.
describe('issue 13: each family is caught and only the secret goes', () => {
  it.each([
    [
      'PEM private key',
      `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`,
      `-----BEGIN RSA PRIVATE KEY-----${C}-----END RSA PRIVATE KEY-----`,
    ],
    [
      'PEM with \\n escapes',
      `{"k":"-----BEGIN PRIVATE KEY-----\\n${PEM_BODY}\\n-----END PRIVATE KEY-----\\n"}`,
      `{"k":"-----BEGIN PRIVATE KEY-----${C}-----END PRIVATE KEY-----\\n"}`,
    ],
    [
      'OpenSSH key',
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${PEM_BODY}\n-----END OPENSSH PRIVATE KEY-----`,
      `-----BEGIN OPENSSH PRIVATE KEY-----${C}-----END OPENSSH PRIVATE KEY-----`,
    ],
    [
      'PGP key block',
      `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${PEM_BODY}\n-----END PGP PRIVATE KEY BLOCK-----`,
      `-----BEGIN PGP PRIVATE KEY BLOCK-----${C}-----END PGP PRIVATE KEY BLOCK-----`,
    ],
    [
      'truncated PEM',
      `key: -----BEGIN EC PRIVATE KEY-----\n${PEM_BODY}`,
      `key: -----BEGIN EC PRIVATE KEY-----${C}`,
    ],
    [
      'curl -u',
      'curl -u admin:S3cr3tPass https://api.example.com',
      `curl -u admin:${C} https://api.example.com`,
    ],
    [
      'curl --user',
      'curl --user bob:hunter22 -X POST https://h/x',
      `curl --user bob:${C} -X POST https://h/x`,
    ],
    ['--token X', 'tool sync --token abc123XYZ789 --verbose', `tool sync --token ${C} --verbose`],
    ['--password=X', 'psql --password=Pa55w0rd --host db', `psql --password=${C} --host db`],
    [
      '-ClientSecret',
      "Connect-AzAccount -ClientSecret 'ab~cd.ef12' -Tenant x",
      `Connect-AzAccount -ClientSecret '${C}' -Tenant x`,
    ],
    [
      'Slack webhook',
      'post https://hooks.slack.com/services/T0001/B0001/XXXXXXXXXXXXXXXXXXXXXXXX ok',
      `post https://hooks.slack.com/services/${C} ok`,
    ],
    [
      'Slack workflow',
      'https://hooks.slack.com/workflows/T0001/A0001/123/abcdefghijkl',
      `https://hooks.slack.com/workflows/${C}`,
    ],
    [
      'Discord webhook',
      'https://discord.com/api/webhooks/123456/abcDEF123456-_xyz',
      `https://discord.com/api/webhooks/${C}`,
    ],
    [
      'Telegram bot URL',
      'https://api.telegram.org/bot123456789:AAHabcdefghijklmnopqrstuvwxyz012345/getMe',
      `https://api.telegram.org/bot${C}/getMe`,
    ],
    [
      'query sig=',
      'https://a.blob.core.windows.net/c/f?sv=2022-11-02&sig=abcDEF123%2Bxyz%3D',
      `https://a.blob.core.windows.net/c/f?sv=2022-11-02&sig=${C}`,
    ],
    [
      'query signature=',
      'https://cdn.example.com/f?expires=1&signature=9f86d081884c7d65',
      `https://cdn.example.com/f?expires=1&signature=${C}`,
    ],
    [
      'query code=',
      'https://app.example.com/cb?code=4f8a9b2c1d3e5f6a&state=xyz',
      `https://app.example.com/cb?code=${C}&state=xyz`,
    ],
    [
      'query t=',
      'https://example.com/reset?t=a1b2c3d4e5f6g7h8',
      `https://example.com/reset?t=${C}`,
    ],
    ['Hugging Face', 'hf_abcdefghijklmnopqrstuvwxyzABCDEFGH', `hf_${C}`],
    ['GitLab PAT', 'glpat-abcdefghij0123456789', `glpat-${C}`],
    ['Grafana service account', 'glsa_abcdefghijklmnopqrstuvwxyzABCDEF_0123abcd', `glsa_${C}`],
    ['Vault', 'hvs.CAESIJlU9JMYEhOPYv4igdhm9PnZDrabYTobQ4Ymnlq1qY-LGh4KHGh2cy5WM0', `hvs.${C}`],
    ['npm', 'npm_abcdefghijklmnopqrstuvwxyz0123456789', `npm_${C}`],
    [
      'SendGrid',
      'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      `SG.${C}`,
    ],
    ['Shopify', 'shpat_0123456789abcdef0123456789abcdef', `shpat_${C}`],
    ['Stripe restricted', 'rk_live_51Habcdefghijklmnop', `rk_live_${C}`],
    ['Anthropic', 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz', `sk-ant-${C}`],
    ['Slack app token', 'xapp-1-A0123456789-0123456789012-abcdef', `xapp-${C}`],
    ['Mailchimp', 'key 0123456789abcdef0123456789abcdef-us12 ok', `key ${C} ok`],
    ['Telegram bot token', '123456789:AAHabcdefghijklmnopqrstuvwxyz012345', C],
    ['Azure AD client secret', 'abc8Q~abcdefghijklmnopqrstuvwxyz012345', C],
    ['KEY := "v"', 'DB_PASSWORD := "x1y2z3"', `DB_PASSWORD := "${C}"`],
    ['KEY ?= v', 'API_TOKEN ?= abc123', `API_TOKEN ?= ${C}`],
    ['KEY ::= v', 'SECRET ::= abc', `SECRET ::= ${C}`],
    ['value with {}()$[,', 'password=a{b}(c)$d[e,f]g next', `password=${C} next`],
    ['if (secret == "…")', 'if (secret == "hunter2") {', `if (secret == "${C}") {`],
    ['*_KEY', 'HEROKU_KEY=0123abcd-ef', `HEROKU_KEY=${C}`],
    ['…Key', 'hubspotKey: pat-na1-0123', `hubspotKey: ${C}`],
    ['*_pw and db_pass', 'ADMIN_PW=x1 db_pass=y2', `ADMIN_PW=${C} db_pass=${C}`],
    [
      '_authToken (npmrc)',
      '//registry.npmjs.org/:_authToken=abc123def',
      `//registry.npmjs.org/:_authToken=${C}`,
    ],
    ['Authorization: Api-Token', 'Authorization: Api-Token abc123def', `Authorization: ${C}`],
    [
      'Authorization: Digest',
      '-H \'Authorization: Digest username="bob", response="6629fae4"\' -v',
      `-H 'Authorization: ${C}' -v`,
    ],
    [
      'Authorization: AWS4',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
      `Authorization: ${C}`,
    ],
    ['unsigned JWT', 'got eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjMifQ. ok', `got ${C} ok`],
    ['two-segment JWT', 'got eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjMifQ back', `got ${C} back`],
    [
      'embedded JWT',
      'v2.local.xeyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl',
      `v2.local.x${C}`,
    ],
    ['phone with trunk 1', 'call 1-650-253-0000 now', `call ${C} now`],
    ['phone with slash', 'call 415/666-7777 now', `call ${C} now`],
    ['phone with 00', 'call 0044 20 7946 0958 now', `call ${C} now`],
    ['phone with 011', 'call 011 44 20 7946 0958 now', `call ${C} now`],
    ['phone with 0011', 'call 0011-61-2-9876-5432 now', `call ${C} now`],
    ['phone with extension', 'call 650-253-4561x123 now', `call ${C} now`],
    ['phone with ext.', 'call (650) 253-4561 ext. 12 now', `call ${C} now`],
    ['phone glued to text', 'call415-555-2671now', `call${C}now`],
    ['full-width phone', '電話０３－１２３４－５６７８', `電話${C}`],
    ['Mexican grouping', 'tel (33) 3461 2234', `tel ${C}`],
    ['Spanish grouping', 'móvil 612 345 678', `móvil ${C}`],
    ['punycode e-mail', 'to user@xn--bcher-kva.example ok', `to ${C} ok`],
    ['non-ASCII e-mail', 'to josé@café.fr and 用户@例子.广告', `to ${C} and ${C}`],
    ['quoted local part', 'to "john doe"@example.com ok', `to ${C} ok`],
    ['UATP card', 'card 122000000000003 ok', `card ${C} ok`],
    ['UnionPay 81 card', 'card 8171999927660000 ok', `card ${C} ok`],
    ['Libyan IBAN', 'to LY83002048000020100120361 ok', `to ${C} ok`],
    ['dashed IBAN', 'iban DE89-3704-0044-0532-0130-00', `iban ${C}`],
    ['IBAN followed by text', 'DE89370400440532013000Reference', `${C}Reference`],
    [
      'IBAN followed by upper-case text',
      'IBAN: GB82 WEST 1234 5698 7654 32 BIC: NWBKGB2L',
      `IBAN: ${C} BIC: NWBKGB2L`,
    ],
    ['dotted SSN', 'ssn 078.05.1123 ok', `ssn ${C} ok`],
    [
      'XML element',
      '<user>bob</user><password>hunter2</password>',
      `<user>bob</user><password>${C}</password>`,
    ],
    [
      '.NET appSettings',
      '<add key="StripeApiKey" value="abc123" />',
      `<add key="StripeApiKey" value="${C}" />`,
    ],
    [
      'HTML input',
      '<input type="password" name="password" value="hunter2">',
      `<input type="password" name="password" value="${C}">`,
    ],
    ['spaced SSN', 'ssn 078 05 1123 ok', `ssn ${C} ok`],
    ['RFC 5322 local part', 'from test|123@example.com ok', `from ${C} ok`],
    ['e-mail in quotes', "to 'bob@example.com' ok", `to '${C}' ok`],
    ['Twilio API key', 'SK0123456789abcdef0123456789abcdef', `SK${C}`],
    [
      'Terraform Cloud token',
      'abcdefghij1234.atlasv1.abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzABCDEFGHIJ ok',
      `${C} ok`,
    ],
  ])('%s', (_name, input, expected) => {
    expect(r.redactString(input)).toBe(expected);
    expect(r.redactString(expected)).toBe(expected);
  });
});

describe('issue 13: false positives that must stay as they are', () => {
  it.each([
    ['digit groups of a non-IBAN', 'ref NL91 ABNA 0417 1643 01'],
    ['credentialsId', "credentialsId: '3f2b8c1e-5d4a-4b7e-9c2d-1a2b3c4d5e6f'"],
    ['access_token_url', 'access_token_url=https://auth.example.com/oauth/token'],
    ['secret_length', 'secret_length = 32'],
    ['TokenFile', 'TokenFile="x.cer"'],
    ['BlindKeySignatures', 'BlindKeySignatures=enabled'],
    ['Maven coordinates', 'dependency io.jsonwebtoken:jjwt:0.9.1, scope: compile'],
    ['SSN area 000', 'ssn 000-12-3456'],
    ['SSN area 666', 'ssn 666-12-3456'],
    ['SSN area 9xx', 'ssn 900-12-3456'],
    ['SSN group 00', 'ssn 123-00-4567'],
    ['SSN serial 0000', 'ssn 123-45-0000'],
    ['prefix inside a URL path', 'GET /blog/2018-250-xoxo-indieweb-1.jpg'],
    ['prefix inside a word', 'task-abcdefghijklmnopqrstuvwxyz0123'],
    ['URL user without password', 'postgres://postgres@db:5432/app'],
    ['SSH URL user', 'git clone ssh://git@github.com/org/repo.git'],
    ['placeholder comparison', 'if (token != null) return;'],
    ['flag naming a file', 'tool --token-file /run/secrets/token'],
    ['amount with thousands spaces', 'total 1 234 567 EUR'],
    ['SSN-shaped with spaces, never issued', 'ref 000 12 3456'],
    ['key-value words', 'stored as key-value pairs'],
    ['object key in a query', 'POST https://bucket.s3.amazonaws.com/?key=uploads/2024/a1b2c3.png'],
    ['SKU codes', 'SKU SKATE-42 in stock'],
    ['HTTP status codes in a row', 'retried on 429 502 503 responses'],
  ])('%s', (_name, input) => {
    expect(r.redactString(input)).toBe(input);
  });
});

describe('new rules are named, countable and can be switched off', () => {
  it('lists them in STRING_RULE_NAMES', () => {
    for (const name of ['private-key', 'url-token', 'cli-credential', 'markup'] as const) {
      expect(STRING_RULE_NAMES).toContain(name);
    }
  });

  it('switches private-key, url-token and cli-credential off with disable', () => {
    const off = createRedactor({ disable: ['private-key', 'url-token', 'cli-credential'] });
    const pem = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----`;
    expect(off.redactString(pem)).toBe(pem);
    expect(off.redactString('https://hooks.slack.com/services/T1/B1/abcdefghijkl')).toBe(
      'https://hooks.slack.com/services/T1/B1/abcdefghijkl',
    );
    expect(off.redactString('tool --token abc123XYZ789')).toBe('tool --token abc123XYZ789');
  });
});

describe('new rules stay linear on hostile strings', () => {
  it('scans adversarial repetitions of every new rule trigger within bounds', () => {
    const hostile = [
      `-----BEGIN PRIVATE KEY-----${'A'.repeat(30_000)}`,
      '-----BEGIN RSA PRIVATE KEY-----'.repeat(1_000),
      '<password>'.repeat(3_000),
      '<a>x</b>'.repeat(4_000),
      'key="a" value="'.repeat(2_000),
      ' --token '.repeat(3_000),
      'eyJabcd.'.repeat(4_000),
      'Authorization: Digest a="'.repeat(1_200),
      'Cookie: a=1; '.repeat(2_500),
      '+1 ('.repeat(8_000),
      '0011-'.repeat(6_000),
      'DE89 '.repeat(6_000),
      '"@'.repeat(15_000),
      'a!#@'.repeat(8_000),
      'sk_live_'.repeat(4_000),
      'hooks.slack.com/services/'.repeat(1_200),
      '?t='.repeat(10_000),
    ];
    const used = cpuMs(() => {
      for (const s of hostile) expect(typeof r.redactString(s)).toBe('string');
    });
    // A bound against catastrophic backtracking, not a speed target (that is the benchmark).
    expect(used).toBeLessThan(5_000);
  });
});
