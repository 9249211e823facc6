// The install a new user does, from packed tarballs: a fresh app that already has one
// OpenTelemetry line installs every published Preflight package with a plain `npm install`, then
// must hold exactly one copy of each SDK package (none nested under @preflight/*), pass `npm ls`,
// and serve the right buckets from our SDK and from its own.
//
//   node .ci/scenario.mjs <name> <tarball dir> <results dir> <otel spec>...
//
// Writes <results dir>/scenario-<name>.json in vitest's summary shape (one test per check) and
// <results dir>/scenario-<name>-npm-ls.txt.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [name, tarballDir, resultsDir, ...otel] = process.argv.slice(2);
if (!name || !tarballDir || !resultsDir || otel.length === 0) {
  console.error('usage: node .ci/scenario.mjs <name> <tarball dir> <results dir> <otel spec>...');
  process.exit(2);
}
const SDK = ['api', 'sdk-metrics', 'resources', 'core', 'sdk-node', 'exporter-prometheus'];
const app = mkdtempSync(join(tmpdir(), `preflight-scenario-${name}-`));
const tarballs = readdirSync(tarballDir)
  .filter((f) => f.endsWith('.tgz'))
  .map((f) => resolve(tarballDir, f));
const checks = [];
const check = (title, fn) => {
  try {
    fn();
    checks.push({ title, ok: true });
    console.log(`scenario ${name}: ok   ${title}`);
  } catch (error) {
    checks.push({ title, ok: false });
    console.log(
      `scenario ${name}: FAIL ${title}\n${String(error?.message ?? error).slice(0, 4000)}`,
    );
  }
};
const npm = (...args) => {
  const r = spawnSync('npm', args, { cwd: app, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0)
    throw new Error(`npm ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

console.log(`scenario ${name}: node ${process.version}, app ${app}`);
writeFileSync(
  join(app, 'package.json'),
  JSON.stringify({ name: 'app', private: true, type: 'module' }),
);
check(`the app installs OpenTelemetry (${otel.join(' ')}) and express`, () =>
  npm('install', '--no-audit', '--no-fund', ...otel, 'express@5'),
);
check(`plain npm install of ${tarballs.length} packed Preflight packages`, () =>
  npm('install', ...tarballs),
);
check('npm ls passes with nothing invalid', () => {
  const r = spawnSync('npm', ['ls', '--all'], { cwd: app, encoding: 'utf8' });
  writeFileSync(join(resultsDir, `scenario-${name}-npm-ls.txt`), r.stdout + r.stderr);
  const top = spawnSync('npm', ['ls'], { cwd: app, encoding: 'utf8' }).stdout;
  console.log(top);
  // Optional peers nobody asked for (bullmq for @preflight/webhooks) are fine unmet.
  const problems = (r.stdout + r.stderr).replaceAll('UNMET OPTIONAL DEPENDENCY', '');
  if (r.status !== 0 || /invalid|UNMET|extraneous|ERR/.test(problems))
    throw new Error(r.stdout + r.stderr);
});
check(`one copy of each SDK package (${SDK.join(', ')}), none under @preflight/*`, () => {
  const found = execFileSync('find', ['node_modules', '-path', '*/@opentelemetry/*/package.json'], {
    cwd: app,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((p) => /node_modules\/@opentelemetry\/[^/]+\/package\.json$/.test(p));
  const copies = (pkg) => found.filter((p) => p.endsWith(`/@opentelemetry/${pkg}/package.json`));
  const bad = SDK.filter((pkg) => copies(pkg).length !== 1).map(
    (p) => `${p}: ${copies(p).join(', ')}`,
  );
  const nested = found.filter((p) => p.includes('@preflight/'));
  if (bad.length > 0 || nested.length > 0) throw new Error([...bad, ...nested].join('\n'));
});
writeFileSync(
  join(app, 'smoke.mjs'),
  `import { createServer } from 'node:http';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import express from 'express';
import { createMetrics, httpMetrics, instrumentFetch, startTelemetry, HTTP_DURATION_BUCKETS } from '@preflight/metrics';
${tarballs.map((t, i) => `await import(${JSON.stringify(packageName(t))}); // ${i}`).join('\n')}
const SECONDS = [...HTTP_DURATION_BUCKETS.map(String), '+Inf'].join(',');
const serve = async (handler) => {
  const server = createServer(handler);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: 'http://127.0.0.1:' + server.address().port };
};
async function buckets(meter, scrape) {
  const app = express();
  app.use(httpMetrics({ meter }));
  app.get('/v1/orders', (_req, res) => res.json({ ok: true }));
  const { server, base } = await serve(app);
  await (await instrumentFetch(fetch, { upstream: 'partner', meter })(base + '/v1/orders')).text();
  const text = await scrape();
  server.close();
  const les = (n) => [...text.matchAll(new RegExp('^' + n + '_bucket\\\\{.*le="([^"]+)"', 'gm'))].map((m) => m[1]).join(',');
  return { server: les('http_server_request_duration'), client: les('http_client_request_duration') };
}
const own = new PrometheusExporter({ preventServerStart: true });
const provider = new MeterProvider({ readers: [own] });
const ownServer = await serve((req, res) => own.getMetricsRequestHandler(req, res));
const fromOwn = await buckets(provider.getMeter('app'), async () => (await fetch(ownServer.base)).text());
ownServer.server.close();
await provider.shutdown();
console.log('buckets the app\\'s own SDK exports: ' + fromOwn.server);
if (fromOwn.server !== SECONDS || fromOwn.client !== SECONDS) throw new Error('own SDK buckets ' + JSON.stringify(fromOwn));
const ours = createMetrics({ serviceName: 'scenario', runtimeMetrics: false });
const oursServer = await serve(ours.handler());
const fromOurs = await buckets(ours.meter, async () => (await fetch(oursServer.base)).text());
oursServer.server.close();
await ours.shutdown();
if (fromOurs.server !== SECONDS || fromOurs.client !== SECONDS) throw new Error('createMetrics buckets ' + JSON.stringify(fromOurs));
const telemetry = startTelemetry({ serviceName: 'scenario', runtimeMetrics: false });
if (metrics.getMeterProvider() === undefined) throw new Error('no global meter provider');
await telemetry.shutdown();
console.log('smoke ok');
`,
);
check(
  'the app runs: own SDK and createMetrics() export second buckets, startTelemetry() starts',
  () => {
    const out = execFileSync(process.execPath, ['smoke.mjs'], {
      cwd: app,
      encoding: 'utf8',
      timeout: 60_000,
    });
    console.log(out.trim());
  },
);
check('npx preflight-alerts --naming with-unit-suffixes renders the rules', () => {
  const out = execFileSync(
    'npx',
    ['--no-install', 'preflight-alerts', '--naming', 'with-unit-suffixes'],
    {
      cwd: app,
      encoding: 'utf8',
    },
  );
  if (!out.includes('http_server_request_duration_seconds_bucket'))
    throw new Error(out.slice(0, 500));
});

const failed = checks.filter((c) => !c.ok).length;
writeFileSync(
  join(resultsDir, `scenario-${name}.json`),
  JSON.stringify({
    numPassedTests: checks.length - failed,
    numFailedTests: failed,
    success: failed === 0,
  }),
);
if (existsSync(app) && failed === 0) rmSync(app, { recursive: true, force: true });
process.exit(failed === 0 ? 0 : 1);

/** `preflight-metrics-0.0.0.tgz` → `@preflight/metrics`. */
function packageName(tarball) {
  const base = tarball
    .split('/')
    .pop()
    .replace(/-\d+\.\d+\.\d+(?:-[\w.]+)?\.tgz$/, '');
  return `@${base.replace(/^preflight-/, 'preflight/')}`;
}
