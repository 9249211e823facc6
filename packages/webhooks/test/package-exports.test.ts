import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
};

// After `npm run build` (CI's test task depends on it): the names each entry must keep.
const ENTRIES: Record<string, readonly string[]> = {
  '.': ['createWebhookVerifier', 'webhookReceiver', 'createMemoryQueue', 'WEBHOOK_METRICS'],
  './redis': ['createRedisDedupeStore', 'createRedisQueue'],
};

describe('package exports', () => {
  it('maps every subpath to a built file whose source is an entry in src/', () => {
    for (const subpath of Object.keys(ENTRIES)) {
      const target = pkg.exports[subpath];
      expect(typeof target, subpath).toBe('object');
      const { types, default: file } = target as { types: string; default: string };
      expect(file, subpath).toMatch(/^\.\/dist\/[\w-]+\.js$/);
      expect(types, subpath).toBe(file.replace(/\.js$/, '.d.ts'));
      const source = file.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
      expect(existsSync(new URL(source, root)), source).toBe(true);
    }
  });

  it('resolves @preflight/webhooks and @preflight/webhooks/redis by name, with their names', async () => {
    for (const [subpath, names] of Object.entries(ENTRIES)) {
      const specifier =
        subpath === '.' ? '@preflight/webhooks' : `@preflight/webhooks/${subpath.slice(2)}`;
      const mod = (await import(specifier)) as Record<string, unknown>;
      for (const name of names) expect(mod[name], `${specifier} ${name}`).toBeDefined();
    }
  });

  it('keeps bullmq and ioredis out of the main entry, so only apps using Redis need them', () => {
    const main = readFileSync(new URL('src/index.ts', root), 'utf8');
    expect(main).not.toMatch(/redis/);
    const built = new URL('dist/index.js', root);
    expect(existsSync(built)).toBe(true);
  });
});
