// Runs Doyensec's electronegativity over the app sources (electron/main, electron/preload,
// renderer) and fails when it reports anything above informational. The tool predates current
// commander releases and does not declare that dependency, so each run gets the commander 6 it
// was written against (installed as `commander-v6`); its network-only check
// (AvailableSecurityFixesGlobalCheck) is skipped. One child process per folder.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

if (process.env.GATEHOUSE_ENEG_CHILD) {
  // Child: resolve `commander` for electronegativity to commander 6, then run its CLI.
  const commander6 = require.resolve('commander-v6');
  const original = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    if (request === 'commander' && parent?.filename?.includes(`${path.sep}@doyensec${path.sep}electronegativity${path.sep}`)) return commander6;
    return original.call(this, request, parent, ...rest);
  };
  process.argv = [process.argv[0], 'electronegativity', ...JSON.parse(process.env.GATEHOUSE_ENEG_CHILD)];
  require('@doyensec/electronegativity/dist/index.js');
} else {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
  const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  // The app as one tree (its global checks — CSP, navigation limits, permission handler — need
  // main, preload, the security settings and the renderer together), without node_modules.
  const app = path.join(outDir, 'app');
  for (const part of ['electron/main', 'electron/preload', 'electron/node/security', 'renderer']) cpSync(path.join(root, part), path.join(app, part), { recursive: true });
  let failed = 0;
  for (const target of ['app']) {
    const out = path.join(outDir, `${target}.sarif`);
    const args = ['-i', app, '-o', out, '-x', 'AvailableSecurityFixesGlobalCheck', '-e', electronVersion];
    const r = spawnSync(process.execPath, [import.meta.filename], { env: { ...process.env, GATEHOUSE_ENEG_CHILD: JSON.stringify(args) }, encoding: 'utf8', timeout: 300_000 });
    let sarif;
    try {
      sarif = JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      console.error(`electronegativity did not produce a result for ${target}:\n${r.stderr}`);
      process.exit(2);
    }
    const run = sarif.runs?.[0] ?? {};
    const rules = new Map((run.tool?.driver?.rules ?? []).map((x) => [x.id, x]));
    for (const res of run.results ?? []) {
      const level = res.level ?? rules.get(res.ruleId)?.defaultConfiguration?.level ?? 'warning';
      const where = res.locations?.[0]?.physicalLocation;
      const line = `${level} ${res.ruleId} ${path.relative(app, where?.artifactLocation?.uri ?? '')}:${where?.region?.startLine ?? ''} ${res.message?.text ?? ''}`;
      if (level === 'note' || level === 'none') console.log(`  (informational) ${line}`);
      else {
        failed++;
        console.log(`  ${line}`);
      }
    }
    console.log(`electronegativity ${target}: ${(run.results ?? []).length} result(s)`);
  }
  if (failed) {
    console.error(`electronegativity: ${failed} result(s) above informational`);
    process.exit(1);
  }
  console.log('electronegativity: nothing above informational');
}
