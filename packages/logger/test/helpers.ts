import type { DestinationStream } from 'pino';

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
