import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePorts, holdPort, refusedPort } from '../src/index.js';

describe('refusedPort', () => {
  it('is refused by the kernel, also to fetch, and stays so while many listen(0) servers come and go', async () => {
    const port = await refusedPort();
    expect(port).toBeLessThan(1024);
    const held = await Promise.all(Array.from({ length: 200 }, holdPort));
    expect(held.map((h) => h.port)).not.toContain(port);
    await Promise.all(held.map(({ server }) => new Promise((r) => server.close(r))));
    const error = await fetch(`http://127.0.0.1:${port}/`).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error & { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
    expect(await refusedPort()).toBe(port);
  });
});

describe('freePorts', () => {
  it('hands out distinct ports a server can then bind', async () => {
    const ports = await freePorts(5);
    expect(new Set(ports).size).toBe(5);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(ports[0], '127.0.0.1', resolve));
    await new Promise((r) => server.close(r));
  });
});
