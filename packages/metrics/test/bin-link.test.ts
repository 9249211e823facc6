import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(packageDir, '..', '..');
const bins: Record<string, string> = JSON.parse(
  readFileSync(join(packageDir, 'package.json'), 'utf8'),
).bin;

describe('workspace bins after a fresh install and build', () => {
  it.each(Object.entries(bins))('%s points at a committed file, not at build output', (_, file) => {
    // npm links bins during `npm ci`, before `npm run build`, and skips a missing target.
    const tracked = spawnSync('git', ['ls-files', '--error-unmatch', file], {
      cwd: packageDir,
      encoding: 'utf8',
    });
    expect(tracked.status, tracked.stderr).toBe(0);
    expect(relative(packageDir, join(packageDir, file)).startsWith('dist')).toBe(false);
  });

  it.each(Object.keys(bins))('%s is linked in node_modules/.bin and runs', (name) => {
    const link = join(repoRoot, 'node_modules', '.bin', name);
    expect(existsSync(link), `${link} missing: npm did not link the bin`).toBe(true);
    expect(realpathSync(link)).toBe(realpathSync(join(packageDir, bins[name] ?? '')));
    const run = spawnSync(link, ['--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(`${run.stdout}${run.stderr}`).toContain(`Usage: ${name}`);
  });
});
