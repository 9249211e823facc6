import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { MetricsOptionError } from '../errors.js';
import type { AlertName, AlertRulesOptions } from './alert-options.js';

/** What the `preflight-alerts` command line asks for. */
export interface CliRequest {
  readonly help: boolean;
  readonly out: string | undefined;
  readonly options: AlertRulesOptions;
}

export const USAGE = `Usage: preflight-alerts [options]

Writes Preflight's Prometheus alerting and recording rules as YAML.

  --out <file>              write to <file> instead of stdout
  --config <file>           alertRules() options as JSON or YAML (flags below win)
  --job <name>              only match series with job="<name>"
  --naming <naming>         metric names as your pipeline writes them: otel-exporter
                            (default), with-unit-suffixes, no-translation
  --for <duration>          one "for:" for every alert (e.g. 0s, 5s)
  --for-scale <n>           multiply every default "for:" (e.g. 0.1)
  --rate-window <duration>  rate() window of ratio alerts (default 5m)
  --event-window <duration> window for counted events (default 10m)
  --include <a,b>           only these alerts
  --exclude <a,b>           leave these alerts out
  --slo-availability <n>    availability SLO target (default 0.999)
  --slo-latency <n>         latency SLO target (default 0.99)
  --slo-latency-threshold <seconds>
                            latency SLO bound (default 1); a duration bucket boundary
  --latency-p95 <seconds>   p95 latency threshold (default 2); a duration bucket boundary
  --runbook-base-url <url>  runbook links are <url><alertname lower-cased>
  -h, --help                show this help
`;

/** Parses `preflight-alerts` arguments; throws `MetricsOptionError` naming the bad flag. */
export function parseCliArgs(argv: readonly string[]): CliRequest {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      out: { type: 'string' },
      config: { type: 'string' },
      job: { type: 'string' },
      naming: { type: 'string' },
      for: { type: 'string' },
      'for-scale': { type: 'string' },
      'rate-window': { type: 'string' },
      'event-window': { type: 'string' },
      include: { type: 'string' },
      exclude: { type: 'string' },
      'slo-availability': { type: 'string' },
      'slo-latency': { type: 'string' },
      'slo-latency-threshold': { type: 'string' },
      'latency-p95': { type: 'string' },
      'runbook-base-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const base = values.config === undefined ? {} : readConfig(values.config);
  const list = (v: string | undefined) =>
    v === undefined
      ? undefined
      : (v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean) as AlertName[]);
  const number = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n))
      throw new MetricsOptionError(`--${flag}`, 'a number', v);
    return n;
  };
  const sloAvailability = number('slo-availability', values['slo-availability']);
  const sloLatency = number('slo-latency', values['slo-latency']);
  const sloThreshold = number('slo-latency-threshold', values['slo-latency-threshold']);
  const latencyP95 = number('latency-p95', values['latency-p95']);
  const flags: Record<string, unknown> = {
    job: values.job,
    naming: values.naming,
    for: values.for,
    forScale: number('for-scale', values['for-scale']),
    rateWindow: values['rate-window'],
    eventWindow: values['event-window'],
    include: list(values.include),
    exclude: list(values.exclude),
    runbookBaseUrl: values['runbook-base-url'],
    slo: mergeDefined(base.slo, {
      availability: sloAvailability,
      latency: sloLatency,
      latencyThresholdSeconds: sloThreshold,
    }),
    thresholds: mergeDefined(base.thresholds, { latencyP95Seconds: latencyP95 }),
  };
  const options = {
    ...base,
    ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)),
  };
  return { help: values.help === true, out: values.out, options: options as AlertRulesOptions };
}

/** `fromFile` with the flags that were given laid over it; undefined when no flag was given. */
function mergeDefined(
  fromFile: unknown,
  flags: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const given = Object.entries(flags).filter(([, v]) => v !== undefined);
  if (given.length === 0) return undefined;
  return { ...(fromFile as object | undefined), ...Object.fromEntries(given) };
}

function readConfig(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new MetricsOptionError(
      '--config',
      'a readable JSON or YAML file',
      `${file}: ${(error as Error).message}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MetricsOptionError('--config', 'a file holding an options object', file);
  }
  return parsed as Record<string, unknown>;
}
