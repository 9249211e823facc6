import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';

/** Drains one server's connections without cutting off a request a client has already sent. */
export interface ConnectionDrain {
  /** From now on the last response of every connection carries `Connection: close`. */
  beginDrain(): void;
  /**
   * Stops accepting, closes each connection once its last response is written and no request
   * is arriving on it, and resolves when every connection has ended.
   */
  close(): Promise<void>;
  /** Destroys every connection at once (timeout, second signal). */
  forceClose(): void;
  /** Removes the listeners; connections already tracked stay untouched. */
  detach(): void;
}

// A connection that has not sent a byte yet was opened to send a request, which is on its way:
// it gets this long to arrive (and be answered with `Connection: close`) before it is closed.
const FIRST_REQUEST_GRACE_MS = 1000;

interface SocketState {
  /** Responses not yet fully written, oldest first: pipelined requests queue behind each other. */
  readonly pending: ServerResponse[];
  /** `bytesRead` when the socket last became idle: more bytes since means a request is arriving. */
  readAtIdle: number;
  /** Has carried at least one request. */
  used: boolean;
}

/**
 * Tracks requests per connection: from the server's `request` event to the response's `close`
 * (which follows `finish`, when the whole response has been handed to the OS).
 */
export function trackConnections(server: Server): ConnectionDrain {
  const sockets = new Map<Socket, SocketState>();
  // Responses whose `Connection: close` we set, so a later pipelined request can take it over.
  const closeSetByUs = new WeakSet<ServerResponse>();
  let draining = false;
  let stopped = false;

  const stateOf = (socket: Socket): SocketState => {
    let state = sockets.get(socket);
    if (state === undefined) {
      state = { pending: [], readAtIdle: socket.bytesRead, used: false };
      sockets.set(socket, state);
      socket.once('close', () => sockets.delete(socket));
    }
    return state;
  };

  // Only the newest response of a connection may end it: an earlier one carrying
  // `Connection: close` would make the server drop the pipelined requests queued behind it.
  const markLast = (state: SocketState): void => {
    const last = state.pending.at(-1);
    for (const res of state.pending) {
      if (res === last || res.headersSent || !closeSetByUs.has(res)) continue;
      res.removeHeader('connection');
      closeSetByUs.delete(res);
    }
    if (last !== undefined && !last.headersSent && !closeSetByUs.has(last)) {
      last.setHeader('connection', 'close');
      closeSetByUs.add(last);
    }
  };

  const isIdle = (socket: Socket, state: SocketState): boolean =>
    state.pending.length === 0 && socket.bytesRead === state.readAtIdle;
  const graced = new WeakSet<Socket>();
  const closeIfIdle = (socket: Socket, state: SocketState): void => {
    if (!isIdle(socket, state)) return;
    if (state.used) {
      socket.destroy();
    } else if (!graced.has(socket)) {
      graced.add(socket);
      // Judged a turn after the timer, like closeAllIdleSoon: after a stall the timer is due
      // before the poll phase has read a request that arrived in time.
      setTimeout(() => {
        setImmediate(() => {
          if (!state.used && isIdle(socket, state)) socket.destroy();
        });
      }, FIRST_REQUEST_GRACE_MS).unref();
    }
  };
  // One event-loop turn later, so bytes already in the kernel are read (and become a request).
  const closeAllIdleSoon = (): void => {
    setImmediate(() => {
      for (const [socket, state] of sockets) closeIfIdle(socket, state);
    });
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const socket = req.socket;
    const state = stateOf(socket);
    state.used = true;
    state.pending.push(res);
    if (draining) markLast(state);
    // `close` follows `finish` (the whole response handed to the OS) or an abort: one listener.
    res.once('close', () => {
      const at = state.pending.indexOf(res);
      if (at >= 0) state.pending.splice(at, 1);
      becameIdle(socket, state);
    });
    // An unread body is drained after the response; its bytes must not look like a new request.
    if (
      req.headers['content-length'] !== undefined ||
      req.headers['transfer-encoding'] !== undefined
    ) {
      req.once('end', () => becameIdle(socket, state));
    }
  };
  const becameIdle = (socket: Socket, state: SocketState): void => {
    if (state.pending.length > 0) return;
    state.readAtIdle = socket.bytesRead;
    if (stopped) setImmediate(closeIfIdle, socket, state);
  };
  // TLS: the sockets requests arrive on are the TLS ones, not the raw TCP connections.
  const connectionEvent = server instanceof TlsServer ? 'secureConnection' : 'connection';
  const onConnection = (socket: Socket): void => {
    stateOf(socket);
  };
  // First, so `Connection: close` is set before any listener can answer.
  server.prependListener('request', onRequest);
  server.on(connectionEvent, onConnection);

  return {
    beginDrain() {
      draining = true;
      for (const state of sockets.values()) markLast(state);
    },
    close() {
      stopped = true;
      return new Promise((resolve) => {
        // http.Server#close also destroys every connection it deems idle, including one whose
        // last response is still being written or whose next request is on its way: stop
        // accepting with net.Server's close and close idle connections ourselves. The callback
        // fires once every connection has ended (with an error if we were not listening: fine).
        NetServer.prototype.close.call(server, () => resolve());
        closeAllIdleSoon();
      });
    },
    forceClose() {
      for (const socket of sockets.keys()) socket.destroy();
      server.closeAllConnections();
    },
    detach() {
      server.off('request', onRequest);
      server.off(connectionEvent, onConnection);
    },
  };
}
