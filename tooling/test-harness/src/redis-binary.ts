import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The redis-server binary: `REDIS_SERVER_BIN`, else whatever `redis-server` resolves to on PATH. */
export function redisServerBinary(): string | undefined {
  const fromEnv = process.env.REDIS_SERVER_BIN;
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? fromEnv : undefined;
  try {
    const found = execFileSync('sh', ['-c', 'command -v redis-server'], {
      encoding: 'utf8',
    }).trim();
    return found === '' ? undefined : found;
  } catch {
    return undefined;
  }
}

/**
 * True when redis-server is installed. Locally a missing server warns with the install hint and
 * returns false so the tests skip; with `CI=true` it throws, because `.ci/run` installs it and a
 * silently skipped Redis test is how a broken fleet limiter ships.
 */
export function redisServerAvailable(): boolean {
  if (redisServerBinary() !== undefined) return true;
  if (process.env.CI === 'true') {
    throw new Error('redis-server is required in CI (apt-get install redis-server)');
  }
  console.warn(
    'redis-server not found: skipping Redis tests. Install it with `sudo apt-get install redis-server` (or set REDIS_SERVER_BIN).',
  );
  return false;
}
