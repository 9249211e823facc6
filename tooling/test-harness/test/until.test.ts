import { describe, expect, it } from 'vitest';
import { cpuMs, until } from '../src/index.js';

describe('until', () => {
  it('resolves with the first truthy value read, sync or async', async () => {
    let reads = 0;
    expect(await until(() => (++reads >= 3 ? `read ${reads}` : undefined), 'three reads')).toBe(
      'read 3',
    );
    expect(await until(async () => ++reads >= 5 && reads, 'five reads', { everyMs: 1 })).toBe(5);
  });

  it('throws at the deadline naming what it waited for, the last value shown by a function', async () => {
    let last = 0;
    const read = () => {
      last += 1;
      return false;
    };
    await expect(until(read, () => `never (last ${last})`, { timeoutMs: 50 })).rejects.toThrow(
      /^never \(last \d+\): not seen within 0.05 s$/,
    );
    expect(last).toBeGreaterThan(1); // it kept reading until the deadline
  });

  it('lets a read that throws fail the wait at once', async () => {
    await expect(
      until(() => {
        throw new Error('child exited');
      }, 'anything'),
    ).rejects.toThrow('child exited');
  });
});

describe('cpuMs', () => {
  it('counts the CPU time the function spends, not the time it is blocked', () => {
    const spent = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    // Busy until it has used 30 ms of CPU, however long a loaded machine makes that take.
    const busy = cpuMs(() => {
      const until = spent() + 30;
      while (spent() < until) {
        // spin
      }
    });
    expect(busy).toBeGreaterThanOrEqual(30);
    // Blocked for 100 ms of wall time without running.
    const blocked = cpuMs(() => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    });
    expect(blocked).toBeLessThan(50);
  });
});
