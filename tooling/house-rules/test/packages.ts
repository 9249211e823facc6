import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and its library packages (`packages/*`), read from disk. */
export const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface LibraryPackage {
  /** Folder name under `packages/`, e.g. `ratelimit-redis`. */
  readonly dir: string;
  /** Its `package.json`. */
  readonly manifest: {
    readonly name: string;
    readonly dependencies?: Record<string, string>;
    readonly peerDependencies?: Record<string, string>;
  };
}

export const libraryPackages: readonly LibraryPackage[] = readdirSync(join(root, 'packages'))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .sort()
  .map((dir) => ({
    dir,
    manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')),
  }));

/** `packages/<dir>/<path>` as text, or undefined when the file does not exist. */
export function readPackageFile(dir: string, path: string): string | undefined {
  const file = join(root, 'packages', dir, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Every `.ts` file below `packages/<dir>/src`, as [path relative to src, text]. */
export function sourceFiles(dir: string): [string, string][] {
  const src = join(root, 'packages', dir, 'src');
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .sort()
    .map((path) => [path, readFileSync(join(src, path), 'utf8')]);
}
