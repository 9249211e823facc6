import { describe, expect, it } from 'vitest';
import { libraryPackages, sourceFiles } from './packages.js';

// COMMON house pattern 6, repo-wide: our library packages import each other only through the
// leaf @preflight/express-route (logger, metrics, ratelimit) and ratelimit-redis →
// @preflight/ratelimit (whose store it implements). Everything else is duplicated on purpose,
// once per package, and the other house-rules tests keep those copies equal.
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  'express-route': [],
  health: [],
  logger: ['@preflight/express-route'],
  metrics: ['@preflight/express-route'],
  ratelimit: ['@preflight/express-route'],
  'ratelimit-redis': ['@preflight/ratelimit'],
  webhooks: [],
};

// Static and dynamic imports and re-exports: `from '…'`, `import '…'`, `import('…')`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

/** The bare specifiers (packages, `node:` builtins) imported anywhere in packages/<dir>/src. */
function importsOf(dir: string): string[] {
  const found = new Set<string>();
  for (const [, text] of sourceFiles(dir)) {
    for (const m of text.matchAll(SPECIFIER)) {
      const specifier = m[1] as string;
      if (!specifier.startsWith('.')) found.add(specifier);
    }
  }
  return [...found].sort();
}

/** `@scope/name/sub` → `@scope/name`. */
const packageOf = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const ours = (names: Iterable<string>): string[] =>
  [...new Set([...names].filter((n) => n.startsWith('@preflight/')).map(packageOf))].sort();

describe('dependency rule between our library packages', () => {
  it('knows every package under packages/', () => {
    expect(libraryPackages.map((p) => p.dir)).toEqual(Object.keys(ALLOWED).sort());
  });

  it.each(libraryPackages.map((p) => [p.dir, p] as const))(
    '%s imports only the @preflight packages the rule allows, and declares exactly those',
    (dir, { manifest }) => {
      expect(ours(importsOf(dir)), `packages/${dir}/src imports`).toEqual(ALLOWED[dir]);
      const declared = ours(
        Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }),
      );
      expect(declared, `packages/${dir}/package.json dependencies + peerDependencies`).toEqual(
        ALLOWED[dir],
      );
    },
  );

  it('express-route is a leaf: no dependencies at all, nothing imported but node: builtins', () => {
    const leaf = libraryPackages.find((p) => p.dir === 'express-route');
    expect(leaf?.manifest.dependencies ?? {}).toEqual({});
    expect(leaf?.manifest.peerDependencies ?? {}).toEqual({});
    expect(importsOf('express-route').filter((s) => !s.startsWith('node:'))).toEqual([]);
  });
});
