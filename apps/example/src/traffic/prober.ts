/** The last probe answers, as an orchestrator would see them. */
export interface ProbeState {
  /** Status of the last `/health/ready` probe; 0 when the connection failed. */
  readonly ready: number;
  /** Status of the last `/health/live` probe; 0 when the connection failed. */
  readonly live: number;
  /** Every readiness status in order, capped at the last 1000. */
  readonly readyHistory: readonly number[];
}

/** A running prober. */
export interface Prober {
  state(): ProbeState;
  stop(): void;
}

/**
 * Probes `/health/live` and `/health/ready` every `intervalMs`, like a kubelet; the readiness
 * gauge the alerts read is refreshed by these probes.
 */
export function startProber(baseUrl: string, intervalMs = 1000): Prober {
  let ready = 0;
  let live = 0;
  const history: number[] = [];
  const probe = async (path: string): Promise<number> => {
    try {
      const res = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(intervalMs * 5) });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  };
  const tick = async (): Promise<void> => {
    [ready, live] = await Promise.all([probe('/health/ready'), probe('/health/live')]);
    history.push(ready);
    if (history.length > 1000) history.shift();
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  return {
    state: () => ({ ready, live, readyHistory: history }),
    stop: () => clearInterval(timer),
  };
}
