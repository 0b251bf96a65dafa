import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatehouse, tempDir, writeFiles } from './run-cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../../fixtures/gateways/kong');

interface JsonOutput {
  findings: { source: string; evidence: string[]; message: string; locations: { file: string; line: number }[] }[];
}

describe('gatehouse audit on Kong decK files', () => {
  it('audits the folder: JSON output, exit 0, no import errors, gateway findings name the decK files', () => {
    const r = gatehouse(['audit', fixtures, '--format', 'json', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOutput;
    const gateway = out.findings.filter((f) => f.source === 'gateway');
    for (const f of gateway) expect(f.evidence[0]).toMatch(/\.ya?ml$/);
    // Clear-text secrets are reported without their values.
    expect(r.stdout).not.toContain('iwb6Djkk4HhUlOCmLilDIKh6nZrn90ts');
    expect(r.stdout).not.toContain('this-password-cant-be-changed');
  });

  it('lists each decK file among the audited inputs with its route count', () => {
    const r = gatehouse(['audit', fixtures, '--no-progress']);
    expect(r.code).toBe(0);
    for (const line of ['kong.yaml (deck, 3 operations)', 'kong2kic-input.yaml (deck, 3 operations)', 'convert-11-input.yaml (deck-3.0, 5 operations)', 'own/ai-and-limits.yaml (deck-3.0, 4 operations)'])
      expect(r.stdout).toContain(line);
  });

  it('exits 1 only with --fail-on', () => {
    const file = path.join(fixtures, 'kong.yaml');
    const findings = (JSON.parse(gatehouse(['audit', file, '--format', 'json', '--no-progress']).stdout) as { findings: { status: string; severity: string }[] }).findings;
    const atOrAboveLow = findings.some((f) => f.status === 'open' && f.severity !== 'info');
    expect(gatehouse(['audit', file, '--no-progress']).code).toBe(0);
    expect(gatehouse(['audit', file, '--fail-on', 'low', '--no-progress']).code).toBe(atOrAboveLow ? 1 : 0);
  });

  it('reports broken YAML with file and line, exit 2', () => {
    const dir = tempDir();
    writeFiles(dir, { 'kong.yaml': '_format_version: "3.0"\nservices:\n  - name: a\n    name: b\n' });
    const r = gatehouse(['audit', dir, '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kong\.yaml:4:\d+: duplicate key/);
  });
});
