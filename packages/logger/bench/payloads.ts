/** A realistic API-call log line: ~15 fields, a nested customer with PII, auth headers. */
export function realisticLine(i: number): Record<string, unknown> {
  return {
    event: 'partner.call',
    request_id: '9f1c2e4a-6b7d-4c3e-8a9b-0c1d2e3f4a5b',
    order_id: `ord_${100000 + (i % 1000)}`,
    upstream: 'payments',
    method: 'POST',
    route: '/v1/charges',
    status: 201,
    duration_ms: 182.4,
    amount: 129.99,
    currency: 'EUR',
    attempt: 1,
    at: '2024-05-01T12:00:00.000Z',
    customer: {
      id: 'cus_8f2a9c',
      name: 'Jane Doe',
      email: 'jane.doe@example.com',
      phone: '+14155552671',
      address: { line1: '1 Main Street', city: 'Paris', postal_code: '75001', country: 'FR' },
    },
    headers: {
      authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig123abc',
      'x-api-key': 'sk_live_51Habcdefghijklmnop',
      'content-type': 'application/json',
      'user-agent': 'preflight/1.0',
    },
    note: 'customer jane.doe@example.com asked to retry',
  };
}

/** The same shape of line with nothing sensitive in it. */
export function cleanLine(i: number): Record<string, unknown> {
  return {
    event: 'partner.call',
    request_id: '9f1c2e4a-6b7d-4c3e-8a9b-0c1d2e3f4a5b',
    order_id: `ord_${100000 + (i % 1000)}`,
    upstream: 'payments',
    method: 'POST',
    route: '/v1/charges',
    status: 201,
    duration_ms: 182.4,
    amount: 129.99,
    currency: 'EUR',
    attempt: 1,
    at: '2024-05-01T12:00:00.000Z',
    region: 'eu-west-1',
    version: '2.14.3',
    host: 'api.payments.example.com',
    cache: { hit: false, ttl_s: 300 },
  };
}

export const MESSAGE = 'partner call completed';
