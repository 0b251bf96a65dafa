// `npm run demo`: audits the bundled sample API into a fresh workspace and prints the summary.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'demo-output');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const workspace = path.join(outDir, 'northwind.gatehouse');
const bin = path.join(root, 'bin', 'gatehouse.mjs');
const sample = path.join(root, 'assets', 'samples', 'clinic-api.yaml');

function gatehouse(...args) {
  console.log(`\n$ gatehouse ${args.map((a) => (a.includes(' ') ? JSON.stringify(a) : path.relative(root, a) || a)).join(' ')}`);
  const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
  return r.status ?? 1;
}

let code = gatehouse('init', workspace, '--name', 'Northwind Clinic API audit', '--client', 'Northwind Clinic', '--auditor', 'Demo Auditor', '--scope', 'Public API v2 and the AI assistant');
if (code === 0) code = gatehouse('audit', sample, '--workspace', workspace, '--no-progress');
if (code === 0) gatehouse('audit', sample, '--workspace', workspace, '--format', 'sarif', '--out', path.join(outDir, 'findings.sarif'), '--no-progress');
if (code === 0) code = gatehouse('log', 'verify', '--workspace', workspace);
console.log(`\nWorkspace: ${path.relative(root, workspace)}   SARIF: demo-output/findings.sarif`);
process.exit(code);
