import { describe, expect, it } from 'vitest';
import { createLogger, logUpstreamCall, upstreamRequestId } from '../src/index.js';
import { captureLines } from './helpers.js';

describe('upstreamRequestId', () => {
  it('reads the first valid request id header from fetch Headers or a plain record', () => {
    expect(upstreamRequestId(new Headers({ 'x-request-id': 'up-1' }))).toBe('up-1');
    expect(upstreamRequestId(new Headers({ 'x-amzn-requestid': 'amz-2' }))).toBe('amz-2');
    expect(upstreamRequestId({ 'request-id': 'req_3' })).toBe('req_3');
    expect(upstreamRequestId({ 'x-request-id': 'bad value\n', 'cf-ray': '8a1b2c3d4e-CDG' })).toBe(
      '8a1b2c3d4e-CDG',
    );
  });

  it('returns undefined without headers or without a usable id', () => {
    expect(upstreamRequestId(undefined)).toBeUndefined();
    expect(upstreamRequestId({ 'x-request-id': 'x'.repeat(300) })).toBeUndefined();
    expect(upstreamRequestId({ 'x-request-id': ['a', 'b'] })).toBeUndefined();
    expect(upstreamRequestId(new Headers())).toBeUndefined();
  });
});

describe('logUpstreamCall', () => {
  it('logs the partner request id next to the call, without the query string', () => {
    const out = captureLines();
    const logger = createLogger({ env: {} }, out).child({ request_id: 'ours-1' });
    logUpstreamCall(logger, {
      upstream: 'payments',
      method: 'POST',
      url: 'https://user:pw@api.partner.example/v1/charges?api_key=k&x=1',
      status: 201,
      durationMs: 182.456,
      headers: new Headers({ 'x-request-id': 'theirs-9' }),
    });
    expect(out.lines[0]).toMatchObject({
      level: 'info',
      request_id: 'ours-1',
      upstream: 'payments',
      method: 'POST',
      url: 'https://api.partner.example/v1/charges',
      status: 201,
      duration_ms: 182.46,
      upstream_request_id: 'theirs-9',
      msg: 'upstream call',
    });
  });

  it('logs 4xx as warn and failures or 5xx as error, with the error redacted', () => {
    const out = captureLines();
    const logger = createLogger({ env: {} }, out);
    logUpstreamCall(logger, { upstream: 'loyalty', method: 'GET', status: 429 });
    logUpstreamCall(logger, { upstream: 'loyalty', method: 'GET', status: 503 });
    logUpstreamCall(logger, {
      upstream: 'loyalty',
      method: 'GET',
      error: new Error('socket hang up for jane@example.com'),
    });
    expect(out.lines.map((l) => l.level)).toEqual(['warn', 'error', 'error']);
    expect(out.lines[2]).toMatchObject({
      err: { message: 'socket hang up for [REDACTED]' },
      msg: 'upstream call failed',
    });
  });
});
