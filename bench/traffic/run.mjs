#!/usr/bin/env node
// Traffic benchmark: a generated combined access log (bench/traffic/generate.mjs) imported,
// matched to its OpenAPI description, analysed and stored in a fresh workspace, end to end
// through the real CLI — beside `wc -l` and a bare Node line reader on the same file.
//
//   npm run build && node bench/traffic/run.mjs                 1,000,000 lines
//   node bench/traffic/run.mjs --lines 10000000 --runs 1         the 10-million-line run
//   node bench/traffic/run.mjs --gzip                            the same log gzipped
//
// Options: --lines N (default 1000000), --runs N (median of N, default 3), --gzip,
//          --data DIR (where the generated log is kept between runs; default: the OS temp dir),
//          --out FILE (results JSON; default bench/traffic/results/latest-<lines>.json),
//          --check (exit 1 when a target is missed or a planted attack is not found).
// Targets (1M lines): under 5 s wall and under 300 MB peak RSS for the Gatehouse run.
// Peak RSS is GNU time's %M (the kernel's high-water mark) when /usr/bin/time exists.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const bin = join(root, 'bin', 'gatehouse.mjs');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const flag = (name) => args.includes(`--${name}`);
const LINES = Number(opt('lines', '1000000'));
const RUNS = Number(opt('runs', '3'));
const GZIP = flag('gzip');
const dataDir = resolve(opt('data', join(os.tmpdir(), `gatehouse-traffic-bench-${LINES}${GZIP ? '-gz' : ''}`)));
const outFile = resolve(opt('out', join(here, 'results', `latest-${LINES}${GZIP ? '-gz' : ''}.json`)));
const hasTime = existsSync('/usr/bin/time');

/** The rules the planted attacks must trigger (a shorter log plants fewer of them). */
const EXPECTED = [
  'traffic.auth.credential-stuffing',
  'traffic.access.object-enumeration',
  'traffic.inventory.shadow-endpoint',
  'traffic.inventory.deprecated-endpoint-called',
  'traffic.data.secrets-in-urls',
  'traffic.data.personal-data-in-urls',
  'traffic.ssrf.internal-target-in-parameter',
  'traffic.errors.server-error-burst',
  'traffic.business.automation-on-flows',
  'traffic.gdpr.log-retention',
  ...(LINES >= 300_000 ? ['traffic.resource.no-rate-limiting', 'traffic.llm.unbounded-consumption'] : []),
];

function timed(cmd, argv, options = {}) {
  const full = hasTime ? ['/usr/bin/time', ['-f', '__TIME__ %e %M %U %S', cmd, ...argv]] : [cmd, argv];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /__TIME__ ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${(r.stderr ?? '').slice(-2000)}`);
  return {
    wall: m ? Number(m[1]) : wall,
    rssMB: m ? Math.round(Number(m[2]) / 1024) : undefined,
    user: m ? Number(m[3]) : undefined,
    sys: m ? Number(m[4]) : undefined,
    stdout: r.stdout,
    stderr: (r.stderr ?? '').replace(/__TIME__.*\n?/, ''),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// 1. The data (generated once, deterministic).
const log = join(dataDir, GZIP ? 'access.log.gz' : 'access.log');
const spec = join(dataDir, 'openapi.yaml');
if (!existsSync(log) || !existsSync(spec)) {
  mkdirSync(dataDir, { recursive: true });
  process.stderr.write(`generating ${LINES.toLocaleString('en-US')} lines into ${dataDir} …\n`);
  const g = spawnSync(process.execPath, [join(here, 'generate.mjs'), '--lines', String(LINES), '--out', dataDir, ...(GZIP ? ['--gzip'] : [])], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (g.status !== 0) throw new Error('generation failed');
}
const bytes = statSync(log).size;

// 2. The floors: wc -l and a bare Node line reader (fs stream, StringDecoder, indexOf('\n')).
const BARE = `
const { createReadStream } = require('node:fs'); const { StringDecoder } = require('node:string_decoder'); const zlib = require('node:zlib');
let n = 0, carry = ''; const d = new StringDecoder('utf8');
let s = createReadStream(process.argv[1], { highWaterMark: 1 << 20 }); if (process.argv[1].endsWith('.gz')) s = s.pipe(zlib.createGunzip());
s.on('data', (b) => { const t = d.write(b); let i = 0, j; const first = t.indexOf('\\n'); if (first !== -1) { if ((carry + t.slice(0, first)).length) n++; i = first + 1; carry = ''; } else { carry += t; return; }
  while ((j = t.indexOf('\\n', i)) !== -1) { if (j > i) n++; i = j + 1; } carry = t.slice(i); });
s.on('end', () => { if (carry.length) n++; console.log(n); });`;
const results = { lines: LINES, bytes, gzip: GZIP, runs: RUNS, machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 1073741824)} GB, node ${process.version}`, loadAverage: os.loadavg(), wc: [], bare: [], gatehouse: [] };
for (let i = 0; i < RUNS; i++) {
  if (!GZIP) results.wc.push(timed('wc', ['-l', log]));
  results.bare.push(timed(process.execPath, ['-e', BARE, log]));
}

// 3. Gatehouse, end to end through the CLI, into a fresh workspace each run.
let detections = [];
for (let i = 0; i < RUNS; i++) {
  const ws = join(dataDir, `bench-${i}.gatehouse`);
  const json = join(dataDir, `bench-${i}.json`);
  for (const f of [ws, `${ws}-wal`, `${ws}-shm`, json]) rmSync(f, { force: true });
  const r = timed(process.execPath, [bin, 'audit', spec, log, '--workspace', ws, '--format', 'json', '--out', json, '--no-progress']);
  const out = JSON.parse(readFileSync(json, 'utf8'));
  detections = [...new Set(out.findings.filter((f) => f.source === 'traffic').map((f) => f.ruleId))].sort();
  results.gatehouse.push({ ...r, stdout: undefined, workspaceMB: Math.round(statSync(ws).size / 1048576), trafficFindings: out.findings.filter((f) => f.source === 'traffic').length });
  for (const f of [ws, `${ws}-wal`, `${ws}-shm`, json]) rmSync(f, { force: true });
}
const missing = EXPECTED.filter((id) => !detections.includes(id));
const g = {
  wall: median(results.gatehouse.map((r) => r.wall)),
  rssMB: median(results.gatehouse.map((r) => r.rssMB ?? 0)),
  user: median(results.gatehouse.map((r) => r.user ?? 0)),
};
const summary = {
  ...results,
  wc: results.wc.map((r) => r.wall),
  bare: results.bare.map((r) => ({ wall: r.wall, rssMB: r.rssMB })),
  gatehouse: results.gatehouse.map(({ stderr, ...r }) => r),
  median: { wc: results.wc.length ? median(results.wc.map((r) => r.wall)) : null, bare: median(results.bare.map((r) => r.wall)), gatehouse: g },
  detections,
  missing,
  targets: LINES === 1_000_000 ? { wallSeconds: 5, rssMB: 300, met: g.wall < 5 && g.rssMB < 300 } : undefined,
};
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(summary, null, 2) + '\n');

const f = (n) => (n === null || n === undefined ? '—' : n.toFixed(2));
process.stdout.write(
  [
    `Traffic bench: ${LINES.toLocaleString('en-US')} lines, ${(bytes / 1048576).toFixed(0)} MB${GZIP ? ' gzip' : ''}; ${summary.machine}; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; median of ${RUNS}`,
    '',
    '| step | wall s | peak RSS MB |',
    '|---|---|---|',
    `| wc -l | ${f(summary.median.wc)} | — |`,
    `| bare Node line reader | ${f(summary.median.bare)} | ${median(results.bare.map((r) => r.rssMB ?? 0))} |`,
    `| gatehouse audit (import, match, analyse, store) | ${f(g.wall)} | ${g.rssMB} |`,
    '',
    `Traffic detections: ${detections.join(', ')}`,
    missing.length ? `MISSING: ${missing.join(', ')}` : 'Every planted attack was detected.',
    summary.targets ? `Targets (< 5 s, < 300 MB): ${summary.targets.met ? 'met' : 'MISSED'}` : '',
    `Results: ${outFile}`,
    '',
  ].join('\n'),
);
if (flag('check') && (missing.length || (summary.targets && !summary.targets.met))) process.exit(1);
