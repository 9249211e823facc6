import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { until } from '@preflight/test-harness';
import { type Listening, listen } from '../../src/listen.js';
import { createPartnerApp, type Partner } from '../../src/partner/partner-app.js';
import type { PartnerFaults } from '../../src/partner/partner-faults.js';
import { collectOutput } from './child-output.js';

export const PARTNER_KEY = 'pk_test_e2e_9f8e7d6c5b4a';
// Standard Webhooks: whsec_ + base64 (of "e2e-webhook-secret-0a1b2c3d4e5f").
export const WEBHOOK_SECRET = 'whsec_ZTJlLXdlYmhvb2stc2VjcmV0LTBhMWIyYzNkNGU1Zg==';
const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** The partner (in this process) and the service (a child process, as in production). */
export interface Stack {
  readonly partner: Partner;
  readonly partnerUrl: string;
  readonly serviceUrl: string;
  readonly servicePort: number;
  readonly child: ChildProcess;
  /** Everything the service wrote to stdout and stderr so far. */
  logs(): string;
  /** Resolves with the exit code once the service exits. */
  readonly exited: Promise<number | null>;
  /** Applies faults through the partner's admin endpoint, as an operator would with curl. */
  inject(faults: Partial<PartnerFaults>): Promise<void>;
  /** Stops the service (SIGTERM, then SIGKILL) and the partner. */
  stop(): Promise<void>;
}

/**
 * Starts the partner in-process and `dist/main.js` as a child, both on port 0 of 127.0.0.1: the
 * service's port is read from its `service listening` line. (A port picked here and bound later
 * by the child could be handed to the partner's own listen(0), or any other process, meanwhile.)
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  let serviceUrl: string | undefined;
  const partner = createPartnerApp({
    apiKeys: [PARTNER_KEY],
    webhook: {
      // Read at delivery: purchases (and so webhooks) only happen once the service listens.
      url: () => `${serviceUrl}/webhooks/partner`,
      secret: env.WEBHOOK_SECRET ?? WEBHOOK_SECRET,
      scheme: env.WEBHOOK_SCHEME === 'timestamp-hmac' ? 'timestamp-hmac' : 'standard',
    },
  });
  const partnerServer: Listening = await listen(partner.app);
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      PARTNER_URL: partnerServer.url,
      PARTNER_API_KEY: PARTNER_KEY,
      WEBHOOK_SECRET,
      SHUTDOWN_DRAIN_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  // One 45 s deadline for both steps: on a loaded CI machine one probe can take seconds.
  const deadline = Date.now() + 45_000;
  const left = () => ({ timeoutMs: Math.max(0, deadline - Date.now()), everyMs: 100 });
  const running = (): void => {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
  };
  let last = 'no answer';
  let url: string;
  try {
    url = await until(
      () => {
        running();
        return listeningUrl(output());
      },
      'its listening line',
      left(),
    );
    serviceUrl = url;
    await until(
      () => {
        running();
        return fetch(`${url}/health/live`, { signal: AbortSignal.timeout(5_000) }).then(
          async (r) => {
            last = `${r.status} ${await r.text()}`;
            return r.ok;
          },
          (error: unknown) => {
            last = String(error);
            return false;
          },
        );
      },
      () => `/health/live OK (last: ${last})`,
      left(),
    );
  } catch (error) {
    await partnerServer.close();
    throw new Error(`service did not start: ${(error as Error).message}:\n${output()}`);
  }
  return {
    partner,
    partnerUrl: partnerServer.url,
    serviceUrl: url,
    servicePort: Number(new URL(url).port),
    child,
    logs: output,
    exited,
    async inject(faults) {
      const res = await fetch(`${partnerServer.url}/admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(faults),
      });
      if (!res.ok) throw new Error(`fault injection failed: ${await res.text()}`);
    },
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) {
        process.kill(child.pid, 'SIGTERM');
        await Promise.race([exited, sleep(10_000)]);
        if (child.exitCode === null) process.kill(child.pid, 'SIGKILL');
      }
      await partnerServer.close();
    },
  };
}

/** The `url` of the service's `service listening` log line, once that whole line is written. */
function listeningUrl(out: string): string | undefined {
  const complete = out.slice(0, out.lastIndexOf('\n') + 1).split('\n');
  const line = complete.find((l) => l.includes('"msg":"service listening"'));
  if (line === undefined) return undefined;
  const { url } = JSON.parse(line) as { url?: unknown };
  return typeof url === 'string' ? url : undefined;
}
