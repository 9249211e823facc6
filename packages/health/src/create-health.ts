import type { Server } from 'node:http';
import { Router } from 'express';
import { createCheckRunner } from './checks/check-runner.js';
import { safeOutput } from './checks/sanitize.js';
import { resolveConfig } from './config.js';
import { createHealthMetrics } from './metrics.js';
import type { HealthOptions } from './options.js';
import { createEndpoints, type HealthState } from './probes/endpoints.js';
import { createEventLoopMonitor } from './probes/event-loop.js';
import { interceptProbes } from './probes/intercept.js';
import { type ProbeHandler, probeHandlers } from './probes/probe-response.js';
import { createShutdown } from './shutdown/shutdown.js';

/** What `createHealth` returns. */
export interface Health {
  /** An Express 5 router serving `<basePath>/live`, `/ready` and `/startup`. */
  router(): Router;
  /**
   * The probe paths under `basePath` (`['/health/live', '/health/ready', '/health/startup']` by
   * default), frozen: pass them as `requestLogger({ ignore: health.probePaths })` and
   * `httpMetrics({ ignore: health.probePaths })` to keep probes out of access logs and request
   * metrics. With `interceptProbes` they never reach that middleware at all.
   */
  readonly probePaths: readonly string[];
  /** Ends `markNotReady` and completes startup. */
  markReady(): void;
  /** `/ready` answers 503 (checks are not run) until `markReady()`. */
  markNotReady(reason?: string): void;
  /** `/live` answers 503 from now on, so the orchestrator restarts the process. */
  markBroken(reason?: string): void;
  /**
   * Handles `signals` (SIGTERM, SIGINT) for `server` with the graceful shutdown sequence.
   * Call once per server; returns a function that detaches it.
   */
  attach(server: Server): () => void;
  /** Starts the shutdown sequence now (as a signal would); resolves with the exit code passed to `exit`. */
  shutdown(): Promise<number>;
  /** True from the moment shutdown begins. */
  isShuttingDown(): boolean;
  /** Stops the event-loop monitor; for tests and embedding, not needed with `attach`. */
  close(): void;
}

/**
 * Creates liveness, readiness and startup endpoints over `checks`, with graceful shutdown.
 * Throws `HealthConfigError` naming the option when the configuration is invalid.
 */
export function createHealth(options: HealthOptions = {}): Health {
  const config = resolveConfig(options);
  const metrics = createHealthMetrics(config.meter);
  const runnerDeps = {
    now: config.now,
    sanitize: config.sanitize,
    maxOutputLength: config.maxOutputLength,
    onOutcome: metrics.recordOutcome,
  };
  const runners = config.checks.map((check) => createCheckRunner(check, runnerDeps));
  const state: HealthState = {
    notReadyReason: undefined,
    brokenReason: undefined,
    shuttingDown: false,
    started: false,
  };
  let lastReady: boolean | undefined;
  const onReady = (ready: boolean): void => {
    if (ready === lastReady) return;
    lastReady = ready;
    metrics.recordReady(ready);
  };
  const monitor = createEventLoopMonitor(config.now);
  const endpoints = createEndpoints({
    state,
    readyRunners: runners.filter((r) => r.check.tags.includes('ready')),
    startupRunners: runners.filter((r) => r.check.tags.includes('startup')),
    monitor,
    maxEventLoopDelayMs: config.maxEventLoopDelayMs,
    maxBodyBytes: config.maxBodyBytes,
    now: config.now,
    onReady,
  });
  const shutdown = createShutdown(
    {
      ...config,
      exit: (code) => {
        monitor.stop();
        config.exit(code);
      },
    },
    () => {
      state.shuttingDown = true;
      onReady(false);
    },
  );

  // Reasons are often built from error messages: same sanitizing and cap as check output.
  // Plain-JS callers may pass anything; a reason whose toString throws becomes the default one.
  const reasonText = (reason: unknown, fallback: string): string => {
    let text = fallback;
    try {
      text = String(reason);
    } catch {
      // keep the fallback
    }
    return safeOutput(text, config.sanitize, config.maxOutputLength);
  };
  const intercepted = new Map<Server, () => void>();
  const handlers = probeHandlers(endpoints, config.basePath, config.showDetails);

  return {
    router: () => createHealthRouter(handlers),
    probePaths: Object.freeze([...handlers.keys()]),
    markReady() {
      state.notReadyReason = undefined;
      state.started = true;
    },
    markNotReady(reason = 'marked not ready') {
      state.notReadyReason = reasonText(reason, 'marked not ready');
      onReady(false);
    },
    markBroken(reason = 'marked broken') {
      state.brokenReason = reasonText(reason, 'marked broken');
    },
    attach(server) {
      if (config.interceptProbes && !intercepted.has(server)) {
        intercepted.set(server, interceptProbes(server, handlers));
      }
      const detach = shutdown.attach(server);
      return () => {
        intercepted.get(server)?.();
        intercepted.delete(server);
        detach();
      };
    },
    shutdown: shutdown.shutdown,
    isShuttingDown: () => state.shuttingDown,
    close: () => monitor.stop(),
  };
}

/** Mounts `GET|HEAD` of each probe path on a new Express router. */
function createHealthRouter(handlers: ReadonlyMap<string, ProbeHandler>): Router {
  const router = Router();
  for (const [path, handler] of handlers) {
    // Express answers HEAD with the GET handler; Node drops the body for HEAD.
    router.get(path, (req, res, next) => handler(req, res, next));
  }
  return router;
}
