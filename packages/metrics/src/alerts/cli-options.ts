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

/** A flag's text as a number; throws naming the flag. */
function flagNumber(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n))
    throw new MetricsOptionError(`--${flag}`, 'a number', text);
  return n;
}

/** A comma-separated list of alert names. */
const flagList = (_flag: string, text: string): AlertName[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean) as AlertName[];

/**
 * Every flag that sets an `alertRules()` option: the option path (one level of nesting, laid
 * over the same object from `--config`) and how its text is read (as it is, by default).
 */
const OPTION_FLAGS: Readonly<
  Record<
    string,
    { readonly option: string; readonly read?: (flag: string, text: string) => unknown }
  >
> = {
  job: { option: 'job' },
  naming: { option: 'naming' },
  for: { option: 'for' },
  'for-scale': { option: 'forScale', read: flagNumber },
  'rate-window': { option: 'rateWindow' },
  'event-window': { option: 'eventWindow' },
  include: { option: 'include', read: flagList },
  exclude: { option: 'exclude', read: flagList },
  'slo-availability': { option: 'slo.availability', read: flagNumber },
  'slo-latency': { option: 'slo.latency', read: flagNumber },
  'slo-latency-threshold': { option: 'slo.latencyThresholdSeconds', read: flagNumber },
  'latency-p95': { option: 'thresholds.latencyP95Seconds', read: flagNumber },
  'runbook-base-url': { option: 'runbookBaseUrl' },
};

/** Parses `preflight-alerts` arguments; throws `MetricsOptionError` naming the bad flag. */
export function parseCliArgs(argv: readonly string[]): CliRequest {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      out: { type: 'string' },
      config: { type: 'string' },
      ...Object.fromEntries(Object.keys(OPTION_FLAGS).map((flag) => [flag, { type: 'string' }])),
      help: { type: 'boolean', short: 'h' },
    },
  });
  const options: Record<string, unknown> =
    values.config === undefined ? {} : readConfig(String(values.config));
  for (const [flag, { option, read }] of Object.entries(OPTION_FLAGS)) {
    const text = (values as Readonly<Record<string, unknown>>)[flag];
    if (typeof text !== 'string') continue;
    const value = read === undefined ? text : read(flag, text);
    const [outer, inner] = option.split('.') as [string, string | undefined];
    if (inner === undefined) options[outer] = value;
    else options[outer] = { ...(options[outer] as object | undefined), [inner]: value };
  }
  return {
    help: values.help === true,
    out: values.out as string | undefined,
    options: options as AlertRulesOptions,
  };
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
