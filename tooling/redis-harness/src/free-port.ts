import { once } from 'node:events';
import { type AddressInfo, createServer, type Server } from 'node:net';

/** A socket listening on port 0 of 127.0.0.1, and the port it got; the caller closes it. */
export async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port };
}

const release = (server: Server): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));

/** A free TCP port on 127.0.0.1 (bound, then released). */
export async function freePort(): Promise<number> {
  const { server, port } = await holdPort();
  await release(server);
  return port;
}

/**
 * `count` distinct free ports for a child that cannot bind port 0 itself: every probe socket
 * stays bound until all are read, so the kernel cannot hand the same port out twice (it can
 * after a release, as two freePort() calls in a row allow).
 */
export async function freePorts(count: number): Promise<number[]> {
  const held = await Promise.all(Array.from({ length: count }, holdPort));
  await Promise.all(held.map(({ server }) => release(server)));
  return held.map(({ port }) => port);
}
