import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckOutcome, ResolvedCheck } from '../src/checks/check.js';
import { createCheckRunner } from '../src/checks/check-runner.js';
import { defaultSanitize } from '../src/checks/sanitize.js';

function runnerFor(check: ResolvedCheck['check'], overrides: Partial<ResolvedCheck> = {}) {
  const outcomes: CheckOutcome[] = [];
  const runner = createCheckRunner(
    {
      name: 'dep',
      check,
      critical: true,
      timeoutMs: 1000,
      cacheMs: 0,
      tags: ['ready'],
      ...overrides,
    },
    {
      now: Date.now,
      sanitize: defaultSanitize,
      maxOutputLength: 50,
      onOutcome: (o) => outcomes.push(o),
    },
  );
  return { runner, outcomes };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('check runner', () => {
  it('turns any thrown or resolved value into a pass/warn/fail outcome with bounded output', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.boolean(), fc.boolean(), async (value, throws, sync) => {
        const check = sync
          ? () => {
              if (throws) throw value;
              return value as never;
            }
          : () => (throws ? Promise.reject(value) : Promise.resolve(value as never));
        const outcome = await runnerFor(check).runner.run();
        expect(['pass', 'warn', 'fail']).toContain(outcome.status);
        if (throws) expect(outcome.status).toBe('fail');
        expect(outcome.output === undefined || outcome.output.length <= 50).toBe(true);
        expect(() => JSON.stringify(outcome.output)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it('fails at exactly timeoutMs with a fake clock and aborts the signal with CheckTimeoutError', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const { runner } = runnerFor(
      (s) => {
        signal = s;
        return new Promise(() => {});
      },
      { timeoutMs: 5000 },
    );
    let settled: CheckOutcome | undefined;
    void runner.run().then((o) => {
      settled = o;
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(settled).toBeUndefined();
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toMatchObject({ status: 'fail', output: 'timed out after 5000 ms' });
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toMatchObject({ code: 'ERR_HEALTH_CHECK_TIMEOUT', timeoutMs: 5000 });
  });

  it('records metrics once per real run, even when the metrics callback throws', async () => {
    const outcomes: CheckOutcome[] = [];
    const runner = createCheckRunner(
      {
        name: 'dep',
        check: async () => {},
        critical: true,
        timeoutMs: 1000,
        cacheMs: 60_000,
        tags: [],
      },
      {
        now: Date.now,
        sanitize: defaultSanitize,
        maxOutputLength: 50,
        onOutcome: (o) => {
          outcomes.push(o);
          throw new Error('exporter broke');
        },
      },
    );
    await Promise.all([runner.run(), runner.run()]);
    await runner.run();
    expect(outcomes).toHaveLength(1);
  });

  it('starts a new run on the next probe after a timeout instead of waiting for the hung one', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const { runner } = runnerFor(
      () => {
        calls += 1;
        return new Promise((resolve) => setTimeout(resolve, 10_000));
      },
      { timeoutMs: 100 },
    );
    const first = runner.run();
    await vi.advanceTimersByTimeAsync(100);
    expect((await first).status).toBe('fail');
    const second = runner.run();
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(100);
    expect((await second).status).toBe('fail');
  });
});
