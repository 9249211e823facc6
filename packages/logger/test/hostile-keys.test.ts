import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';
import { captureLogger } from './helpers.js';

// Issue 10, point 5: never throws, never loses a line; keys go through the string rules and
// have a length cap.

const C = '[REDACTED]';

const setup = captureLogger;

describe('merge objects that throw when read', () => {
  it('a Proxy whose get throws: the line is written with its message', () => {
    const { logger, lines } = setup();
    const hostile = new Proxy(
      { email: 'jane@example.com' },
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    expect(() => logger.info(hostile, 'kept')).not.toThrow();
    expect(() => logger.info({ nested: hostile }, 'nested')).not.toThrow();
    expect(lines.map((l) => l.msg)).toEqual(['kept', 'nested']);
    expect(JSON.stringify(lines)).not.toContain('jane@');
  });

  it('a revoked Proxy: the line is written with its message', () => {
    const { logger, lines } = setup();
    const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
    revoke();
    expect(() => logger.info(proxy, 'kept')).not.toThrow();
    expect(() => logger.warn({ p: proxy }, 'nested')).not.toThrow();
    expect(lines).toMatchObject([
      { msg: 'kept', value: '[Unreadable]' },
      { msg: 'nested', p: '[Unreadable]' },
    ]);
  });

  it('a Proxy whose ownKeys trap throws', () => {
    const { logger, lines } = setup();
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    expect(() => logger.error(hostile, 'kept')).not.toThrow();
    expect(lines[0]).toMatchObject({ msg: 'kept' });
  });
});

describe('PII and secrets used as keys', () => {
  it('object keys go through the string rules', () => {
    const { logger, raw } = setup();
    logger.info({ 'jane@example.com': 3 }, 'by email');
    logger.info({ results: { '4111111111111111': 'declined' } }, 'by card');
    expect(raw.join('')).not.toMatch(/jane@example\.com|4111111111111111/);
    expect(JSON.parse(raw[0] ?? '{}')).toMatchObject({ [C]: 3 });
    expect(JSON.parse(raw[1] ?? '{}')).toMatchObject({ results: { [C]: 'declined' } });
  });

  it('Map keys go through the string rules', () => {
    const redactor = createRedactor();
    const out = redactor.redact(
      new Map<unknown, unknown>([
        ['jane@example.com', 3],
        [4111111111111111, 'declined'],
      ]),
    );
    expect(JSON.stringify(out)).not.toMatch(/jane@|4111111111111111/);
  });

  it('two keys that redact to the same text are both kept', () => {
    const { logger, lines } = setup();
    logger.info({ 'jane@example.com': 1, 'bob@example.com': 2 });
    expect(lines[0]).toMatchObject({ [C]: 1, [`${C} (2)`]: 2 });
  });

  it('a 10 MB key is cut to maxKeyLength characters', () => {
    const { logger, raw } = setup();
    const key = 'k'.repeat(10 * 1024 * 1024);
    logger.info({ [key]: 1 }, 'huge key');
    expect(raw[0]?.length).toBeLessThan(2000);
    expect(raw[0]).toContain(`${'k'.repeat(256)}…[truncated ${key.length - 256} chars]`);
  });

  it('maxKeyLength is configurable and validated', () => {
    const redactor = createRedactor({ maxKeyLength: 16 });
    expect(Object.keys(redactor.redact({ ['x'.repeat(40)]: 1 }) as object)[0]).toBe(
      `${'x'.repeat(16)}…[truncated 24 chars]`,
    );
    expect(() => createRedactor({ maxKeyLength: 2 })).toThrow(/`redact.maxKeyLength`/);
  });

  it('property: no e-mail used as a key, at any depth, reaches the line', () => {
    const local = fc.string({ unit: fc.constantFrom(...'abcdefgh'), minLength: 1, maxLength: 8 });
    const email = fc.tuple(local, local).map(([a, b]) => `${a}@${b}.com`);
    fc.assert(
      fc.property(fc.array(email, { minLength: 1, maxLength: 5 }), fc.boolean(), (keys, nest) => {
        const { logger, raw } = setup();
        const obj = Object.fromEntries(keys.map((k, i) => [k, i]));
        logger.info(nest ? { outer: obj } : obj, 'line');
        for (const k of keys) expect(raw[0]).not.toContain(k);
        // Every value survives, under a distinct key.
        const line = JSON.parse(raw[0] ?? '{}');
        const kept = Object.keys(nest ? line.outer : line).filter((k) => k.startsWith(C));
        expect(kept.length).toBe(new Set(keys).size);
      }),
      { numRuns: 200 },
    );
  });
});

describe('a redacted key equal to a key already written', () => {
  it('keeps both values', () => {
    const { logger, lines } = setup();
    logger.info({ '[REDACTED]': 1, 'jane@example.com': 2 });
    logger.info({ 'jane@example.com': 1, '[REDACTED]': 2 });
    expect(lines[0]).toMatchObject({ [C]: 1, [`${C} (2)`]: 2 });
    expect(lines[1]).toMatchObject({ [C]: 1, [`${C} (2)`]: 2 });
  });
});

describe('Error own fields', () => {
  it('their keys go through the string rules and are capped', () => {
    const { logger, raw } = setup();
    const err = Object.assign(new Error('failed'), {
      'jane@example.com': 'x',
      ['k'.repeat(1000)]: 1,
    });
    logger.error(err);
    expect(raw[0]).not.toContain('jane@');
    expect(raw[0]).toContain(`"${C}":"x"`);
    expect(raw[0]).toContain('…[truncated 744 chars]');
  });
});
