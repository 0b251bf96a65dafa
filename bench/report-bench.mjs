#!/usr/bin/env node
// Report benchmark: a workspace of 1,000 and one of 5,000 findings (synthetic, recorded through
// Workspace.recordRun over one 30,000-line evidence file, every tenth finding suppressed) turned
// into a signed PDF by the real CLI:
//
//   node bin/gatehouse.mjs report --workspace WS --out OUT.pdf --sign ID.p12 --passphrase-file F --force
//
// in a fresh child process each run, measuring wall time (spawn to exit, in this process), CPU
// time (utime + stime of the child from /proc/PID/stat) and peak RSS (VmHWM from
// /proc/PID/status, polled every 5 ms). Each output is checked with pdfsig ("Signature is
// Valid.") when poppler is installed. Targets: 1,000 findings under 3 s, 5,000 under 10 s, peak
// RSS under 500 MB.
//
// Usage: npm run build && node bench/report-bench.mjs [--sizes 1000,5000] [--runs N] [--check]
//   --runs N   runs per size, median reported (default 1)
//   --check    exit 1 when a target is missed
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const build = (p) => pathToFileURL(join(repoRoot, 'build', p)).href;
const bin = join(repoRoot, 'bin', 'gatehouse.mjs');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const sizes = String(option('--sizes', '1000,5000')).split(',').map(Number);
const runs = Number(option('--runs', '1'));
const check = args.includes('--check');
const TARGETS = { 1000: 3, 5000: 10 };
const RSS_TARGET_MB = 500;

const { Workspace } = await import(build('electron/node/workspace/index.js'));
const { createIdentity } = await import(build('electron/node/pdf/identity.js'));
const { allRules } = await import(build('shared/rules/index.js'));
const { CATALOG_VERSION } = await import(build('shared/controls/index.js'));

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const hasPdfsig = spawnSync('pdfsig', ['-v']).error === undefined;

function syntheticWorkspace(file, count) {
  const ws = Workspace.open(file, { create: true });
  ws.init({ name: `Synthetic audit of ${count} findings`, client: 'Bench', auditor: 'Bench Auditor' });
  const lines = Array.from({ length: 30_000 }, (_, i) => `${' '.repeat((i % 5) * 2)}field${i + 1}: { type: string, description: "line ${i + 1}" }`);
  const [evidence] = ws.addEvidence([{ name: 'big-api.yaml', kind: 'spec', format: 'openapi-3.0', bytes: Buffer.from(lines.join('\n')), parseStatus: 'ok' }], 'bench');
  const findings = Array.from({ length: count }, (_, i) => {
    const rule = allRules[i % allRules.length];
    const line = 1 + ((i * 7) % 29_990);
    const suppressed = i % 10 === 9;
    return {
      fingerprint: `fp${String(i).padStart(6, '0')}`,
      ruleId: rule.id,
      title: rule.title,
      severity: rule.severity,
      confidence: rule.confidence,
      controls: rule.controls,
      equivalents: rule.equivalents,
      source: rule.source,
      message: `Schema \`Thing${i}\` property \`field${line}\` used by GET /things/{id} and other operations has no maximum length (finding ${i + 1}).`,
      evidence: ['big-api.yaml'],
      locations: [
        { file: 'big-api.yaml', line, column: 3, pointer: `/components/schemas/Thing${i}` },
        ...(i % 3 === 0 ? [{ file: 'big-api.yaml', line: line + 5, column: 3, pointer: `/components/schemas/Thing${i}/x` }] : []),
      ],
      endpoints: ['GET /things/{id}', 'POST /things', 'PUT /things/{id}'].slice(0, 1 + (i % 3)),
      occurrences: 1 + (i % 3),
      status: suppressed ? 'suppressed' : 'open',
      ...(suppressed ? { statusReason: 'x-gatehouse-ignore: reviewed by the API team' } : {}),
      remediation: rule.remediation,
    };
  });
  const at = new Date().toISOString();
  ws.recordRun({ catalogVersion: CATALOG_VERSION, toolVersion: 'bench', startedAt: at, endedAt: at, evidenceIds: [evidence.id], findings }, 'bench');
  ws.close();
}

/** Runs the command; wall time, CPU time and peak RSS of the child. */
function measure(command, commandArgs) {
  return new Promise((resolvePromise) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    let hwmKb = 0;
    let cpuTicks = 0;
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.resume();
    const poll = () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+)\s+kB/.exec(status);
        if (hwm) hwmKb = Math.max(hwmKb, Number(hwm[1]));
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpuTicks = Math.max(cpuTicks, Number(fields[11]) + Number(fields[12]));
      } catch {
        /* the process is gone */
      }
    };
    const timer = setInterval(poll, 5);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolvePromise({ code, seconds, cpuSeconds: cpuTicks / clockTicks, rssMb: hwmKb / 1024, stderr });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dir = mkdtempSync(join(os.tmpdir(), 'gatehouse-report-bench-'));
const results = [];
let failed = false;
try {
  const passphrase = 'report bench passphrase';
  const passFile = join(dir, 'pass.txt');
  writeFileSync(passFile, `${passphrase}\n`);
  const identity = createIdentity({ name: 'Bench Signer', org: 'Gatehouse', email: 'bench@example.org', keyType: 'rsa-3072', passphrase });
  const p12 = join(dir, 'bench.p12');
  writeFileSync(p12, identity.p12);

  for (const size of sizes) {
    const ws = join(dir, `ws-${size}.gatehouse`);
    syntheticWorkspace(ws, size);
    const out = join(dir, `report-${size}.pdf`);
    const samples = [];
    for (let run = 0; run < runs; run += 1) {
      const r = await measure(process.execPath, [bin, 'report', '--workspace', ws, '--out', out, '--sign', p12, '--passphrase-file', passFile, '--force']);
      if (r.code !== 0) {
        process.stderr.write(`report of ${size} findings failed (exit ${r.code}):\n${r.stderr}\n`);
        failed = true;
        break;
      }
      samples.push(r);
    }
    if (samples.length === 0) continue;
    const signature = hasPdfsig ? (/Signature is Valid\./.test(spawnSync('pdfsig', [out], { encoding: 'utf8' }).stdout) ? 'valid' : 'INVALID') : 'not checked';
    const pages = /Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [out], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? '?';
    const result = {
      findings: size,
      seconds: median(samples.map((s) => s.seconds)),
      cpuSeconds: median(samples.map((s) => s.cpuSeconds)),
      rssMb: Math.max(...samples.map((s) => s.rssMb)),
      pages,
      sizeMb: Number((readFileSync(out).length / 1048576).toFixed(1)),
      signature,
      targetSeconds: TARGETS[size] ?? null,
    };
    result.met = (result.targetSeconds === null || result.seconds < result.targetSeconds) && result.rssMb < RSS_TARGET_MB && signature !== 'INVALID';
    if (!result.met) failed = check || failed;
    results.push(result);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const load = os.loadavg().map((n) => n.toFixed(2)).join(' ');
const lines = [
  `Signed PDF reports (gatehouse report --sign), ${runs} run(s) per size, median; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load ${load}`,
  '',
  '| findings | wall s | CPU s | peak RSS MB | pages | PDF MB | pdfsig | target |',
  '|---:|---:|---:|---:|---:|---:|---|---|',
  ...results.map(
    (r) =>
      `| ${r.findings} | ${r.seconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${r.rssMb.toFixed(0)} | ${r.pages} | ${r.sizeMb} | ${r.signature} | ${
        r.targetSeconds === null ? '' : `< ${r.targetSeconds} s, < ${RSS_TARGET_MB} MB: ${r.met ? 'met' : 'MISSED'}`
      } |`,
  ),
  '',
];
process.stdout.write(lines.join('\n'));
process.exit(failed ? 1 : 0);
