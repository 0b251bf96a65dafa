import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatehouse, tempDir, writeFiles } from './run-cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../../fixtures/gateways/envoy');

interface JsonOutput {
  findings: { source: string; evidence: string[] }[];
}

describe('gatehouse audit on Envoy configurations', () => {
  it('audits a folder of configurations: JSON output, exit 0, no import errors', () => {
    const r = gatehouse(['audit', fixtures, '--format', 'json', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOutput;
    for (const f of out.findings.filter((x) => x.source === 'gateway')) expect(f.evidence[0]).toMatch(/\.yaml$/);
  });

  it('lists each configuration among the audited inputs', () => {
    const r = gatehouse(['audit', path.join(fixtures, 'own/api-gateway.yaml'), '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('api-gateway.yaml (envoy-v3, 5 operations)');
    expect(gatehouse(['audit', fixtures, '--no-progress']).stdout).toContain('front-proxy/envoy.yaml (envoy-v3, 4 operations)');
  });

  it('reports broken YAML with file and line, exit 2', () => {
    const dir = tempDir();
    writeFiles(dir, { 'envoy.yaml': 'static_resources:\n  listeners: []\n  listeners: []\n' });
    const r = gatehouse(['audit', dir, '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/envoy\.yaml:3:\d+:/);
  });
});
