import type { DestinationStream } from 'pino';
import { type CreateLoggerOptions, createLogger } from '../src/index.js';

/** A pino destination that keeps each written line, parsed, in memory. */
export function captureLines(): DestinationStream & {
  lines: Record<string, unknown>[];
  raw: string[];
} {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  return {
    lines,
    raw,
    write(s: string) {
      raw.push(s);
      lines.push(JSON.parse(s) as Record<string, unknown>);
    },
  };
}

/** A logger (empty env, so no LOG_LEVEL leaks in) writing to {@link captureLines}. */
export function captureLogger(options: CreateLoggerOptions = {}) {
  const out = captureLines();
  return { logger: createLogger({ env: {}, ...options }, out), lines: out.lines, raw: out.raw };
}
