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
      else if (/"level":(4|5|6)0|"level":"(warn|error|fatal)"/.test(chunk)) {
        warnings.push(chunk.trim());
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
