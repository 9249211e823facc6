import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where the demo's JSON log lines go, plus the few it shows on screen. */
export interface LogSink {
  /** pino destination: anything with `write(line)`. */
  write(chunk: string): boolean;
  /** The last line logged for a purchase (redacted by the logger), to show redaction at work. */
  lastPurchaseLine(): string | undefined;
  /** Warnings and errors since the last call, oldest first (at most 5). */
  takeWarnings(): string[];
  close(): Promise<void>;
}

/**
 * Writes every line to `path` (or stdout when `path` is undefined) and remembers what the
 * status display shows. The demo keeps the terminal for a live status line; the full JSON log
 * is one `tail -f` away.
 */
export function createLogSink(path: string | undefined): LogSink {
  let file: ReturnType<typeof createWriteStream> | undefined;
  if (path !== undefined) {
    mkdirSync(dirname(path), { recursive: true });
    file = createWriteStream(path, { flags: 'w' });
  }
  let lastPurchase: string | undefined;
  let warnings: string[] = [];
  return {
    write(chunk) {
      if (file === undefined) process.stdout.write(chunk);
      else file.write(chunk);
      if (chunk.includes('"purchase requested"')) lastPurchase = chunk.trim();
      else if (/"level":"(warn|error|fatal)"/.test(chunk)) {
        const note = summarize(chunk);
        if (note !== undefined) warnings.push(note);
        if (warnings.length > 5) warnings.shift();
      }
      return true;
    },
    lastPurchaseLine: () => lastPurchase,
    takeWarnings() {
      const out = warnings;
      warnings = [];
      return out;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (file === undefined) resolve();
        else file.end(() => resolve());
      }),
  };
}

const FIELDS = [
  'upstream',
  'route',
  'status',
  'partner_status',
  'partner_code',
  'reason',
  'attempt',
];

/** `warn partner call failed  partner_status=500 partner_code=INTERNAL_ERROR`; 4xx access lines are skipped. */
function summarize(line: string): string | undefined {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.trim().slice(0, 200);
  }
  // The traffic generator asks for unknown routes on purpose; their 404 lines are not news.
  if (entry.msg === 'request completed' && Number(entry.status) < 500) return undefined;
  const fields = FIELDS.filter((k) => entry[k] !== undefined).map(
    (k) => `${k}=${String(entry[k])}`,
  );
  return `${String(entry.level)} ${String(entry.msg)}  ${fields.join(' ')}`;
}
