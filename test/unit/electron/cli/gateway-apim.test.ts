import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatehouse, tempDir, writeFiles } from './run-cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../../fixtures/gateways/apim');

interface JsonOutput {
  findings: { source: string; evidence: string[] }[];
}

describe('gatehouse audit on Azure API Management policies', () => {
  it('audits an APIOps export: JSON output, exit 0, no import errors', () => {
    const r = gatehouse(['audit', path.join(fixtures, 'apiops'), '--format', 'json', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOutput;
    for (const f of out.findings.filter((x) => x.source === 'gateway')) expect(f.evidence).toEqual(['policy.xml']);
  });

  it('lists the gateway (and the API specification beside it) among the audited inputs', () => {
    const r = gatehouse(['audit', path.join(fixtures, 'apiops'), '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('policy.xml (apim-apiops, 4 operations)');
    expect(r.stdout).toContain('apis/orders/specification.yaml (openapi-3.0, 3 operations)');
  });

  it('reads a corpus policy with unescaped policy expressions named directly', () => {
    const file = path.join(fixtures, 'policy-snippets/examples/Filter on IP Address when using Application Gateway.policy.xml');
    const r = gatehouse(['audit', file, '--format', 'json', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(gatehouse(['audit', file, '--no-progress']).stdout).toContain('(apim-policy, 1 operations)');
  });

  it('reports malformed XML with file and line, exit 2', () => {
    const dir = tempDir();
    writeFiles(dir, { 'policy.xml': '<policies>\n  <inbound>\n    <rate-limit calls="5">\n  </inbound>\n</policies>\n' });
    const r = gatehouse(['audit', dir, '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/policy\.xml:4:\d+: XML could not be read/);
  });
});
