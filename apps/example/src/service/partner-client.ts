import { readJsonBody } from '@preflight/express-route';
import { logUpstreamCall, type UpstreamCallLogger, upstreamRequestId } from '@preflight/logger';
import { ExampleError } from '../errors.js';

/** An error the partner answered, carrying what it said (never the request's secrets). */
export class PartnerCallError extends ExampleError {
  /** HTTP status from the partner. */
  readonly status: number;
  /** The partner's error `code` (or `UNKNOWN`, `MALFORMED_RESPONSE` when it sent none). */
  readonly partnerCode: string;
  /** The partner's `X-Request-Id`, logged next to the failure for their support desk. */
  readonly upstreamRequestId: string | undefined;
  constructor(
    status: number,
    partnerCode: string,
    upstreamRequestId?: string,
    options?: ErrorOptions,
  ) {
    super('EXAMPLE_PARTNER_CALL_FAILED', `partner call failed: ${status} ${partnerCode}`, options);
    this.name = 'PartnerCallError';
    this.status = status;
    this.partnerCode = partnerCode;
    this.upstreamRequestId = upstreamRequestId;
  }
}

/** Summary of the transactions in a date range, built by walking every page. */
export interface TransactionSummary {
  readonly count: number;
  readonly pointsEarned: number;
  readonly pointsRedeemed: number;
  readonly pages: number;
}

/** A purchase request as the service sends it to the partner. */
export interface PurchaseInput {
  readonly orderId: string;
  readonly memberId: string;
  readonly points: number;
}

/** Typed calls to the partner API over any `fetch`-compatible function. */
export interface PartnerClient {
  summarizeTransactions(
    from: string,
    to: string,
    signal?: AbortSignal,
  ): Promise<TransactionSummary>;
  purchase(
    input: PurchaseInput,
    signal?: AbortSignal,
  ): Promise<{ id: string; balance: number; upstreamRequestId: string | undefined }>;
  balance(signal?: AbortSignal): Promise<number>;
}

// The checklist's "max 100 per page"; the page cap bounds a runaway loop if `has_more` lies.
const PER_PAGE = 100;
// A partner error body larger than this is not read for its code (it is `UNKNOWN`).
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const MAX_PAGES = 50;

/** Creates the client. `fetchFn` is where throttling, retries and metrics are composed. */
export function createPartnerClient(options: {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly fetch: typeof fetch;
  /** Where each call is logged with the partner's request id (`scopedLogger(root)`). */
  readonly log: UpstreamCallLogger;
}): PartnerClient {
  /**
   * One partner call. Failures are thrown, never logged here (the route logs each once): the
   * rate-limited fetch's typed errors as they are, and a `PartnerCallError` for an error the
   * partner answered and the wrapper handed back (4xx other than 408/429), its body read once.
   */
  const call = async <T>(
    path: string,
    init: RequestInit = {},
  ): Promise<T & { upstreamRequestId: string | undefined }> => {
    const method = init.method ?? 'GET';
    const url = `${options.baseUrl}${path}`;
    const t0 = performance.now();
    const res = await options.fetch(url, {
      ...init,
      headers: {
        'x-api-key': options.apiKey,
        accept: 'application/json',
        ...(init.headers as object),
      },
    });
    const upstreamId = upstreamRequestId(res.headers);
    if (!res.ok) {
      // The wrappers around this fetch (metrics' error code, the rate limiter's retry_strategy)
      // already read this body through the same memoised reader: ask it, don't parse again.
      const failed = (await readJsonBody(res, MAX_ERROR_BODY_BYTES)) as
        | Record<string, unknown>
        | undefined;
      res.body?.cancel().catch(() => undefined);
      const code = typeof failed?.code === 'string' ? failed.code.slice(0, 64) : 'UNKNOWN';
      throw new PartnerCallError(res.status, code, upstreamId);
    }
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (typeof body !== 'object' || body === null) {
      throw new PartnerCallError(res.status, 'MALFORMED_RESPONSE', upstreamId);
    }
    logUpstreamCall(options.log, {
      upstream: 'partner',
      method,
      url,
      status: res.status,
      durationMs: performance.now() - t0,
      headers: res.headers,
    });
    return { ...(body as T), upstreamRequestId: upstreamId };
  };

  return {
    async summarizeTransactions(from, to, signal) {
      let count = 0;
      let pointsEarned = 0;
      let pointsRedeemed = 0;
      let page = 1;
      for (; page <= MAX_PAGES; page += 1) {
        const q = new URLSearchParams({ from, to, page: String(page), per_page: String(PER_PAGE) });
        const body = await call<{
          data: { type: string; points: number }[];
          has_more: boolean;
        }>(`/v1/transactions?${q}`, signal ? { signal } : {});
        if (!Array.isArray(body.data)) {
          throw new PartnerCallError(200, 'MALFORMED_RESPONSE', body.upstreamRequestId);
        }
        for (const t of body.data) {
          count += 1;
          if (t.type === 'redeem') pointsRedeemed += t.points;
          else pointsEarned += t.points;
        }
        if (!body.has_more) break;
      }
      return { count, pointsEarned, pointsRedeemed, pages: Math.min(page, MAX_PAGES) };
    },
    async purchase(input, signal) {
      const body = await call<{ id: string; balance_remaining: number }>('/v1/purchases', {
        method: 'POST',
        // Our order id as the Idempotency-Key: a retried call can never charge twice.
        headers: { 'content-type': 'application/json', 'idempotency-key': input.orderId },
        body: JSON.stringify({ member_id: input.memberId, points: input.points }),
        ...(signal ? { signal } : {}),
      });
      return {
        id: body.id,
        balance: body.balance_remaining,
        upstreamRequestId: body.upstreamRequestId,
      };
    },
    async balance(signal) {
      const body = await call<{ balance: number }>('/v1/account', signal ? { signal } : {});
      return body.balance;
    },
  };
}
