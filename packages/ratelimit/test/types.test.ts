import { describe, expectTypeOf, it } from 'vitest';
import {
  createRateLimitedFetch,
  createRateLimitTracker,
  type FetchFunction,
  type HeadersInput,
  type ObservedResponse,
} from '../src/index.js';

describe('public types', () => {
  it('accept globalThis.fetch as the wrapped fetch and return something usable as fetch', () => {
    expectTypeOf(globalThis.fetch).toMatchTypeOf<FetchFunction>();
    const wrapped = createRateLimitedFetch({ upstream: 'partner', fetch: globalThis.fetch });
    expectTypeOf(wrapped).toMatchTypeOf<typeof globalThis.fetch>();
  });

  it('accept fetch Responses, Node IncomingMessages and plain header records', async () => {
    const { IncomingMessage } = await import('node:http');
    expectTypeOf<Response>().toMatchTypeOf<ObservedResponse>();
    expectTypeOf<InstanceType<typeof IncomingMessage>>().toMatchTypeOf<ObservedResponse>();
    expectTypeOf<Record<string, string | string[] | undefined>>().toMatchTypeOf<HeadersInput>();
    expectTypeOf(createRateLimitTracker().observe).parameter(1).toEqualTypeOf<ObservedResponse>();
  });
});
