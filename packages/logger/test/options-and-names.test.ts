import { describe, expect, it } from 'vitest';
import {
  createLogger,
  createRedactor,
  isLoggerError,
  LOGGER_METRICS,
  LOGGER_PROMETHEUS_METRICS,
  LoggerOptionError,
  REDACTIONS_METRIC,
  REDACTIONS_METRIC_PROMETHEUS,
} from '../src/index.js';
import { optionsObject } from '../src/validate.js';
import { captureLogger } from './helpers.js';

function thrownBy(fn: () => unknown): LoggerOptionError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LoggerOptionError);
    return error as LoggerOptionError;
  }
  throw new Error('expected a LoggerOptionError');
}

describe('option errors read "option `path` <rule>; got <value>"', () => {
  it.each([
    [() => createLogger({ traceContext: 'yes' as never, env: {} }), 'traceContext', '"yes"'],
    [() => createLogger({ service: '', env: {} }), 'service', '""'],
    [() => createLogger({ level: 'verbose', env: {} }), 'level', '"verbose"'],
    [() => createLogger({ env: { LOG_LEVEL: 'loud' } }), 'LOG_LEVEL', '"loud"'],
    [() => createLogger({ env: {} }, 42 as never), 'destination', '42'],
    [() => createLogger({ redact: 5 as never, env: {} }), 'redact', '5'],
    [() => createRedactor({ maxDepth: 0 }), 'redact.maxDepth', '0'],
    [() => createRedactor({ censor: 5 as never }), 'redact.censor', '5'],
    [() => createRedactor({ keys: 'email' as never }), 'redact.keys', '"email"'],
    [() => createRedactor({ disable: ['phones' as never] }), 'redact.disable', '"phones"'],
    [() => createRedactor({ meter: {} as never }), 'redact.meter', 'an object'],
  ])('%#: names %s and shows the rejected value', (create, option, got) => {
    const error = thrownBy(create);
    expect(error.option).toBe(option);
    expect(error.message).toMatch(new RegExp(`^@preflight/logger: option \`${option}\` .+; got `));
    expect(error.message.endsWith(`; got ${got}`)).toBe(true);
  });

  it('cuts a long rejected string instead of echoing it whole', () => {
    const error = thrownBy(() => createRedactor({ censor: 'x'.repeat(10_000) }));
    expect(error.option).toBe('redact.censor');
    expect(error.message.endsWith(`; got "${'x'.repeat(40)}"…`)).toBe(true);
    expect(error.message.length).toBeLessThan(200);
  });

  it('lists every redact option when a key is unknown', () => {
    const error = thrownBy(() => createRedactor({ maxdepth: 3 } as never));
    expect(error.option).toBe('redact.maxdepth');
    expect(error.message).toContain(
      'accepted: keys, patterns, disable, censor, maxDepth, maxStringLength, maxCollectionSize, maxKeyLength, maxNodes, meter',
    );
  });

  it('takes the default for a redact option set to null, as before', () => {
    const redactor = createRedactor({ censor: null, maxDepth: null } as never);
    expect(redactor.config.censor).toBe('[REDACTED]');
    expect(redactor.config.maxDepth).toBe(10);
    expect(redactor.redact({ password: 'x' })).toEqual({ password: '[REDACTED]' });
  });

  it('passes pino options it does not know through instead of rejecting them', () => {
    const { logger, lines } = captureLogger({
      messageKey: 'message',
      someFuturePinoOption: true,
    } as never);
    logger.info('hello');
    expect(lines[0]).toMatchObject({ message: 'hello' });
  });
});

describe('isLoggerError', () => {
  it('matches our errors and any Error carrying one of our codes (a duplicated install)', () => {
    expect(isLoggerError(thrownBy(() => createRedactor({ maxNodes: -1 })))).toBe(true);
    const copy = Object.assign(new Error('x'), { code: 'ERR_PREFLIGHT_LOGGER_OPTION' });
    expect(isLoggerError(copy)).toBe(true);
    expect(isLoggerError(Object.assign(new Error('x'), { code: 'ERR_HEALTH_CONFIG' }))).toBe(false);
    expect(isLoggerError({ code: 'ERR_PREFLIGHT_LOGGER_OPTION' })).toBe(false);
  });
});

describe('metric name constants', () => {
  it('are frozen objects, with the old loose constants read from them', () => {
    expect(LOGGER_METRICS).toEqual({ redactions: 'preflight.logger.redactions' });
    expect(LOGGER_PROMETHEUS_METRICS).toEqual({ redactions: 'preflight_logger_redactions_total' });
    expect(Object.isFrozen(LOGGER_METRICS)).toBe(true);
    expect(Object.isFrozen(LOGGER_PROMETHEUS_METRICS)).toBe(true);
    expect(REDACTIONS_METRIC).toBe(LOGGER_METRICS.redactions);
    expect(REDACTIONS_METRIC_PROMETHEUS).toBe(LOGGER_PROMETHEUS_METRICS.redactions);
  });
});

const accepted = (message: string) => message.slice(message.indexOf('accepted: ') + 10).split(', ');

// The one `optionsObject` of every package (tooling/house-rules checks the source is the same).
// In the logger only `redact` rejects unknown keys: every other option may be pino's.
describe('optionsObject() in @preflight/logger', () => {
  const DEFAULTS = { alpha: 1, beta: undefined };

  it('reads undefined as {}, drops undefined values and names an unknown key under its object', () => {
    expect(optionsObject('redact', undefined, DEFAULTS)).toEqual({});
    expect(optionsObject('redact', { alpha: undefined, beta: 2 }, DEFAULTS)).toEqual({ beta: 2 });
    const error = thrownBy(() => optionsObject('redact', { gamma: 1 }, DEFAULTS));
    expect(error.option).toBe('redact.gamma');
    expect(error.message).toBe(
      '@preflight/logger: option `redact.gamma` is not a redact option; accepted: alpha, beta',
    );
  });

  it('a redact option set to undefined takes its default', () => {
    const redactor = createRedactor({ censor: undefined, maxDepth: undefined, keys: undefined });
    expect(redactor.config.censor).toBe('[REDACTED]');
    expect(redactor.config.maxDepth).toBe(10);
    expect(redactor.redact({ password: 'x' })).toEqual({ password: '[REDACTED]' });
  });

  it('createLogger names an unknown redact key and lists every redact option', () => {
    const error = thrownBy(() => createLogger({ redact: { censr: '#' } as never, env: {} }));
    expect(error.option).toBe('redact.censr');
    expect(accepted(error.message)).toEqual([
      'keys',
      'patterns',
      'disable',
      'censor',
      'maxDepth',
      'maxStringLength',
      'maxCollectionSize',
      'maxKeyLength',
      'maxNodes',
      'meter',
    ]);
  });
});
