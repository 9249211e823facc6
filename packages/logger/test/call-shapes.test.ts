import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, LoggerOptionError } from '../src/index.js';
import { captureLines } from './helpers.js';

// Tests mirror pino's own (test/basic.test.js, test/multistream.test.js,
// test/transport/core.test.js); the names say which. Each line must be redacted and in our
// format (ISO time, level label) whatever the call shape.

const C = '[REDACTED]';
const SECRET_LINE = { password: 'hunter2', email: 'jane@example.com', order: 'ord_1' };
const dir = mkdtempSync(join(tmpdir(), 'preflight-logger-'));
let files = 0;
const file = () => join(dir, `out-${files++}.log`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Polls until `path` holds `count` complete lines (transports write from a worker thread). */
async function readLines(path: string, count = 1, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {}
    const lines = text.split('\n').filter((l) => l !== '');
    if (lines.length >= count) return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    if (Date.now() > deadline) throw new Error(`${path}: ${lines.length} of ${count} lines`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Ends the worker thread of a transport that createLogger built from the `transport` option. */
function endTransport(log: object) {
  (log as Record<symbol, { end(): void }>)[pino.symbols.streamSym]?.end();
}

function expectRedactedLine(line: Record<string, unknown> | undefined) {
  expect(line).toMatchObject({ level: 'info', password: C, email: C, order: 'ord_1', msg: 'paid' });
  expect(line?.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
}

describe('createLogger call shapes (pino test/basic.test.js)', () => {
  it('pino.destination: createLogger(pino.destination(path)) redacts', async () => {
    const path = file();
    const dest = pino.destination({ dest: path, sync: true });
    createLogger(dest).info(SECRET_LINE, 'paid');
    const [line] = await readLines(path);
    expectRedactedLine(line);
    expect(JSON.stringify(line)).not.toMatch(/hunter2|jane@example/);
  });

  it('auto pino.destination with a string: createLogger(path) redacts', async () => {
    const path = file();
    const log = createLogger(path);
    log.info(SECRET_LINE, 'paid');
    log.flush();
    expectRedactedLine((await readLines(path))[0]);
  });

  it('auto pino.destination with a string as second argument: createLogger(null, path)', async () => {
    const path = file();
    const log = createLogger(null, path);
    log.info(SECRET_LINE, 'paid');
    log.flush();
    expectRedactedLine((await readLines(path))[0]);
  });

  it('does not override opts with a string as second argument', async () => {
    const path = file();
    const log = createLogger({ name: 'svc', level: 'warn', env: {} }, path);
    log.info(SECRET_LINE, 'dropped');
    log.warn(SECRET_LINE, 'paid');
    log.flush();
    const [line] = await readLines(path);
    expect(line).toMatchObject({ level: 'warn', name: 'svc', password: C, msg: 'paid' });
  });

  it('correctly supports stderr: a plain writable stream as the only argument', () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    createLogger(stream).info(SECRET_LINE, 'paid');
    expectRedactedLine(JSON.parse(chunks[0] ?? '{}'));
  });

  it('an object with only write() is a destination, not options', () => {
    const out = captureLines();
    createLogger(out).info(SECRET_LINE, 'paid');
    expectRedactedLine(out.lines[0]);
  });

  it('(options, destination) keeps both', () => {
    const out = captureLines();
    createLogger({ name: 'svc', env: {} }, out).info(SECRET_LINE, 'paid');
    expect(out.lines[0]).toMatchObject({ name: 'svc' });
    expectRedactedLine(out.lines[0]);
  });

  it('createLogger(), createLogger(undefined) and createLogger(null) build a default logger', () => {
    for (const log of [createLogger(), createLogger(undefined), createLogger(null)]) {
      expect(typeof log.info).toBe('function');
    }
  });

  it('rejects a destination that is neither a stream nor a path, naming it', () => {
    expect(() => createLogger({ env: {} }, 42 as never)).toThrow(LoggerOptionError);
    expect(() => createLogger({ env: {} }, 42 as never)).toThrow(/`destination`/);
    expect(() => createLogger(42 as never)).toThrow(/`options`/);
  });
});

describe('createLogger with pino.multistream (pino test/multistream.test.js)', () => {
  it('sends to multiple streams: createLogger(pino.multistream(...)) redacts in each', () => {
    const a = captureLines();
    const b = captureLines();
    const log = createLogger(pino.multistream([{ stream: a }, { level: 'warn', stream: b }]));
    log.info(SECRET_LINE, 'paid');
    log.warn(SECRET_LINE, 'paid');
    expect(a.lines).toHaveLength(2);
    expect(b.lines).toHaveLength(1);
    expectRedactedLine(a.lines[0]);
    expect(b.lines[0]).toMatchObject({ level: 'warn', password: C, email: C });
  });

  it('(options, multistream) routes by level with level labels', () => {
    const a = captureLines();
    const b = captureLines();
    const log = createLogger(
      { level: 'debug', env: {} },
      pino.multistream([
        { level: 'debug', stream: a },
        { level: 'error', stream: b },
      ]),
    );
    log.debug({ email: 'a@b.co' }, 'debugging');
    log.error({ email: 'a@b.co' }, 'failed');
    expect(a.lines.map((l) => l.level)).toEqual(['debug', 'error']);
    expect(b.lines).toMatchObject([{ level: 'error', email: C }]);
  });
});

describe('createLogger with transports (pino test/transport/core.test.js)', () => {
  it('pino.transport with file: createLogger(pino.transport(...)) redacts', async () => {
    const path = file();
    const transport = pino.transport({ target: 'pino/file', options: { destination: path } });
    const log = createLogger(transport);
    log.info(SECRET_LINE, 'paid');
    expectRedactedLine((await readLines(path))[0]);
    transport.end();
  });

  it('pino.transport with two files: transport.targets option writes labels, redacted', async () => {
    const [p1, p2] = [file(), file()];
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const log = createLogger({
        env: {},
        level: 'debug',
        transport: {
          targets: [
            { target: 'pino/file', level: 'info', options: { destination: p1 } },
            { target: 'pino/file', level: 'error', options: { destination: p2 } },
          ],
        },
      });
      log.debug(SECRET_LINE, 'not routed');
      log.info(SECRET_LINE, 'paid');
      log.error(SECRET_LINE, 'failed');
      const first = await readLines(p1, 2);
      const second = await readLines(p2, 1);
      endTransport(log);
      expect(first.map((l) => l.msg)).toEqual(['paid', 'failed']);
      expectRedactedLine(first[0]);
      expect(second[0]).toMatchObject({ level: 'error', password: C, msg: 'failed' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => /level/.test(w))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('pino.transport with two files and custom levels: custom labels are routed', async () => {
    const path = file();
    const log = createLogger({
      env: {},
      level: 'audit',
      customLevels: { audit: 35 },
      transport: {
        targets: [{ target: 'pino/file', level: 'audit', options: { destination: path } }],
      },
    });
    (log as unknown as Record<string, (o: object, m: string) => void>).audit?.(SECRET_LINE, 'paid');
    log.info(SECRET_LINE, 'below the target');
    log.warn(SECRET_LINE, 'paid');
    const lines = await readLines(path, 2);
    endTransport(log);
    expect(lines.map((l) => l.level)).toEqual(['audit', 'warn']);
    expect(lines[0]).toMatchObject({ password: C, email: C });
  });

  it('pino.transport: transport option with a single target redacts', async () => {
    const path = file();
    const log = createLogger({
      env: {},
      transport: { target: 'pino/file', options: { destination: path } },
    });
    log.info(SECRET_LINE, 'paid');
    expectRedactedLine((await readLines(path))[0]);
    endTransport(log);
  });

  it('only one of option.transport or stream can be specified', () => {
    const transport = { target: 'pino/file', options: { destination: file() } };
    expect(() => createLogger({ env: {}, transport }, captureLines())).toThrow(/`transport`/);
    expect(() => createLogger({ env: {}, transport }, file())).toThrow(LoggerOptionError);
  });

  it('option.transport.targets do not allow custom level formatters', () => {
    expect(() =>
      createLogger({
        env: {},
        formatters: { level: (label) => ({ severity: label }) },
        transport: { targets: [{ target: 'pino/file', options: { destination: file() } }] },
      }),
    ).toThrow(/`formatters.level`/);
  });
});

describe('property: no call shape bypasses redaction', () => {
  /** In-memory destinations of every kind pino writes to, each returning what it received. */
  const destinations = {
    'write() object': () => {
      const out = captureLines();
      return { dest: out, text: () => out.raw.join('') };
    },
    'Node Writable': () => {
      const chunks: string[] = [];
      const dest = new Writable({
        write(chunk, _enc, done) {
          chunks.push(String(chunk));
          done();
        },
      });
      return { dest, text: () => chunks.join('') };
    },
    'pino.multistream': () => {
      const out = captureLines();
      return {
        dest: pino.multistream([{ level: 'trace', stream: out }]),
        text: () => out.raw.join(''),
      };
    },
  } as const;
  const shapes = ['(destination)', '(options, destination)', '(null, destination)'] as const;

  it('a secret in the merge object, message, printf argument or child binding never reaches the destination', () => {
    const secret = fc.constantFrom(
      'jane.doe@example.com',
      '4111 1111 1111 1111',
      'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
      'Bearer abcdef1234567890',
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(destinations) as (keyof typeof destinations)[])),
        fc.constantFrom(...shapes),
        fc.constantFrom('merge', 'message', 'printf', 'binding'),
        secret,
        (kind, shape, where, value) => {
          const { dest, text } = destinations[kind]();
          const options = { env: {}, level: 'trace' };
          const log =
            shape === '(destination)'
              ? createLogger(dest)
              : createLogger(shape === '(null, destination)' ? null : options, dest);
          const target = where === 'binding' ? log.child({ note: `see ${value}` }) : log;
          if (where === 'merge') target.info({ note: `see ${value}` }, 'line');
          else if (where === 'message') target.info(`see ${value}`);
          else if (where === 'printf') target.info('see %s', value);
          else target.info('line');
          const written = text();
          expect(written).toContain('"msg"');
          expect(written).not.toContain(value);
        },
      ),
      { numRuns: 300 },
    );
  });
});
