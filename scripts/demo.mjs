// `npm run demo`: audits the bundled sample API into a fresh workspace, prints the summary, and
// ends with a signed sample report (a demo signing identity is made in demo-output/ first).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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

// A signed sample report. The demo identity's passphrase sits in a file next to it, which is fine
// for a demo only: a real identity's passphrase is typed at the prompt or kept in a protected file.
const p12 = path.join(outDir, 'demo.p12');
const cert = path.join(outDir, 'demo-cert.pem');
const passphraseFile = path.join(outDir, 'demo-passphrase.txt');
const report = path.join(outDir, 'report.pdf');
if (code === 0) {
  writeFileSync(passphraseFile, 'demo passphrase, not for real use\n', { mode: 0o600 });
  code = gatehouse('identity', 'create', '--name', 'Demo Auditor', '--org', 'Northwind Audit (demo)', '--email', 'demo.auditor@example.org', '--out', p12, '--cert-out', cert, '--passphrase-file', passphraseFile);
}
if (code === 0) code = gatehouse('checklist', 'answer', 'chk.gdpr-33.incident-response', 'yes', '--note', 'Breach runbook IR-7, tested in the last quarter', '--workspace', workspace, '--actor', 'Demo Auditor');
if (code === 0) code = gatehouse('checklist', 'answer', 'chk.gdpr-35.dpia', 'no', '--note', 'No DPIA yet for the AI assistant', '--workspace', workspace, '--actor', 'Demo Auditor');
if (code === 0) code = gatehouse('report', '--workspace', workspace, '--out', report, '--sign', p12, '--passphrase-file', passphraseFile);
if (code === 0) code = gatehouse('export', '--workspace', workspace, '--format', 'html', '--out', path.join(outDir, 'report.html'));
if (code === 0) code = gatehouse('verify', report, '--trust', cert, '--workspace', workspace);

console.log(`\nWorkspace: ${path.relative(root, workspace)}   SARIF: demo-output/findings.sarif   HTML: demo-output/report.html`);
if (code === 0) {
  console.log('Signed report: demo-output/report.pdf (signed with the demo identity demo-output/demo.p12)');
  console.log('Verify it yourself:');
  console.log('  npx gatehouse verify demo-output/report.pdf --trust demo-output/demo-cert.pem');
  console.log('  npx gatehouse verify demo-output/report.pdf --trust demo-output/demo-cert.pem --workspace demo-output/northwind.gatehouse');
  console.log('  pdfsig demo-output/report.pdf        (poppler: "Signature is Valid.")');
}
process.exit(code);
