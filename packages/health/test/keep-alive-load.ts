import http from 'node:http';

/** What a keep-alive load run saw, per error code and per way its connections ended. */
export interface LoadReport {
  /** Requests answered (any status). */
  readonly answered: number;
  /** Requests answered after `markSent()` was called (traffic kept flowing through the signal). */
  readonly answeredAfterMark: number;
  /** Answers counted by `"<path> <status>"`, e.g. `"/work 200"`. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Requests that failed, keyed by error code (`ECONNRESET`, `ECONNREFUSED`, …). */
  readonly errors: Readonly<Record<string, number>>;
  /** Connections that left because the server answered `Connection: close`. */
  readonly leftOnClose: number;
}

export interface KeepAliveLoad {
  /** Resolves once every connection has completed `warmup` requests. */
  readonly warmedUp: Promise<void>;
  /** Marks the moment the signal is sent, for `answeredAfterMark`. */
  markSent(): void;
  /** Resolves when every connection has left (on `Connection: close` or an error). */
  readonly done: Promise<LoadReport>;
}

/**
 * `connections` clients, each with its own keep-alive agent (one persistent socket each),
 * sending back-to-back GETs to `paths` in turn, like a load balancer's upstream pool. A client
 * leaves when the server says `Connection: close` (nothing else tells it to) or a request
 * fails; `maxRequests` bounds each loop so a regression ends instead of running forever.
 */
export function keepAliveLoad(
  baseUrl: string,
  {
    connections,
    paths,
    warmup = 3,
    maxRequests = 100_000,
  }: { connections: number; paths: readonly string[]; warmup?: number; maxRequests?: number },
): KeepAliveLoad {
  const errors: Record<string, number> = {};
  let answered = 0;
  let answeredAfterMark = 0;
  const statuses: Record<string, number> = {};
  let leftOnClose = 0;
  let marked = false;
  let warm = 0;
  let onWarm!: () => void;
  const warmedUp = new Promise<void>((resolve) => {
    onWarm = resolve;
  });

  async function client(): Promise<void> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1, keepAliveMsecs: 60_000 });
    try {
      for (let i = 0; i < maxRequests; i += 1) {
        const path = paths[i % paths.length] ?? '/';
        let result: { status: number; connection: string | undefined };
        try {
          result = await get(`${baseUrl}${path}`, agent);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'error';
          errors[code] = (errors[code] ?? 0) + 1;
          return;
        }
        answered += 1;
        if (marked) answeredAfterMark += 1;
        const key = `${path} ${result.status}`;
        statuses[key] = (statuses[key] ?? 0) + 1;
        if (i + 1 === warmup) {
          warm += 1;
          if (warm === connections) onWarm();
        }
        if (result.connection === 'close') {
          leftOnClose += 1;
          return;
        }
      }
    } finally {
      agent.destroy();
    }
  }

  const done = Promise.all(Array.from({ length: connections }, client)).then(
    (): LoadReport => ({ answered, answeredAfterMark, statuses, errors, leftOnClose }),
  );
  return {
    // A client that fails while warming up never gets there: end the wait with the run.
    warmedUp: Promise.race([warmedUp, done.then(() => undefined)]),
    markSent: () => {
      marked = true;
    },
    done,
  };
}

function get(
  url: string,
  agent: http.Agent,
): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
