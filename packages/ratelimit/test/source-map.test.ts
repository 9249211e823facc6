import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = new URL('../src/', import.meta.url);

describe('finding your way in src/', () => {
  it('the 429 walk in fetch/rate-limited-fetch.ts names files that exist, in every folder', () => {
    const text = readFileSync(new URL('fetch/rate-limited-fetch.ts', src), 'utf8');
    const walk = text.slice(0, text.indexOf('\nimport '));
    const named = [...walk.matchAll(/`((?:[a-z-]+\/)?[a-z-]+\.ts)`/g)].map((m) => m[1] as string);
    expect(named.length).toBeGreaterThan(20);
    for (const file of named) expect(existsSync(new URL(file, src)), file).toBe(true);
    const folders = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory());
    for (const folder of folders) {
      expect(
        named.some((file) => file.startsWith(`${folder.name}/`)),
        folder.name,
      ).toBe(true);
    }
  });

  it("the README's source map has a line for every folder of src/", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const map = readme.slice(
      readme.indexOf('## Source map'),
      readme.indexOf('**Dependency rules:**'),
    );
    const folders = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory());
    for (const folder of folders) expect(map).toContain(`\`src/${folder.name}/\``);
  });
});

/** Every `@preflight/*` package imported by a file below `dir`. */
function preflightImports(dir: string): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const m of text.matchAll(/from '(@preflight\/[a-z-]+)/g)) found.add(m[1] as string);
  }
  return found;
}

describe('dependency rule', () => {
  it('imports no library package of ours but @preflight/express-route', () => {
    expect([...preflightImports(fileURLToPath(src))]).toEqual(['@preflight/express-route']);
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const ours = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).filter(
      (name) => name.startsWith('@preflight/'),
    );
    expect(ours).toEqual(['@preflight/express-route']);
  });
});
