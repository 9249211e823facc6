import type { ChildProcess } from 'node:child_process';

/** Everything `child` writes to stdout and stderr, interleaved as it arrives. */
export function collectOutput(child: ChildProcess): () => string {
  let out = '';
  const append = (d: Buffer): void => {
    out += d.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => out;
}
