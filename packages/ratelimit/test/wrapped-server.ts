import { afterEach } from 'vitest';
import {
  createRateLimitedFetch,
  createRateLimitTracker,
  type FetchFunction,
  isRateLimitConfigError,
  type RateLimitedFetchOptions,
  type RateLimitTracker,
} from '../src/index.js';
import { createFakeClock, type FakeClock } from './fake-clock.js';
import { type LoopbackServer, type Scripted, startServer } from './loopback-server.js';

export const T0 = Date.UTC(2026, 0, 1);

/**
 * A loopback server answering from `script` and a wrapper on virtual time with its own
 * tracker; every server started in a test file is closed after each test.
 */
export interface WrappedServer {
  readonly fetch: FetchFunction;
  readonly clock: FakeClock;
  readonly tracker: RateLimitTracker;
  readonly server: LoopbackServer;
  readonly url: string;
}

export type WrappedSetup = (
  script: Scripted[],
  options?: Partial<RateLimitedFetchOptions>,
) => Promise<WrappedServer>;

export function useWrappedServer(): WrappedSetup {
  const servers: LoopbackServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async function setup(script: Scripted[], options: Partial<RateLimitedFetchOptions> = {}) {
    const server = await startServer(script);
    servers.push(server);
    const clock = createFakeClock(T0);
    const tracker = createRateLimitTracker({ now: clock.now });
    const fetch = createRateLimitedFetch({
      upstream: 'partner',
      tracker,
      sleep: clock.sleep,
      random: () => 0.5,
      ...options,
    });
    return { fetch, clock, tracker, server, url: server.url };
  };
}

/** The `option` named by the RateLimitConfigError `createRateLimitedFetch` throws, if any. */
export function rejectedOption(options: object): string | undefined {
  try {
    createRateLimitedFetch({ upstream: 'p', ...options });
  } catch (error) {
    if (isRateLimitConfigError(error)) return error.option;
    throw error;
  }
  return undefined;
}
