import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { libraryPackages, readPackageFile, sourceFiles } from './packages.js';

// COMMON house pattern 4: one global-meter rule, one helper (`meterBound` in `src/meter.ts`),
// the same source in every package. The copy in `canonical/meter.ts` is the reference; a
// package's file may differ from it only in these documented places:
//  - the package name in `METER_NAME` (`'@preflight/<package>'` in the canonical copy);
//  - the names its `@opentelemetry/api` import lists (a superset of the canonical ones);
//  - in @preflight/metrics, what follows the METRICS_ONLY marker line (its gauges and
//    `refreshGlobalMeters`, which its SDK entry points need and no other package has).
const canonical = readFileSync(new URL('../canonical/meter.ts', import.meta.url), 'utf8');
const METRICS_ONLY = '// ---- @preflight/metrics only';
const API_IMPORT = /^import \{([^}]*)\} from '@opentelemetry\/api';\n/;

/** The package's meter.ts with the documented differences taken out, plus its import names. */
function normalise(text: string, pkg: string): { body: string; imported: string[] } {
  const cut = text.indexOf(METRICS_ONLY);
  const own = pkg === 'metrics' && cut !== -1 ? `${text.slice(0, cut).trimEnd()}\n` : text;
  const match = API_IMPORT.exec(own);
  const imported = (match?.[1] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const body = own
    .slice(match?.[0].length ?? 0)
    .replace(
      `export const METER_NAME = '@preflight/${pkg}';`,
      "export const METER_NAME = '@preflight/<package>';",
    );
  return { body, imported };
}

const reference = normalise(canonical, '<package>');

// Packages that record metrics: @opentelemetry/api is their peer. ratelimit-redis implements a
// ratelimit store and uses that package's exported `meterBound` (the one allowed import).
const recording = libraryPackages.filter(
  (p) => p.manifest.peerDependencies?.['@opentelemetry/api'],
);
const ownHelper = recording.filter((p) => p.dir !== 'ratelimit-redis');

describe('one global-meter helper', () => {
  it('the packages that record metrics are the ones this test expects', () => {
    expect(recording.map((p) => p.dir)).toEqual([
      'health',
      'logger',
      'metrics',
      'ratelimit',
      'ratelimit-redis',
      'webhooks',
    ]);
  });

  it.each(ownHelper.map((p) => p.dir))('%s/src/meter.ts is the canonical meterBound', (pkg) => {
    const text = readPackageFile(pkg, 'src/meter.ts');
    expect(text, `packages/${pkg}/src/meter.ts is missing`).toBeDefined();
    const { body, imported } = normalise(text as string, pkg);
    expect(
      body,
      `packages/${pkg}/src/meter.ts differs from tooling/house-rules/canonical/meter.ts`,
    ).toBe(reference.body);
    expect(imported).toEqual(expect.arrayContaining(reference.imported));
    if (pkg !== 'metrics') expect(text).not.toContain(METRICS_ONLY);
  });

  it('ratelimit-redis has no copy: it binds with @preflight/ratelimit’s meterBound', () => {
    expect(readPackageFile('ratelimit-redis', 'src/meter.ts')).toBeUndefined();
    const users = sourceFiles('ratelimit-redis').filter(([, text]) =>
      /import \{[^}]*\bmeterBound\b[^}]*\} from '@preflight\/ratelimit'/.test(text),
    );
    expect(users.map(([path]) => path)).toEqual(['store-metrics.ts']);
  });

  it.each(recording.map((p) => p.dir))('%s looks the global meter up only in meter.ts', (pkg) => {
    // metrics' SDK entry points (src/sdk/) register the global provider themselves.
    const lookups = sourceFiles(pkg)
      .filter(([path]) => path !== 'meter.ts' && !(pkg === 'metrics' && path.startsWith('sdk/')))
      .filter(([, text]) =>
        text
          .split('\n')
          .some(
            (line) =>
              !/^\s*(\/\/|\*)/.test(line) && /getMeterProvider\(|metrics\.getMeter\(/.test(line),
          ),
      );
    expect(lookups.map(([path]) => path)).toEqual([]);
  });
});
