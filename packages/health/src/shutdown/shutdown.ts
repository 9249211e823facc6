import type { Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { HealthConfig } from '../config.js';
import { type ConnectionDrain, trackConnections } from './connection-drain.js';

/** Drives the graceful shutdown sequence of every attached server. */
export interface ShutdownController {
  attach(server: Server): () => void;
  /** Runs the sequence once; later calls return the same promise. Resolves with the exit code. */
  shutdown(): Promise<number>;
  isShuttingDown(): boolean;
}

type Settings = Pick<
  HealthConfig,
  'drainDelayMs' | 'shutdownTimeoutMs' | 'onShutdown' | 'signals' | 'exit' | 'logger'
>;

const TIMED_OUT = Symbol('timed out');

/**
 * `onBegin` runs synchronously when shutdown starts so readiness fails before anything else:
 * load balancers must see 503 while the server still serves traffic.
 */
export function createShutdown(settings: Settings, onBegin: () => void): ShutdownController {
  const attached = new Map<Server, ConnectionDrain>();
  let running: Promise<number> | undefined;
  const { logger } = settings;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (running === undefined) {
      logger.info({ signal }, 'shutdown: signal received');
      void shutdown();
      return;
    }
    logger.warn({ signal }, 'shutdown: second signal, forcing exit');
    forceClose();
    settings.exit(1);
  };
  let listening = false;
  const listenSignals = (on: boolean): void => {
    if (on === listening) return;
    listening = on;
    for (const signal of settings.signals) {
      if (on) process.on(signal, onSignal);
      else process.off(signal, onSignal);
    }
  };

  function attach(server: Server): () => void {
    if (!attached.has(server)) {
      const drain = trackConnections(server);
      if (running !== undefined) drain.beginDrain();
      attached.set(server, drain);
    }
    listenSignals(true);
    return () => detach(server);
  }

  function detach(server: Server): void {
    attached.get(server)?.detach();
    attached.delete(server);
    if (attached.size === 0) listenSignals(false);
  }

  function forceClose(): void {
    for (const drain of attached.values()) drain.forceClose();
  }

  async function runHooks(): Promise<number> {
    let code = 0;
    for (const [index, hook] of settings.onShutdown.entries()) {
      try {
        await hook();
      } catch (error) {
        code = 1;
        logger.error({ err: error, hook: index }, 'shutdown: onShutdown hook failed');
      }
    }
    return code;
  }

  async function sequence(): Promise<number> {
    onBegin();
    // Keep-alive clients leave by themselves during the drain: each connection's next response
    // tells them to, while the server still accepts the new connections they open instead.
    for (const drain of attached.values()) drain.beginDrain();
    logger.info({ drainDelayMs: settings.drainDelayMs }, 'shutdown: readiness failing, draining');
    if (settings.drainDelayMs > 0) await delay(settings.drainDelayMs);
    const budget = new AbortController();
    const timeout = delay(settings.shutdownTimeoutMs, TIMED_OUT, { signal: budget.signal }).catch(
      () => undefined,
    );
    const graceful = Promise.all([...attached.values()].map((d) => d.close())).then(runHooks);
    const code = await Promise.race([graceful, timeout]);
    budget.abort();
    let exitCode = 0;
    if (code === TIMED_OUT || code === undefined) {
      logger.error(
        { shutdownTimeoutMs: settings.shutdownTimeoutMs },
        'shutdown: timed out, forcing connections closed',
      );
      forceClose();
      exitCode = 1;
    } else {
      exitCode = code;
    }
    for (const server of [...attached.keys()]) detach(server);
    logger.info({ code: exitCode }, 'shutdown: complete');
    settings.exit(exitCode);
    return exitCode;
  }

  function shutdown(): Promise<number> {
    running ??= sequence().catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown: failed');
      forceClose();
      settings.exit(1);
      return 1;
    });
    return running;
  }

  return { attach, shutdown, isShuttingDown: () => running !== undefined };
}
