import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Path of promtool, or undefined when it is not installed. */
export const promtool: string | undefined = (() => {
  try {
    return (
      execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim() || undefined
    );
  } catch {
    return undefined;
  }
})();

/**
 * Tests that need promtool skip locally when it is missing (with how to get it) but fail in CI,
 * where `.ci/run` installs it: a silently skipped rule test is how broken alerts ship.
 */
export function requirePromtool(): boolean {
  if (promtool !== undefined) return true;
  if (process.env.CI === 'true')
    throw new Error('promtool is required in CI (apt-get install prometheus)');
  console.warn(
    'promtool not found: skipping rule tests. Install it with `sudo apt-get install prometheus`.',
  );
  return false;
}

export interface PromtoolResult {
  readonly status: number | null;
  readonly output: string;
}

/** Runs promtool with `args`; files named in `files` are written to a fresh temp dir first. */
export function runPromtool(
  args: (dir: string) => string[],
  files: Record<string, string>,
  stdin?: string,
): PromtoolResult {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-promtool-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const result = spawnSync(promtool ?? 'promtool', args(dir), {
    cwd: dir,
    encoding: 'utf8',
    input: stdin,
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}
