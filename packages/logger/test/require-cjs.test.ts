import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('CommonJS consumers', () => {
  it('require("@preflight/logger") returns the ESM exports on Node >= 20.19', () => {
    const out = execFileSync(
      process.execPath,
      [
        '-e',
        "const m = require('@preflight/logger'); console.log(Object.keys(m).sort().join(','))",
      ],
      { cwd: packageDir, encoding: 'utf8' },
    );
    expect(out.trim().split(',')).toEqual(
      expect.arrayContaining(['createLogger', 'redact', 'createRedactor']),
    );
  });
});
