import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMetrics, instrumentFetch, type Metrics } from '@preflight/metrics';
import { createRateLimitedFetch, createRateLimitTracker } from '@preflight/ratelimit';
import { until } from '@preflight/test-harness';
import { afterEach, describe, expect, it } from 'vitest';
import { createPartnerClient, PartnerCallError } from '../src/service/partner-client.js';

// The service's partner stack: createRateLimitedFetch around instrumentFetch around fetch. On a
// failed call both wrappers look into the error body (the rate limiter for `retry_strategy`,
// the metrics for the error code); between them they must read and parse it once, and leave
// the caller its own copy, whole.

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function partner(status: number, body: unknown): Promise<string> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** fetch whose responses count their clone() calls: each clone is one more read of the body. */
function countingFetch() {
  const reads = { clones: 0, responses: 0 };
  const fetchImpl: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    reads.responses++;
    const clone = response.clone.bind(response);
    Object.defineProperty(response, 'clone', {
      value: () => {
        reads.clones++;
        return clone();
      },
    });
    return response;
  };
  return { reads, fetchImpl };
}

function stack(inner: typeof fetch): { fetch: typeof fetch; metrics: Metrics } {
  const metrics = createMetrics({ serviceName: 'reads', runtimeMetrics: false });
  stops.push(() => metrics.shutdown());
  const partnerFetch = createRateLimitedFetch({
    upstream: 'partner',
    fetch: instrumentFetch(inner, { upstream: 'partner', meter: metrics.meter }),
    tracker: createRateLimitTracker({ meter: metrics.meter }),
  });
  return { fetch: partnerFetch as typeof fetch, metrics };
}

async function upstreamErrors(metrics: Metrics): Promise<string> {
  const server = createServer(metrics.handler());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith('preflight_upstream_errors'))
      .join('\n');
  } finally {
    server.close();
  }
}

describe('one failed partner call through the rate-limited, instrumented fetch', () => {
  it('reads the error body once for both wrappers, counts its code and hands the caller the whole body', async () => {
    const body = { code: 'VALIDATION_ERROR', message: 'points must be positive' };
    const base = await partner(400, body);
    const { reads, fetchImpl } = countingFetch();
    const { fetch: partnerFetch, metrics } = stack(fetchImpl);
    const response = await partnerFetch(`${base}/v1/purchases`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(body);
    await until(
      async () => (await upstreamErrors(metrics)).includes('VALIDATION_ERROR'),
      'VALIDATION_ERROR counted',
    );
    expect(reads.responses).toBe(1);
    expect(reads.clones).toBe(1);
  });

  it('still follows the body’s retry_strategy and counts the code from the same read', async () => {
    // A 503 would be retried, but the body says not to: the strategy comes from the body.
    const base = await partner(503, {
      code: 'SERVICE_UNAVAILABLE',
      retry_strategy: 'contact_support',
    });
    const { reads, fetchImpl } = countingFetch();
    const { fetch: partnerFetch, metrics } = stack(fetchImpl);
    await expect(partnerFetch(`${base}/v1/purchases`)).rejects.toMatchObject({
      strategy: 'contact_support',
    });
    await until(
      async () => (await upstreamErrors(metrics)).includes('SERVICE_UNAVAILABLE'),
      'SERVICE_UNAVAILABLE counted',
    );
    expect(reads.responses).toBe(1);
    expect(reads.clones).toBe(1);
  });
});

describe("the example's partner client on a failed call", () => {
  it('takes the partner code from the wrappers’ one read instead of parsing the body again', async () => {
    const base = await partner(409, { code: 'IDEMPOTENCY_CONFLICT', message: 'order reused' });
    const { reads, fetchImpl } = countingFetch();
    // Also count the client's own reads of the original body (json/text/arrayBuffer/blob).
    const bodyReads: string[] = [];
    const watching: typeof fetch = async (input, init) => {
      const response = await fetchImpl(input, init);
      for (const method of ['json', 'text', 'arrayBuffer', 'blob', 'bytes'] as const) {
        const original = (response as unknown as Record<string, unknown>)[method];
        if (typeof original !== 'function') continue;
        Object.defineProperty(response, method, {
          value: (...args: unknown[]) => {
            bodyReads.push(method);
            return (original as (...a: unknown[]) => unknown).apply(response, args);
          },
        });
      }
      return response;
    };
    const { fetch: partnerFetch, metrics } = stack(watching);
    const client = createPartnerClient({
      baseUrl: base,
      apiKey: 'pk_test_reads',
      fetch: partnerFetch,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const failure = await client
      .purchase({ orderId: 'o-1', memberId: 'm-1', points: 5 })
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PartnerCallError);
    expect((failure as PartnerCallError).partnerCode).toBe('IDEMPOTENCY_CONFLICT');
    await until(
      async () => (await upstreamErrors(metrics)).includes('IDEMPOTENCY_CONFLICT'),
      'IDEMPOTENCY_CONFLICT counted',
    );
    expect(reads.responses).toBe(1);
    // One read of the error body for metrics, the rate limiter and the client together.
    expect(reads.clones).toBe(1);
    expect(bodyReads).toEqual([]);
  });
});
