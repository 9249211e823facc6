import { createRandom, makeCustomer } from './customers.js';

/** Options of {@link createTraffic}. */
export interface TrafficOptions {
  /** The service's base URL, e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  /** Requests started per second. @default 5 */
  readonly ratePerSecond?: number;
  /** Seed of the generated customers. @default 42 */
  readonly seed?: number;
  /** Most requests in flight; ticks beyond it are skipped, never queued. @default 50 */
  readonly maxInFlight?: number;
  /** A caller credential sent as `Authorization: Bearer …` (it must never reach the logs). */
  readonly bearerToken?: string;
}

/** What the generator has done so far. */
export interface TrafficStats {
  readonly started: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** Network failures (connection refused/reset): requests that got no HTTP status. */
  readonly failed: number;
}

/** A running traffic generator. */
export interface Traffic {
  /** Starts sending (idempotent). */
  start(): void;
  /** Stops sending, aborts requests still in flight and waits for them to settle. */
  stop(): Promise<void>;
  stats(): TrafficStats;
  /** Every email, phone, name, address, postal code and key sent so far. */
  sentSecrets(): ReadonlySet<string>;
}

/**
 * Drives realistic calls against the service: purchases carrying customer PII, date-filtered
 * transaction lists, balance reads, member lookups with an email in the query string, and a few
 * unknown routes. Every PII value sent is recorded so tests can prove none reached the logs.
 */
export function createTraffic(options: TrafficOptions): Traffic {
  const random = createRandom(options.seed ?? 42);
  const interval = 1000 / (options.ratePerSecond ?? 5);
  const maxInFlight = options.maxInFlight ?? 50;
  const token = options.bearerToken ?? 'sk_live_demo7a1b2c3d4e5f6a7b8c9d';
  const secrets = new Set<string>([token]);
  const byStatus: Record<string, number> = {};
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopping = new AbortController();
  let started = 0;
  let failed = 0;

  const request = async (path: string, init: RequestInit = {}): Promise<void> => {
    try {
      const res = await fetch(`${options.baseUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers as object) },
        signal: AbortSignal.any([stopping.signal, AbortSignal.timeout(30_000)]),
      });
      await res.arrayBuffer();
      byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
    } catch {
      if (!stopping.signal.aborted) failed += 1;
    }
  };

  const next = (): Promise<void> => {
    started += 1;
    const c = makeCustomer(random, started);
    const roll = random();
    if (roll < 0.5) {
      for (const v of [c.name, c.email, c.phone, c.addressLine1, c.postalCode]) secrets.add(v);
      const body = {
        member_id: c.memberId,
        points: 1 + Math.floor(random() * 200),
        customer: {
          name: c.name,
          email: c.email,
          phone: c.phone,
          address: { line1: c.addressLine1, postal_code: c.postalCode },
        },
      };
      return request('/api/purchases', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    }
    if (roll < 0.75) {
      // The last 1–30 days: one or two pages of 100 at the partner.
      const days = 1 + Math.floor(random() * 30);
      const from = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
      const to = new Date().toISOString().slice(0, 10);
      return request(`/api/transactions?from=${from}&to=${to}`);
    }
    if (roll < 0.87) return request('/api/balance');
    if (roll < 0.96) {
      secrets.add(c.email);
      return request(`/api/members/${c.memberId}?email=${encodeURIComponent(c.email)}`);
    }
    return request(`/api/no-such-route/${started}`);
  };

  return {
    start() {
      if (timer !== undefined) return;
      stopping = new AbortController();
      timer = setInterval(() => {
        if (inFlight.size >= maxInFlight) return;
        const p = next().finally(() => inFlight.delete(p));
        inFlight.add(p);
      }, interval);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      stopping.abort();
      await Promise.allSettled([...inFlight]);
    },
    stats: () => ({ started, byStatus: { ...byStatus }, failed }),
    sentSecrets: () => secrets,
  };
}
