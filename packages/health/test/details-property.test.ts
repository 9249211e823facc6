import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHealth, type Health } from '../src/index.js';
import { request, type Served, serveRouter } from './helpers.js';

// Whatever a check resolves or throws, /ready answers 200 or 503 with a bounded, valid JSON
// body, and a credential planted anywhere in it never reaches the body.

const secret = fc.stringMatching(/^[A-Za-z0-9]{12,20}$/).map((s) => `Zq${s}`);
const credentialWith = (value: string) =>
  fc.constantFrom(
    `postgres://admin:${value}@db.internal:5432/app`,
    `mongodb://app:${value}/x@y@mongo-1:27017/orders`,
    `admin:${value}@db:27017`,
    `Bearer ${value}`,
    `password=${value}`,
    `sk_live_${value}`,
    `https://partner.example/cb?api_key=${value}`,
  );

const anything = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withBoxedValues: true,
  withObjectString: true,
});

function treeWith(credential: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const text = fc.oneof(
    credential,
    credential.map((c) => `while connecting (${c}), retrying`),
  );
  return fc.letrec<{ node: unknown; leaf: unknown; list: unknown[]; record: object }>((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('list'), tie('record')),
    leaf: fc.oneof(anything, text),
    list: fc.array(tie('node'), { maxLength: 5 }),
    record: fc.dictionary(fc.oneof(fc.string(), text), tie('node'), { maxKeys: 5 }),
  })).node;
}

type Hostility = 'none' | 'cycle' | 'getter' | 'proxy' | 'revoked' | 'wide';

function hostile(value: unknown, how: Hostility, credential: string): unknown {
  const holder: Record<string, unknown> = { value };
  switch (how) {
    case 'cycle':
      holder.self = holder;
      return holder;
    case 'getter':
      return Object.defineProperty(holder, 'boom', {
        enumerable: true,
        get() {
          throw new Error(credential);
        },
      });
    case 'proxy':
      return new Proxy(holder, {
        ownKeys() {
          throw new Error(credential);
        },
      });
    case 'revoked': {
      const { proxy, revoke } = Proxy.revocable(holder, {});
      revoke();
      return proxy;
    }
    case 'wide':
      return Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`${credential}${i}`, i]));
    default:
      return value;
  }
}

const outputArb = secret.chain((value) => {
  const credential = credentialWith(value);
  const field = fc.oneof(credential, anything);
  return fc.record({
    value: fc.constant(value),
    reject: fc.boolean(),
    result: fc.record(
      {
        status: fc.oneof(fc.constantFrom('pass', 'warn', 'fail'), anything),
        output: field,
        observedValue: fc
          .tuple(
            treeWith(credential),
            fc.constantFrom<Hostility>('none', 'cycle', 'getter', 'proxy', 'revoked', 'wide'),
            credential,
          )
          // Built inside the property: fast-check itself cannot inspect a revoked Proxy.
          .map(([tree, how, c]) => ({ tree, how, c })),
        observedUnit: field,
        measurementName: field,
      },
      { requiredKeys: [] },
    ),
  });
});

let current: { reject: boolean; result: unknown } = { reject: false, result: undefined };
let health: Health;
let served: Served;

beforeAll(async () => {
  health = createHealth({
    showDetails: 'always',
    checks: [
      {
        name: 'dep',
        cacheMs: 0,
        check: async () => {
          if (current.reject) {
            const { result } = current;
            throw typeof result === 'string' ? new Error(result) : result;
          }
          return current.result as never;
        },
      },
    ],
  });
  served = await serveRouter(health.router());
});
afterAll(async () => {
  health.close();
  await served.close();
});

describe('details under arbitrary check output (property)', () => {
  it('always answers 200 or 503 with valid JSON of at most maxBodyBytes, without the planted credential', async () => {
    await fc.assert(
      fc.asyncProperty(outputArb, async ({ value, reject, result: spec }) => {
        const { observedValue, ...rest } = spec;
        const result: Record<string, unknown> = { ...rest };
        if (observedValue !== undefined) {
          result.observedValue = hostile(observedValue.tree, observedValue.how, observedValue.c);
        }
        current = { reject, result: reject ? (result.output ?? result) : result };
        const res = await request(`${served.url}/health/ready`);
        expect([200, 503]).toContain(res.status);
        expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(32_768);
        expect(() => JSON.parse(res.text)).not.toThrow();
        expect(res.text).not.toContain(value);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
