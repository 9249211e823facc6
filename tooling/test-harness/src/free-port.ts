import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Server } from 'node:net';

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

/**
 * Ports below every system's ephemeral range, none of them on the fetch "bad ports" list (fetch
 * refuses those before connecting). listen(0) never hands one of them out.
 */
const NEVER_ALLOCATED = [2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 18] as const;

let refused: Promise<number> | undefined;

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

async function findRefusedPort(): Promise<number> {
  for (const port of NEVER_ALLOCATED) if (await refuses(port)) return port;
  throw new Error(
    `refusedPort(): every candidate port on 127.0.0.1 accepts or drops connections (${NEVER_ALLOCATED.join(', ')})`,
  );
}

/**
 * A port on 127.0.0.1 that refuses connections for the whole test run, for tests of "nothing
 * listens there". A port released by freePort() (or a server the test just closed) is not one:
 * the next listen(0) of any test running beside it can get that port and answer. listen(0) only
 * hands out ports from the ephemeral range, so a port below it that refuses now keeps refusing.
 */
export function refusedPort(): Promise<number> {
  refused ??= findRefusedPort();
  return refused;
}
