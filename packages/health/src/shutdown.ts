import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { HealthConfig } from './config.js';

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

interface Attached {
  readonly server: Server;
  readonly inFlight: Set<ServerResponse>;
  readonly onRequest: (req: IncomingMessage, res: ServerResponse) => void;
}

const TIMED_OUT = Symbol('timed out');

/**
 * `onBegin` runs synchronously when shutdown starts so readiness fails before anything else:
 * load balancers must see 503 while the server still serves traffic.
 */
export function createShutdown(settings: Settings, onBegin: () => void): ShutdownController {
  const attached = new Map<Server, Attached>();
  let closing = false;
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
      const inFlight = new Set<ServerResponse>();
      const onRequest = (_req: IncomingMessage, res: ServerResponse): void => {
        // Once closing, every response ends its connection so keep-alive cannot hold us up.
        if (closing && !res.headersSent) res.setHeader('connection', 'close');
        inFlight.add(res);
        res.once('close', () => inFlight.delete(res));
      };
      // First, so the header is set before any listener can answer.
      server.prependListener('request', onRequest);
      attached.set(server, { server, inFlight, onRequest });
    }
    listenSignals(true);
    return () => detach(server);
  }

  function detach(server: Server): void {
    const entry = attached.get(server);
    if (entry) server.off('request', entry.onRequest);
    attached.delete(server);
    if (attached.size === 0) listenSignals(false);
  }

  function closeServer({ server, inFlight }: Attached): Promise<void> {
    return new Promise((resolve) => {
      for (const res of inFlight) {
        if (!res.headersSent) res.setHeader('connection', 'close');
      }
      // The callback also fires (with an error) when the server was not listening: fine either way.
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  function forceClose(): void {
    for (const { server } of attached.values()) server.closeAllConnections();
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
    logger.info({ drainDelayMs: settings.drainDelayMs }, 'shutdown: readiness failing, draining');
    if (settings.drainDelayMs > 0) await delay(settings.drainDelayMs);
    closing = true;
    const budget = new AbortController();
    const timeout = delay(settings.shutdownTimeoutMs, TIMED_OUT, { signal: budget.signal }).catch(
      () => undefined,
    );
    const graceful = Promise.all([...attached.values()].map(closeServer)).then(runHooks);
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
