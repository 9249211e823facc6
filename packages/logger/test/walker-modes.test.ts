import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';

// The walker has two modes: redact() always copies, the logging path (redactForLog) returns the
// value itself wherever nothing changed. Each kind of value is walked by its own code
// (objects, entries, arrays, Maps/Sets and class instances, Errors); both modes must agree on
// every kind, and neither may touch its input.

const keys = fc.constantFrom(
  'id',
  'email',
  'password',
  'tokens_used',
  'session',
  'name',
  'customer',
  'note',
  'address',
  'x-api-key',
  '__proto__',
  'amount',
);
const leaves = fc.oneof(
  fc.constantFrom(
    'plain text',
    'jane@example.com',
    'card 4111 1111 1111 1111',
    'Bearer abc123def456ghi789',
    'ord_1042',
    '',
  ),
  fc.integer(),
  fc.constant(4111111111111111),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

const entries = <T>(value: fc.Arbitrary<T>) => fc.array(fc.tuple(keys, value), { maxLength: 5 });

const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaves,
    fc.array(tie('tree'), { maxLength: 4 }),
    entries(tie('tree')).map((list) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of list)
        Object.defineProperty(out, k, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return out;
    }),
    entries(tie('tree')).map((list) => new Map<unknown, unknown>(list)),
    fc.array(leaves, { maxLength: 4 }).map((list) => new Set(list)),
    fc
      .tuple(fc.constantFrom('boom', 'failed for jane@example.com'), tie('tree'))
      .map(([message, cause]) => Object.assign(new Error(message, { cause }), { code: 'E_X' })),
    fc.constant(new Date(0)),
    fc.constant(Buffer.from('secret bytes')),
  ),
}));

/** JSON as pino writes it, with Errors as their visible fields. */
function serialise(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v instanceof Error
      ? {
          ...(v as object),
          type: v.constructor.name,
          message: v.message,
          stack: v.stack,
          cause: v.cause,
        }
      : v,
  );
}

describe('redact() and the logging path agree on every kind of value (property)', () => {
  const redactor = createRedactor();

  it('write the same JSON, and leave their input as it was', () => {
    fc.assert(
      fc.property(tree, (value) => {
        const before = serialise(value);
        const copied = redactor.redact(value);
        const logged = redactor.redactForLog(value);
        expect(serialise(logged)).toBe(serialise(copied));
        expect(serialise(value)).toBe(before);
      }),
      { numRuns: 400 },
    );
  });

  it('the logging path returns plain values that needed no change as they are', () => {
    fc.assert(
      fc.property(tree, (value) => {
        if (typeof value !== 'object' || value === null) return;
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== Array.prototype) return;
        if (serialise(redactor.redact(value)) !== serialise(value)) return;
        // Only plain objects and arrays of leaves are returned as they are: Maps, Sets, Errors
        // and Buffers inside are always rewritten to their logged form.
        const plainOnly = (v: unknown): boolean =>
          typeof v !== 'object' ||
          v === null ||
          ((Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype) &&
            Object.values(v).every(plainOnly));
        if (!plainOnly(value)) return;
        expect(redactor.redactForLog(value)).toBe(value);
      }),
      { numRuns: 400 },
    );
  });
});
