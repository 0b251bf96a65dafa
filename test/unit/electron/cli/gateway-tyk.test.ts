import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatehouse, tempDir, writeFiles } from './run-cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../../fixtures/gateways/tyk');

interface JsonOutput {
  findings: { source: string; evidence: string[] }[];
}

describe('gatehouse audit on Tyk API definitions', () => {
  it('audits the folder: JSON output, exit 0, no import errors', () => {
    const r = gatehouse(['audit', fixtures, '--format', 'json', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOutput;
    for (const f of out.findings.filter((x) => x.source === 'gateway')) expect(f.evidence[0]).toMatch(/\.(json|ya?ml)$/);
    expect(r.stdout).not.toContain('c2VjcmV0LXNoYXJlZC1obWFjLWtleQ');
  });

  it('lists classic and OAS definitions among the audited inputs', () => {
    const r = gatehouse(['audit', fixtures, '--no-progress']);
    expect(r.code).toBe(0);
    for (const line of ['app_sample.json (tyk-classic, 1 operations)', 'quickstart.json (tyk-classic, 1 operations)', 'simple_oas-oas.json (tyk-oas, 1 operations)', 'own/oas-full.yaml (tyk-oas, 4 operations)'])
      expect(r.stdout).toContain(line);
  });

  it('reports broken JSON with file and line, exit 2', () => {
    const dir = tempDir();
    writeFiles(dir, { 'api.json': '{\n  "api_id": "x",\n  "proxy": {"listen_path": "/x/",}\n}\n' });
    const r = gatehouse(['audit', path.join(dir, 'api.json'), '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/api\.json:3:\d+: invalid JSON/);
  });
});
