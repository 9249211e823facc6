import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALERT_NAMES } from '../src/index.js';
import { requirePromtool, runPromtool } from './support/promtool.js';

// The published bin, as npm links it (`npm run build` runs before tests in turbo and CI).
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(
  packageDir,
  JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).bin['preflight-alerts'],
);

function cli(...args: string[]) {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`);
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

type RuleFile = {
  groups: { name: string; rules: { alert?: string; expr: string; for?: string }[] }[];
};
const alerts = (yaml: string) =>
  (parse(yaml) as RuleFile).groups.flatMap((g) => g.rules).filter((r) => r.alert);

describe('preflight-alerts CLI', () => {
  it('prints the default rule file to stdout with every alert', () => {
    const { status, stdout, stderr } = cli();
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(
      alerts(stdout)
        .map((a) => a.alert)
        .sort(),
    ).toEqual([...ALERT_NAMES].sort());
  });

  it('writes to --out with --job and --for applied', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'preflight-cli-')), 'rules.yml');
    const { status, stdout } = cli('--out', out, '--job', 'example', '--for', '5s');
    expect(status).toBe(0);
    expect(stdout).toBe('');
    const file = parse(readFileSync(out, 'utf8')) as RuleFile;
    const rules = file.groups.flatMap((g) => g.rules);
    expect(rules.filter((r) => r.alert).every((r) => r.for === '5s')).toBe(true);
    // SLO alerts read recording rules; those (and every other rule) select the job.
    for (const rule of rules)
      expect(rule.expr.includes('job="example"') || rule.expr.startsWith('(job:')).toBe(true);
  });

  it('--for-scale, --include and --slo-availability shape the output', () => {
    const { status, stdout } = cli(
      '--for-scale',
      '0',
      '--include',
      'PreflightHighErrorRate,PreflightAvailabilitySLOBurnPage',
      '--slo-availability',
      '0.99',
    );
    expect(status).toBe(0);
    const rules = alerts(stdout);
    expect(rules.map((r) => r.alert)).toEqual([
      'PreflightHighErrorRate',
      'PreflightAvailabilitySLOBurnPage',
    ]);
    expect(rules.every((r) => r.for === '0s')).toBe(true);
    expect(rules[1]?.expr).toContain('> 0.144');
  });

  it('reads options from --config (YAML) and lets flags win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-cli-'));
    const config = join(dir, 'alerts.yml');
    writeFileSync(
      config,
      'job: from-config\nthresholds:\n  balance: 5\ninclude: [PreflightBalanceLow]\n',
    );
    const { status, stdout } = cli('--config', config, '--job', 'from-flag');
    expect(status).toBe(0);
    expect(alerts(stdout)[0]?.expr).toBe(
      'min by (job, account) (preflight_business_balance{job="from-flag"}) < 5',
    );
  });

  it.each([
    [['--job'], 'argument missing'],
    [['--for-scale', 'fast'], '"--for-scale"'],
    [['--for', 'soon'], '"for"'],
    [['--include', 'PreflightNope'], '"include"'],
    [['--bogus'], 'bogus'],
    [['--config', '/nonexistent/alerts.yml'], '"--config"'],
  ])('exits 2 with usage on %j', (args, message) => {
    const { status, stderr, stdout } = cli(...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: preflight-alerts');
  });

  it('--help prints usage and exits 0', () => {
    const { status, stdout } = cli('--help');
    expect(status).toBe(0);
    expect(stdout).toContain('--for-scale');
  });

  it.skipIf(!requirePromtool())('its output passes promtool check rules', () => {
    const { stdout } = cli('--job', 'example', '--for-scale', '0.1');
    const result = runPromtool((dir) => ['check', 'rules', `${dir}/rules.yml`], {
      'rules.yml': stdout,
    });
    expect(result.status, result.output).toBe(0);
  });
});

describe('preflight-alerts latency thresholds', () => {
  it('--latency-p95 and --slo-latency-threshold set bucket-boundary thresholds', () => {
    const { status, stdout } = cli('--latency-p95', '5', '--slo-latency-threshold', '0.5');
    expect(status).toBe(0);
    const rules = (parse(stdout) as RuleFile).groups.flatMap((g) => g.rules);
    expect(rules.find((r) => r.alert === 'PreflightHighLatencyP95')?.expr).toMatch(/\) > 5$/);
    expect(rules.map((r) => r.expr).join('\n')).toContain('le=~"0\\\\.5"');
  });

  it('a flag keeps the other SLO targets of --config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-cli-'));
    writeFileSync(join(dir, 'o.yml'), 'slo:\n  availability: 0.995\n');
    const { status, stdout } = cli('--config', join(dir, 'o.yml'), '--slo-latency', '0.95');
    expect(status).toBe(0);
    const exprs = (parse(stdout) as RuleFile).groups.flatMap((g) => g.rules).map((r) => r.expr);
    // 14.4 x (1 - 0.995) and 14.4 x (1 - 0.95)
    expect(exprs.join('\n')).toContain('> 0.072');
    expect(exprs.join('\n')).toContain('> 0.72');
  });

  it.each([
    [['--latency-p95', '1.5'], 'thresholds.latencyP95Seconds'],
    [['--slo-latency-threshold', '0.3'], 'slo.latencyThresholdSeconds'],
  ])('refuses %j with exit 2, naming the option and the bucket boundaries', (args, option) => {
    const { status, stdout, stderr } = cli(...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(option);
    expect(stderr).toContain('0.75, 1, 2, 2.5, 5');
  });

  it('refuses a --config p95 threshold between boundaries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-cli-'));
    writeFileSync(join(dir, 'o.yml'), 'thresholds:\n  latencyP95Seconds: 1.5\n');
    const { status, stderr } = cli('--config', join(dir, 'o.yml'));
    expect(status).toBe(2);
    expect(stderr).toContain('thresholds.latencyP95Seconds');
  });
});

describe('preflight-alerts --naming', () => {
  it.each([
    ['otel-exporter', 'http_server_request_duration_bucket['],
    ['with-unit-suffixes', 'http_server_request_duration_seconds_bucket['],
    ['no-translation', '{__name__="http.server.request.duration_bucket"}'],
  ])('--naming %s renders the names that pipeline writes', (naming, name) => {
    const { status, stdout } = cli('--naming', naming);
    expect(status).toBe(0);
    const p95 = alerts(stdout).find((a) => a.alert === 'PreflightHighLatencyP95');
    expect(p95?.expr).toContain(name);
  });

  it('an unknown --naming exits 2 naming the choices', () => {
    const { status, stderr } = cli('--naming', 'prometheus');
    expect(status).toBe(2);
    expect(stderr).toContain('otel-exporter, with-unit-suffixes, no-translation');
  });
});
