import { execFileSync } from 'node:child_process';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createLogger,
  LoggerOptionError,
  REDACTIONS_METRIC,
  REDACTIONS_METRIC_PROMETHEUS,
} from '../src/index.js';
import { captureLogger } from './helpers.js';

const C = '[REDACTED]';

const setup = captureLogger;

describe('createLogger output', () => {
  it('writes JSON lines with ISO time, level label, msg and name', () => {
    const { logger, lines } = setup({ name: 'checkout' });
    logger.info({ order_id: 'ord_1' }, 'paid');
    const line = lines[0] ?? {};
    expect(line).toMatchObject({ level: 'info', name: 'checkout', order_id: 'ord_1', msg: 'paid' });
    expect(line.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('writes service on every line and uses it as the default name', () => {
    const { logger, lines } = setup({ service: 'payments-api' });
    logger.info('up');
    expect(lines[0]).toMatchObject({ name: 'payments-api', service: 'payments-api' });
  });

  it('passes other pino options through (messageKey, base, user formatters.log and hooks)', () => {
    const seen: unknown[] = [];
    const { logger, lines } = setup({
      messageKey: 'message',
      base: null,
      formatters: { log: (obj) => ({ ...obj, formatted: true }) },
      hooks: {
        logMethod(args, method) {
          seen.push(args[0]);
          method.apply(this, args);
        },
      },
    });
    logger.info({ email: 'a@b.co' }, 'hi');
    expect(lines[0]).toMatchObject({ message: 'hi', formatted: true, email: C });
    expect(lines[0]).not.toHaveProperty('pid');
    // The user's hook already sees redacted arguments.
    expect(seen).toEqual([{ email: C }]);
  });
});

describe('createLogger level', () => {
  it('defaults to LOG_LEVEL', () => {
    expect(createLogger({ env: { LOG_LEVEL: 'warn' } }).level).toBe('warn');
    expect(createLogger({ env: { LOG_LEVEL: 'ERROR' } }).level).toBe('error');
  });

  it('defaults to info when NODE_ENV=production and to debug otherwise', () => {
    expect(createLogger({ env: { NODE_ENV: 'production' } }).level).toBe('info');
    expect(createLogger({ env: { NODE_ENV: 'development' } }).level).toBe('debug');
    expect(createLogger({ env: {} }).level).toBe('debug');
  });

  it('prefers the level option over LOG_LEVEL', () => {
    expect(createLogger({ level: 'trace', env: { LOG_LEVEL: 'warn' } }).level).toBe('trace');
  });

  it('rejects an unknown level naming the option and the accepted levels', () => {
    expect(() => createLogger({ level: 'verbose', env: {} })).toThrow(LoggerOptionError);
    expect(() => createLogger({ level: 'verbose', env: {} })).toThrow(
      /`level`.*fatal, error, warn, info, debug, trace, silent/,
    );
    expect(() => createLogger({ env: { LOG_LEVEL: 'loud' } })).toThrow(/`LOG_LEVEL`/);
  });

  it('accepts custom levels', () => {
    expect(createLogger({ level: 'audit', customLevels: { audit: 35 }, env: {} }).level).toBe(
      'audit',
    );
  });

  it('rejects other invalid options naming them', () => {
    expect(() => createLogger({ traceContext: 'yes' as never, env: {} })).toThrow(/`traceContext`/);
    expect(() => createLogger({ service: '', env: {} })).toThrow(/`service`/);
    expect(() => createLogger({ redact: { censor: 1 as never }, env: {} })).toThrow(
      /`redact.censor`/,
    );
  });
});

describe('createLogger redacts everything that reaches a line', () => {
  it('the merge object, at any depth, without mutating it', () => {
    const { logger, lines } = setup();
    const obj = {
      customer: { email: 'jane@example.com', name: 'Jane' },
      note: 'card 4111 1111 1111 1111',
    };
    logger.info(obj, 'charged');
    expect(lines[0]).toMatchObject({ customer: { email: C, name: C }, note: `card ${C}` });
    expect(obj.customer.email).toBe('jane@example.com');
  });

  it('the message and printf-style arguments', () => {
    const { logger, lines } = setup();
    logger.info('user %s paid with %s: %j', 'jane@example.com', '4111111111111111', {
      password: 'p',
      ok: 1,
    });
    logger.warn('token sk_live_abcdefgh12345678 leaked');
    expect(lines[0]?.msg).toBe(`user ${C} paid with ${C}: {"password":"${C}","ok":1}`);
    expect(lines[1]?.msg).toBe(`token sk_live_${C} leaked`);
  });

  it('child-logger bindings, nested children, setBindings and msgPrefix', () => {
    const { logger, raw } = setup();
    const child = logger.child(
      { email: 'kid@example.com', note: 'call +14155552671' },
      { msgPrefix: 'bob@x.io: ' },
    );
    child.child({ apiKey: 'k' }).info('nested');
    child.setBindings({ token: 't' });
    child.info('after setBindings');
    const all = raw.join('');
    expect(all).not.toMatch(/kid@example|14155552671|"k"|"t"|bob@x\.io/);
    expect(all).toContain(`"email":"${C}"`);
    expect(all).toContain(`"note":"call ${C}"`);
    expect(all).toContain(`"msg":"${C}: nested"`);
  });

  it('Errors as the merge object or nested, keeping type, message, stack and cause', () => {
    const { logger, lines } = setup();
    const err = new TypeError('failed for jane@example.com', {
      cause: new Error('key sk_live_abcdefgh12345678'),
    });
    logger.error(err);
    logger.error({ err, email: 'x@y.io' }, 'wrapped');
    const first = lines[0] as {
      err: { type: string; message: string; stack: string };
      msg: string;
    };
    expect(first.err.type).toBe('TypeError');
    expect(first.err.message).toContain(`failed for ${C}`);
    expect(first.err.stack).toMatch(/^TypeError: failed for \[REDACTED\]\n\s+at /);
    expect(first.msg).toBe(`failed for ${C}`);
    expect(JSON.stringify(lines)).not.toMatch(/jane@example|abcdefgh12345678|x@y\.io/);
    expect(err.message).toBe('failed for jane@example.com');
  });

  it('a raw http request passed as the merge object, without its query string', () => {
    const { logger, lines } = setup();
    const req = {
      method: 'GET',
      url: '/x?token=abc',
      headers: { authorization: 'Bearer abcdef123' },
      socket: {},
    };
    logger.info(req, 'incoming');
    expect(lines[0]).toMatchObject({
      req: { method: 'GET', url: '/x', headers: { authorization: C } },
    });
  });

  it('never throws and never loses the line on hostile merge objects', () => {
    const { logger, lines } = setup();
    const circular: Record<string, unknown> = { email: 'a@b.co' };
    circular.self = circular;
    const getter = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get: () => {
        throw new Error('x');
      },
    });
    logger.info(circular, 'one');
    logger.info(getter, 'two');
    logger.info({ big: 10n, buf: Buffer.alloc(3) }, 'three');
    expect(lines.map((l) => l.msg)).toEqual(['one', 'two', 'three']);
    expect(lines[0]).toMatchObject({ email: C, self: '[Circular]' });
    expect(lines[1]).toMatchObject({ boom: '[Unreadable]' });
  });

  it('extends and disables rules through the redact option', () => {
    const { logger, lines } = setup({
      redact: { keys: ['orderSecret'], disable: ['key:postal-code'], censor: '***' },
    });
    logger.info({ order_secret: 's', postal_code: '75001', email: 'e@x.io' });
    expect(lines[0]).toMatchObject({ order_secret: '***', postal_code: '75001', email: '***' });
  });
});

describe('createLogger trace context', () => {
  const contextManager = new AsyncLocalStorageContextManager();
  const provider = new TracerProvider();
  beforeAll(() => {
    context.setGlobalContextManager(contextManager.enable());
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(() => {
    trace.disable();
    context.disable();
  });

  it('adds trace_id and span_id of the active span, also across await', async () => {
    const { logger, lines } = setup();
    const tracer = trace.getTracer('test');
    let ids: { traceId: string; spanId: string } | undefined;
    await tracer.startActiveSpan('work', async (span) => {
      ids = span.spanContext();
      logger.info('plain message');
      await new Promise((resolve) => setImmediate(resolve));
      logger.info({ step: 2 }, 'after await');
      logger.error(new Error('boom'));
      span.end();
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({
      trace_id: ids?.traceId,
      span_id: ids?.spanId,
      msg: 'plain message',
    });
    expect(lines[1]).toMatchObject({ trace_id: ids?.traceId, step: 2, msg: 'after await' });
    expect(lines[2]).toMatchObject({ trace_id: ids?.traceId, msg: 'boom', err: { type: 'Error' } });
    expect(lines[3]).not.toHaveProperty('trace_id');
  });

  it('leaves trace fields out when traceContext is false', async () => {
    const { logger, lines } = setup({ traceContext: false });
    await trace.getTracer('test').startActiveSpan('work', async (span) => {
      logger.info('x');
      span.end();
    });
    expect(lines[0]).not.toHaveProperty('trace_id');
  });
});

describe('createLogger on repeated calls', () => {
  it('redacts a message or printf argument every time, also when the same one repeats', () => {
    const { logger, lines } = setup();
    const secret = 'mail jane@example.com';
    logger.info('retry scheduled');
    logger.info(secret);
    logger.info(secret);
    logger.info('card %s', 'none');
    logger.info('card %s', '4111 1111 1111 1111');
    logger.info('card %s', '4111 1111 1111 1111');
    logger.info('retry scheduled');
    expect(lines.map((l) => l.msg)).toEqual([
      'retry scheduled',
      `mail ${C}`,
      `mail ${C}`,
      'card none',
      `card ${C}`,
      `card ${C}`,
      'retry scheduled',
    ]);
  });
});

describe('createLogger trace context with an SDK started after the logger', () => {
  it('adds trace ids once a context manager is registered, and stops when it is disabled', async () => {
    const { logger, lines } = setup();
    logger.info('before the SDK');
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new TracerProvider());
    try {
      await trace.getTracer('test').startActiveSpan('work', async (span) => {
        logger.info('inside a span');
        span.end();
      });
    } finally {
      trace.disable();
      context.disable();
    }
    logger.info('after the SDK');
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[1]).toMatchObject({
      msg: 'inside a span',
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(lines[2]).not.toHaveProperty('trace_id');
  });
});

describe('createLogger redaction metric', () => {
  it(`counts redactions by rule as ${REDACTIONS_METRIC_PROMETHEUS} in the Prometheus exporter`, async () => {
    const exporter = new PrometheusExporter({ preventServerStart: true });
    const provider = new MeterProvider({ readers: [exporter] });
    const { logger } = setup({ meter: provider.getMeter('test') });
    logger.info(
      { email: 'a@b.co', user: { email: 'c@d.co' } },
      'mail e@f.io and card 4111111111111111',
    );
    logger.info('clean line');
    const { resourceMetrics } = await exporter.collect();
    const text = new PrometheusSerializer().serialize(resourceMetrics);
    expect(text).toContain(`# TYPE ${REDACTIONS_METRIC_PROMETHEUS} counter`);
    expect(text).toMatch(
      new RegExp(`${REDACTIONS_METRIC_PROMETHEUS}\\{rule="key:email"[^}]*\\} 2`),
    );
    expect(text).toMatch(new RegExp(`${REDACTIONS_METRIC_PROMETHEUS}\\{rule="email"[^}]*\\} 1`));
    expect(text).toMatch(
      new RegExp(`${REDACTIONS_METRIC_PROMETHEUS}\\{rule="payment-card"[^}]*\\} 1`),
    );
    // promtool (installed in CI) accepts the exposition as it is.
    expect(execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' })).toBe(
      '',
    );
    await provider.shutdown();
  });
});

describe('createLogger redaction metric for Error field names', () => {
  it('counts an e-mail in an Error field name once, as in a plain object key', async () => {
    const exporter = new PrometheusExporter({ preventServerStart: true });
    const provider = new MeterProvider({ readers: [exporter] });
    const { logger, lines } = setup({ meter: provider.getMeter('test') });
    const err = Object.assign(new Error('lookup failed'), { 'alice@example.com': 1 });
    logger.error({ err }, 'failed');
    expect(JSON.stringify(lines[0])).not.toContain('alice@example.com');
    const { resourceMetrics } = await exporter.collect();
    const text = new PrometheusSerializer().serialize(resourceMetrics);
    expect(text).toMatch(new RegExp(`${REDACTIONS_METRIC_PROMETHEUS}\\{rule="email"[^}]*\\} 1\\n`));
    await provider.shutdown();
  });
});

describe('createLogger redaction metric with a global meter provider registered after the logger', () => {
  afterEach(() => metrics.disable());

  it('counts redactions in the provider registered after the logger was created', async () => {
    const { logger } = setup();
    logger.info({ email: 'a@b.co' }, 'before telemetry');
    const exporter = new PrometheusExporter({ preventServerStart: true });
    const provider = new MeterProvider({ readers: [exporter] });
    expect(metrics.setGlobalMeterProvider(provider)).toBe(true);
    logger.info({ email: 'c@d.co' }, 'after telemetry');
    const { resourceMetrics } = await exporter.collect();
    const names = resourceMetrics.scopeMetrics.flatMap((s) =>
      s.metrics.map((m) => m.descriptor.name),
    );
    expect(names).toContain(REDACTIONS_METRIC);
    const text = new PrometheusSerializer().serialize(resourceMetrics);
    expect(text).toMatch(
      new RegExp(`${REDACTIONS_METRIC_PROMETHEUS}\\{rule="key:email"[^}]*\\} 1`),
    );
    await provider.shutdown();
  });

  it('moves to a provider that replaces the global one', async () => {
    const { logger } = setup();
    const first = new PrometheusExporter({ preventServerStart: true });
    const firstProvider = new MeterProvider({ readers: [first] });
    metrics.setGlobalMeterProvider(firstProvider);
    logger.info({ email: 'a@b.co' }, 'first');
    metrics.disable();
    const second = new PrometheusExporter({ preventServerStart: true });
    const secondProvider = new MeterProvider({ readers: [second] });
    metrics.setGlobalMeterProvider(secondProvider);
    logger.info({ email: 'c@d.co' }, 'second');
    const pattern = new RegExp(`${REDACTIONS_METRIC_PROMETHEUS}\\{rule="key:email"[^}]*\\} 1`);
    const serializer = new PrometheusSerializer();
    expect(serializer.serialize((await first.collect()).resourceMetrics)).toMatch(pattern);
    expect(serializer.serialize((await second.collect()).resourceMetrics)).toMatch(pattern);
    await Promise.all([firstProvider.shutdown(), secondProvider.shutdown()]);
  });
});
