import { connect } from 'node:net';

/**
 * Sends one inline command over a raw socket and resolves with the first reply line, or
 * undefined when nothing answers within `timeoutMs`. The harness speaks RESP itself so it needs
 * no client library and cannot be fooled by a client's offline queue.
 */
export function inlineCommand(
  host: string,
  port: number,
  line: string,
  timeoutMs: number,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = '';
    const finish = (value: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.once('error', () => finish(undefined));
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      const end = reply.indexOf('\r\n');
      if (end >= 0) finish(reply.slice(0, end));
    });
  });
}

/** True when the server answers `PING` with `+PONG` within `timeoutMs`. */
export async function ping(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return (await inlineCommand(host, port, 'PING', timeoutMs)) === '+PONG';
}
