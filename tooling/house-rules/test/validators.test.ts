import { describe, expect, it } from 'vitest';
import { libraryPackages, readPackageFile, sourceFiles } from './packages.js';

// COMMON house pattern 1: one set of validation helpers, `<kind>Option(option, value, …rule)`.
// The helpers below exist in several packages' `validate.ts`; each copy must be the same source
// (compared by name after dedenting and ignoring formatting, because @preflight/ratelimit keeps
// its copies inside `createOptionValidators(ErrorClass)` for @preflight/ratelimit-redis). What
// a package may differ in is how it throws: each defines its own `invalid(option, expected,
// value)`, which words the message the way that package's option error (and its tests) expect,
// and its own `unknownOption(path, key, accepted)` for the keys `optionsObject` does not know.
const SHARED = [
  'NumberRule',
  'rangeOf',
  'inRange',
  'integerOption',
  'numberOption',
  'booleanOption',
  'functionOption',
  'oneOfOption',
  'arrayOption',
  'stringListOption',
  'StringRule',
  'stringOption',
  'ObjectRule',
  'objectOption',
  'OptionsRule',
  'optionsObject',
] as const;

/** The declaration of `name` (function or interface) with its JSDoc, or undefined. */
function declaration(source: string, name: string): string | undefined {
  const head = new RegExp(`^([ \\t]*)(?:export )?(?:function|interface) ${name}\\b`, 'm').exec(
    source,
  );
  if (head === null) return undefined;
  const jsdoc = source.lastIndexOf('/**', head.index);
  const between = jsdoc === -1 ? '' : source.slice(source.indexOf('*/', jsdoc) + 2, head.index);
  const start = jsdoc !== -1 && between.trim() === '' ? jsdoc : head.index;
  // The body: from the first `{` that opens a line's end (after the parameters) to its match.
  let depth = 0;
  let parens = 0;
  for (let i = head.index; i < source.length; i++) {
    const c = source[i];
    if (c === '(') parens += 1;
    else if (c === ')') parens -= 1;
    else if (c === '{' && parens === 0) depth += 1;
    else if (c === '}' && parens === 0) {
      depth -= 1;
      if (depth === 0) return source.slice(start, i + 1);
    }
  }
  return undefined;
}

/** Formatting-free form: no `export`, one space for any whitespace, no trailing commas. */
const normalise = (text: string): string =>
  text
    .replace(/\bexport /g, '')
    .replace(/\s+/g, ' ')
    .replace(/,\s*([)\]}>])/g, '$1')
    .replace(/([([{]) /g, '$1')
    .replace(/ ([)\]}])/g, '$1');

const validateFiles = libraryPackages
  .map((p) => [p.dir, readPackageFile(p.dir, 'src/validate.ts')] as const)
  .filter((entry): entry is readonly [string, string] => entry[1] !== undefined);

describe('one set of option validators', () => {
  it('the packages with a validate.ts are the ones this test expects', () => {
    expect(validateFiles.map(([dir]) => dir)).toEqual([
      'health',
      'logger',
      'metrics',
      'ratelimit',
      'webhooks',
    ]);
  });

  it.each(SHARED)('%s has the same source in every validate.ts that has it', (name) => {
    const copies = validateFiles
      .map(([dir, text]) => [dir, declaration(text, name)] as const)
      .filter((entry): entry is readonly [string, string] => entry[1] !== undefined);
    expect(copies.length, `${name} is shared by at least two packages`).toBeGreaterThanOrEqual(2);
    const [first, ...others] = copies;
    for (const [dir, text] of others) {
      expect(normalise(text), `${name}: packages/${dir} differs from packages/${first?.[0]}`).toBe(
        normalise(first?.[1] as string),
      );
    }
  });

  it.each(validateFiles.map(([dir]) => dir))(
    '%s validate.ts throws from the shared helpers only through its own invalid()',
    (dir) => {
      const text = validateFiles.find(([d]) => d === dir)?.[1] as string;
      for (const name of SHARED) {
        const body = declaration(text, name);
        if (body !== undefined)
          expect(body, `${dir}: ${name}`).not.toMatch(/\bthrow\b|\bnew \w+Error\b/);
      }
    },
  );

  it('the helpers a package relies on are the shared ones, not a look-alike under another name', () => {
    // e.g. `requireInteger`, `checkNumber` or an `integerOption as count` alias would be a drift.
    for (const [dir, text] of validateFiles) {
      expect(text, dir).not.toMatch(/function (require|check)[A-Z]\w*\(/);
    }
    for (const pkg of libraryPackages) {
      for (const [path, text] of sourceFiles(pkg.dir)) {
        expect(text, `packages/${pkg.dir}/src/${path}`).not.toMatch(/\b\w+Option as \w+/);
      }
    }
  });

  it.each(validateFiles.map(([dir]) => dir))(
    '%s validate.ts has the one optionsObject, throwing unknown keys through its own unknownOption()',
    (dir) => {
      const text = validateFiles.find(([d]) => d === dir)?.[1] as string;
      expect(declaration(text, 'optionsObject'), dir).toBeDefined();
      // A function or an arrow (ratelimit binds it to the error class it is given).
      expect(text, dir).toMatch(
        /(?:function unknownOption|const unknownOption = )\(path: string, _?key: string, accepted: readonly string\[\]\): never/,
      );
    },
  );

  it('no other code checks option keys against a defaults literal (one unknown-key check)', () => {
    // e.g. logger's former `knownKeysOption` or a factory's own `Object.keys(DEFAULTS)` loop.
    const keysOfDefaults = /Object\.(?:keys|hasOwn)\(\s*(?:\w*DEFAULTS\w*|defaults)\b/g;
    for (const pkg of libraryPackages) {
      for (const [path, text] of sourceFiles(pkg.dir)) {
        const inOptionsObject =
          path === 'validate.ts' ? (declaration(text, 'optionsObject') ?? '') : '';
        const outside = text.split(inOptionsObject).join('').match(keysOfDefaults) ?? [];
        expect(outside, `packages/${pkg.dir}/src/${path}`).toEqual([]);
      }
    }
  });
});
