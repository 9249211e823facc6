import { describe, expect, it } from 'vitest';
import { createMemoryDedupeStore } from '../src/index.js';

describe('createMemoryDedupeStore()', () => {
  it('claims a new id once; after commit it is a duplicate for the TTL, then new again', async () => {
    let now = 0;
    const store = createMemoryDedupeStore({ ttlMs: 1000, pendingMs: 100, now: () => now });
    expect(await store.claim('evt_1')).toBe('claimed');
    expect(await store.claim('evt_1')).toBe('in_flight');
    await store.commit('evt_1');
    expect(await store.claim('evt_1')).toBe('duplicate');
    now = 999;
    expect(await store.claim('evt_1')).toBe('duplicate');
    now = 1000;
    expect(await store.claim('evt_1')).toBe('claimed');
  });

  it('an uncommitted claim expires after pendingMs, so a redelivery after a crash is taken', async () => {
    let now = 0;
    const store = createMemoryDedupeStore({ pendingMs: 100, now: () => now });
    expect(await store.claim('evt_1')).toBe('claimed');
    now = 100;
    expect(await store.claim('evt_1')).toBe('claimed');
  });

  it('release forgets a claim but never a committed id', async () => {
    const store = createMemoryDedupeStore();
    await store.claim('a');
    await store.release('a');
    expect(await store.claim('a')).toBe('claimed');
    await store.commit('a');
    await store.release('a');
    expect(await store.claim('a')).toBe('duplicate');
  });

  it('stays bounded: past maxEntries the oldest ids are forgotten', async () => {
    const store = createMemoryDedupeStore({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd']) {
      await store.claim(id);
      await store.commit(id);
    }
    expect(await store.claim('a')).toBe('claimed'); // evicted
    expect(await store.claim('d')).toBe('duplicate');
  });

  it('rejects bad options by name', () => {
    expect(() => createMemoryDedupeStore({ ttlMs: 0 })).toThrow('`ttlMs`');
    expect(() => createMemoryDedupeStore({ maxEntries: -1 })).toThrow('`maxEntries`');
    expect(() => createMemoryDedupeStore({ now: 'x' } as never)).toThrow('`now`');
    expect(() => createMemoryDedupeStore({ ttl: 5 } as never)).toThrow('`ttl`');
  });
});
