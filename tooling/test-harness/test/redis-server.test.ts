import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, redisServerAvailable, startRedisServer } from '../src/index.js';
import { inlineCommand } from '../src/ping.js';

const available = redisServerAvailable();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.runIf(available)('startRedisServer', () => {
  let redis: RedisServer;
  const send = (line: string, timeoutMs = 2000) =>
    inlineCommand(redis.host, redis.port, line, timeoutMs);

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('serves on 127.0.0.1 at a free port', async () => {
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await send('PING')).toBe('+PONG');
    expect(await send('SET harness:key 1')).toBe('+OK');
  });

  it('pause – accepts connections but never answers until resumed', async () => {
    redis.pause();
    try {
      expect(await send('PING', 300)).toBeUndefined();
    } finally {
      redis.resume();
    }
    expect(await send('PING')).toBe('+PONG');
  });

  it('restart – same port, a new process, empty data', async () => {
    const before = redis.pid;
    await redis.restart();
    expect(redis.pid).not.toBe(before);
    expect(alive(before)).toBe(false);
    expect(await send('PING')).toBe('+PONG');
    expect(await send('GET harness:key')).toBe('$-1');
  });

  it('restart – also after stop, on the same port', async () => {
    const other = await startRedisServer();
    try {
      await other.stop();
      expect(await inlineCommand(other.host, other.port, 'PING', 500)).toBeUndefined();
      await other.restart();
      expect(await inlineCommand(other.host, other.port, 'PING', 2000)).toBe('+PONG');
    } finally {
      await other.stop();
    }
  });

  it('stop – the process is gone, even when it was paused', async () => {
    const other = await startRedisServer({ args: ['--maxclients', '64'] });
    expect(await inlineCommand(other.host, other.port, 'CONFIG GET maxclients', 2000)).toBe('*2');
    other.pause();
    await other.stop();
    expect(alive(other.pid)).toBe(false);
    expect(await inlineCommand(other.host, other.port, 'PING', 500)).toBeUndefined();
  });
});

describe('redisServerAvailable', () => {
  it('throws with the install hint in CI when redis-server is missing', () => {
    const saved = { bin: process.env.REDIS_SERVER_BIN, ci: process.env.CI };
    process.env.REDIS_SERVER_BIN = '/nonexistent/redis-server';
    process.env.CI = 'true';
    try {
      expect(() => redisServerAvailable()).toThrow(
        'redis-server is required in CI (apt-get install redis-server)',
      );
      process.env.CI = 'false';
      expect(redisServerAvailable()).toBe(false);
    } finally {
      for (const [key, value] of [
        ['REDIS_SERVER_BIN', saved.bin],
        ['CI', saved.ci],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
