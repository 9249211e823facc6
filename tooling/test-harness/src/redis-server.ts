import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';
import { ping } from './ping.js';
import { redisServerBinary } from './redis-binary.js';

/** A redis-server child process on 127.0.0.1, controlled by PID. */
export interface RedisServer {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** PID of the current process (a new one after {@link RedisServer.restart}). */
  readonly pid: number;
  /** SIGTERM by PID and wait for the exit; SIGKILL when it has not exited after a bound. */
  stop(): Promise<void>;
  /** SIGSTOP: the kernel still accepts connections, the server never answers. */
  pause(): void;
  /** SIGCONT after {@link RedisServer.pause}. */
  resume(): void;
  /** Stop (unless stopped), then start again on the same port; empty: nothing is persisted. */
  restart(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface StartRedisServerOptions {
  /** Extra redis-server arguments, appended after the defaults. @default [] */
  readonly args?: readonly string[];
}

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
const PORT_ATTEMPTS = 5;

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
}

/**
 * Starts redis-server on a free 127.0.0.1 port with persistence off (`--save "" --appendonly no`)
 * and its working directory in a fresh temp dir; resolves once it answers `PING`. The process is
 * SIGKILLed if the test process exits without stopping it, so no server outlives its test.
 */
export async function startRedisServer(
  options: StartRedisServerOptions = {},
): Promise<RedisServer> {
  const bin = redisServerBinary();
  if (bin === undefined)
    throw new Error('redis-server is not installed (apt-get install redis-server)');
  const dir = mkdtempSync(join(tmpdir(), 'preflight-redis-'));
  const extra = options.args ?? [];
  let output = '';
  const launch = async (port: number): Promise<Running | undefined> => {
    const child = spawn(
      bin,
      [
        '--bind',
        HOST,
        '--port',
        String(port),
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        ...extra,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const collect = (d: Buffer): void => {
      output = `${output}${d.toString()}`.slice(-8192);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = once(child, 'exit');
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      if (await ping(HOST, port, 500)) return { child, exited };
      await sleep(25);
    }
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    return undefined;
  };

  let port = 0;
  let running: Running | undefined;
  for (let attempt = 0; attempt < PORT_ATTEMPTS && running === undefined; attempt += 1) {
    port = await freePort(); // another process may grab it between release and bind: retry
    running = await launch(port);
  }
  if (running === undefined) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`redis-server did not answer PING:\n${output}`);
  }
  let current: Running = running;
  let paused = false;
  const killOnExit = (): void => {
    if (current.child.exitCode === null) current.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', killOnExit);

  const terminate = async (): Promise<void> => {
    const { child, exited } = current;
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(child.pid as number, 'SIGTERM');
    // A stopped process only acts on SIGTERM once it runs again.
    if (paused) process.kill(child.pid as number, 'SIGCONT');
    paused = false;
    const gone = await Promise.race([exited.then(() => true), sleep(STOP_GRACE_MS, false)]);
    if (!gone) {
      process.kill(child.pid as number, 'SIGKILL');
      await exited;
    }
  };

  return {
    host: HOST,
    port,
    url: `redis://${HOST}:${port}`,
    get pid() {
      return current.child.pid as number;
    },
    async stop() {
      await terminate();
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
    pause() {
      process.kill(current.child.pid as number, 'SIGSTOP');
      paused = true;
    },
    resume() {
      process.kill(current.child.pid as number, 'SIGCONT');
      paused = false;
    },
    async restart() {
      await terminate();
      // Also after stop(), which removed the working dir and the exit hook.
      mkdirSync(dir, { recursive: true });
      process.off('exit', killOnExit);
      process.on('exit', killOnExit);
      // The old socket may linger a moment; the port is ours, so retry it until it binds.
      const deadline = Date.now() + READY_TIMEOUT_MS;
      let next: Running | undefined;
      while (next === undefined && Date.now() < deadline) next = await launch(port);
      if (next === undefined)
        throw new Error(`redis-server did not restart on ${port}:\n${output}`);
      current = next;
    },
  };
}
