/**
 * `npm run build` bundles the CLI (build/cli/bundle/); bin/gatehouse.mjs runs the bundle when it
 * is current, the plain tsc output otherwise. Both must give the user the same audit.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../../..');
const bin = path.join(root, 'bin', 'gatehouse.mjs');
const spec = path.join(root, 'test', 'fixtures', 'specs', 'crapi-openapi-spec.json');

function run(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** True when bin/gatehouse.mjs will run the bundle (present and not older than tsc's last emit). */
function bundleIsCurrent(): boolean {
  const b = statSync(path.join(root, 'build', 'cli', 'bundle', 'gatehouse.mjs'), { throwIfNoEntry: false });
  const t = statSync(path.join(root, 'build', '.tsbuildinfo'), { throwIfNoEntry: false });
  return b !== undefined && (t === undefined || t.mtimeMs <= b.mtimeMs);
}

describe('bundled CLI', () => {
  it.runIf(bundleIsCurrent())(
    'audits exactly like the unbundled build (same findings, fingerprints, positions)',
    () => {
      const bundled = run(['audit', spec, '--format', 'json', '--no-progress']);
      const plain = run(['audit', spec, '--format', 'json', '--no-progress'], { GATEHOUSE_NO_BUNDLE: '1' });
      expect(plain.code).toBe(bundled.code);
      const findings = (out: string): unknown[] => (JSON.parse(out) as { findings: unknown[] }).findings;
      expect(findings(bundled.stdout).length).toBeGreaterThan(10);
      expect(findings(bundled.stdout)).toEqual(findings(plain.stdout));
      expect(bundled.stderr).toBe(plain.stderr);
    },
  );

  it('answers --version, and rejects an unknown command with the list of commands', () => {
    const v = run(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const bad = run(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "frobnicate"');
    expect(bad.stderr).toContain('audit');
  });
});
