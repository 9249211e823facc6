import { logUpstreamCall, type UpstreamCallLogger, upstreamRequestId } from '@preflight/logger';
import { ExampleError } from '../errors.js';

/** A failed partner call, carrying what the partner said (never the request's secrets). */
export class PartnerCallError extends ExampleError {
  /** HTTP status from the partner, or 0 when no response arrived. */
  readonly status: number;
  /** The partner's error `code`, or a local one (`NETWORK_ERROR`, `RATE_LIMIT_WAIT_TOO_LONG`…). */
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
const MAX_PAGES = 50;

/** Creates the client. `fetchFn` is where throttling, retries and metrics are composed. */
export function createPartnerClient(options: {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly fetch: typeof fetch;
  /** Where each call is logged with the partner's request id (request-scoped logger). */
  readonly log: () => UpstreamCallLogger;
}): PartnerClient {
  const call = async <T>(
    path: string,
    init: RequestInit = {},
  ): Promise<T & { upstreamRequestId: string | undefined }> => {
    let res: Response;
    const method = init.method ?? 'GET';
    const url = `${options.baseUrl}${path}`;
    const t0 = performance.now();
    try {
      res = await options.fetch(url, {
        ...init,
        headers: {
          'x-api-key': options.apiKey,
          accept: 'application/json',
          ...(init.headers as object),
        },
      });
    } catch (err) {
      // The rate-limited fetch gives up with a typed error carrying the last response, if any.
      const last = (err as { response?: unknown } | null)?.response;
      if (!(last instanceof Response)) {
        logUpstreamCall(options.log(), { upstream: 'partner', method, url, error: err });
        throw new PartnerCallError(0, errorCodeOf(err), undefined, { cause: err });
      }
      res = last;
    }
    const upstreamId = upstreamRequestId(res.headers);
    const durationMs = performance.now() - t0;
    logUpstreamCall(options.log(), {
      upstream: 'partner',
      method,
      url,
      status: res.status,
      durationMs,
      headers: res.headers,
    });
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (!res.ok) {
      const code = typeof body?.code === 'string' ? body.code.slice(0, 64) : 'UNKNOWN';
      throw new PartnerCallError(res.status, code, upstreamId);
    }
    if (typeof body !== 'object' || body === null) {
      throw new PartnerCallError(res.status, 'MALFORMED_RESPONSE', upstreamId);
    }
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

function errorCodeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,40}$/.test(code)) return code;
  if ((err as Error | null)?.name === 'TimeoutError') return 'TIMEOUT';
  return 'NETWORK_ERROR';
}
