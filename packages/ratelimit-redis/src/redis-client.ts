import { RedisStoreConfigError } from './errors.js';

/** The one call the store makes: a raw command, its reply as the client decodes it. */
export type SendCommand = (command: string, args: readonly string[]) => Promise<unknown>;

/** ioredis (`Redis`, `Cluster`) and iovalkey: `client.call(command, ...args)`. */
interface CallClient {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** node-redis v4/v5 (`createClient()`) and @valkey/client: `client.sendCommand([command, ...args])`. */
interface SendCommandClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/** A client the store accepts: ioredis, node-redis, or their Valkey forks. */
export type RedisClientLike = CallClient | SendCommandClient;

/**
 * The tiny adapter between the store and the user's client. ioredis is checked first: it also
 * has a `sendCommand`, with a different signature (a `Command` object).
 */
export function toSendCommand(client: unknown): SendCommand {
  if (typeof client === 'object' && client !== null) {
    const c = client as Partial<CallClient & SendCommandClient>;
    if (typeof c.call === 'function') {
      const call = c.call.bind(client);
      return (command, args) => call(command, ...args);
    }
    if (typeof c.sendCommand === 'function') {
      const send = c.sendCommand.bind(client);
      return (command, args) => send([command, ...args]);
    }
  }
  throw new RedisStoreConfigError(
    'client',
    `must be an ioredis client (with \`call\`) or a node-redis client (with \`sendCommand\`); got ${client === null ? 'null' : typeof client}`,
  );
}
