import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('dependency rule', () => {
  it('imports no library package of ours but @preflight/ratelimit, whose store it implements', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const found = new Set<string>();
    for (const name of readdirSync(src)) {
      const text = readFileSync(join(src, name), 'utf8');
      for (const m of text.matchAll(/from '(@preflight\/[a-z-]+)/g)) found.add(m[1] as string);
    }
    expect([...found]).toEqual(['@preflight/ratelimit']);
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const ours = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).filter(
      (name) => name.startsWith('@preflight/'),
    );
    expect(ours).toEqual(['@preflight/ratelimit']);
  });
});
