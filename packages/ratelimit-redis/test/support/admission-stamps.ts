import { AsyncLocalStorage } from 'node:async_hooks';
import type { Admission, RateLimitStore } from '@preflight/ratelimit';
import { ADMIT_SCRIPT, createScript } from '../../src/scripts.js';

/** Epoch ms at which the store answered the send's admission (Redis's clock when it answered). */
export const ADMITTED_AT_HEADER = 'x-admitted-at';
/** Epoch ms of the turn the store gave the send: its admission time plus the wait it was told. */
export const TURN_AT_HEADER = 'x-turn-at';

/**
 * Whether a Redis command (as a client sends it, or as MONITOR shows it) runs `script`: by
 * `EVAL` with its source or by `EVALSHA` with its digest.
 */
export function runsScript(command: string, firstArg: unknown, script: string): boolean {
  const name = command.toUpperCase();
  if (name === 'EVAL') return firstArg === script;
  return name === 'EVALSHA' && firstArg === shaOf(script);
}

const shas = new Map<string, string>();
/** The digest `EVALSHA` names `script` by, hashed once per script. */
function shaOf(script: string): string {
  let sha = shas.get(script);
  if (sha === undefined) {
    sha = createScript(script).sha;
    shas.set(script, sha);
  }
  return sha;
}

interface Stamp {
  admittedAt?: number;
  turnAt?: number;
  /** The last admission reply Redis sent for this call (through {@link AdmissionStamps.client}). */
  reply?: unknown;
}

interface CallClient {
  call(command: string, ...args: string[]): Promise<unknown>;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Stamps every send with the time its admission was answered and the turn it was given, so a
 * test judges a rate limit on the clock the store spaces sends on, not on arrival times that a
 * stalled process (the sender after its admission, or the partner before it reads a request)
 * pushes together. Calls run inside `run()`; the wrapped store, client and fetch find the call's
 * stamp there (AsyncLocalStorage), so concurrent callers never mix their stamps up. The store's
 * own answer (`admitted`, `waitMs`) makes the turn: a store that over-admits shows up in it.
 */
export function createAdmissionStamps() {
  const calls = new AsyncLocalStorage<Stamp>();

  function note(stamp: Stamp | undefined, answer: Admission, now: number): Admission {
    if (stamp === undefined || !answer.admitted) return answer;
    const reply = stamp.reply as unknown[] | undefined;
    // Answered by Redis: its TIME (µs) in the reply is when; else (the local fallback, or the
    // in-process store) the caller's clock is the store's clock.
    const redisNow = Array.isArray(reply) && Number(reply[0]) === 1 ? Number(reply[4]) / 1000 : NaN;
    stamp.admittedAt = Number.isFinite(redisNow) ? redisNow : now;
    stamp.turnAt = stamp.admittedAt + answer.waitMs;
    return answer;
  }

  return {
    /** Runs one call (one `fetch`, with its retries) with a stamp of its own. */
    run<T>(call: () => Promise<T>): Promise<T> {
      return calls.run({}, call);
    },

    /** `store`, remembering each admission it answers for the call's next send. */
    store(store: RateLimitStore): RateLimitStore {
      return {
        admit(upstream, rate, now) {
          const stamp = calls.getStore();
          if (stamp !== undefined) stamp.reply = undefined;
          const answer = store.admit(upstream, rate, now);
          if (!isPromise(answer)) return note(stamp, answer, now);
          return answer.then((a) => note(stamp, a, Date.now()));
        },
        release: (...args) => store.release?.(...args),
        recordBudget: (budget) => store.recordBudget(budget),
        recordPause: (...args) => store.recordPause(...args),
        subscribe: (listener) => store.subscribe(listener),
      };
    },

    /** An ioredis-style client that keeps the admission replies (with Redis's time) it passes on. */
    client(client: CallClient): CallClient {
      return {
        async call(command, ...args) {
          const reply = await client.call(command, ...args);
          const admit = runsScript(command, args[0], ADMIT_SCRIPT);
          const stamp = calls.getStore();
          if (admit && stamp !== undefined) stamp.reply = reply;
          return reply;
        },
      };
    },

    /** `fetch` sending the call's stamp as headers. */
    fetch(base: typeof fetch = globalThis.fetch): typeof fetch {
      return (input, init) => {
        const stamp = calls.getStore();
        if (stamp?.turnAt === undefined) return base(input, init);
        const headers = new Headers(init?.headers);
        headers.set(ADMITTED_AT_HEADER, String(stamp.admittedAt));
        headers.set(TURN_AT_HEADER, String(stamp.turnAt));
        return base(input, { ...init, headers });
      };
    },
  };
}
