// Gateway benchmark: the generated decK file (5,000 routes, 20,000 plugins) and nginx.conf
// (2,000 locations) audited together with the Stripe spec, end to end through the CLI.
// Usage: npm run build && node bench/gateway/run.mjs [--runs N]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const out = path.join(root, 'bench', 'results', 'gateway');
mkdirSync(out, { recursive: true });
execFileSync(process.execPath, [path.join(import.meta.dirname, 'generate.mjs'), out], { stdio: 'inherit' });
const corpus = process.env.GATEHOUSE_CORPUS ?? path.join(root, '..', 'shared', 'corpus');
const stripe = path.join(corpus, 'large-stripe-2022', 'spec3.json');
if (!existsSync(stripe)) throw new Error(`no Stripe spec at ${stripe} (set GATEHOUSE_CORPUS)`);
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 1) || 1;
const results = [];
for (let i = 0; i < runs; i++) {
  const args = ['-f', '%e %U %S %M', process.execPath, path.join(root, 'bin', 'gatehouse.mjs'), 'audit', stripe, path.join(out, 'kong.yaml'), path.join(out, 'nginx.conf'), '--format', 'json', '--out', path.join(out, 'findings.json'), '--no-progress'];
  const r = spawnSync('/usr/bin/time', args, { encoding: 'utf8' });
  const [wall, user, sys, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  results.push({ wall, cpu: user + sys, peakMB: kb / 1000, exit: r.status });
  console.log(`run ${i + 1}: ${wall.toFixed(2)} s wall, ${(user + sys).toFixed(2)} s CPU, ${(kb / 1000).toFixed(0)} MB peak, exit ${r.status}`);
}
results.sort((a, b) => a.wall - b.wall);
const median = results[Math.floor(results.length / 2)];
console.log(`median: ${median.wall.toFixed(2)} s wall, ${median.cpu.toFixed(2)} s CPU, ${median.peakMB.toFixed(0)} MB (target: under 3 s end to end)`);
