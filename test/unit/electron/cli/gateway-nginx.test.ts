import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatehouse, tempDir, writeFiles } from './run-cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../../fixtures/gateways/nginx');

interface JsonOutput {
  tool: { name: string };
  findings: { source: string; evidence: string[]; locations: { file: string; line: number }[] }[];
}

describe('gatehouse audit on an NGINX configuration', () => {
  it('audits a configuration folder: JSON output, exit 0, no import errors', () => {
    const r = gatehouse(['audit', path.join(fixtures, 'api-gateway'), '--format', 'json', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOutput;
    expect(out.tool.name).toBe('gatehouse');
    for (const f of out.findings.filter((x) => x.source === 'gateway')) {
      expect(f.evidence).toEqual(['nginx.conf']);
      expect(['nginx.conf', 'conf.d/api.conf', 'snippets/auth.conf']).toContain(f.locations[0]!.file);
    }
  });

  it('lists the gateway among the audited inputs, and reads the corpus OIDC configuration', () => {
    const table = gatehouse(['audit', path.join(fixtures, 'api-gateway'), '--no-progress']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('nginx.conf (nginx-conf, 9 operations)');
    const oidc = gatehouse(['audit', path.join(fixtures, 'oidc'), '--no-progress']);
    expect(oidc.stderr).toBe('');
    expect(oidc.stdout).toContain('nginx.conf (nginx-conf, 6 operations)');
  });

  it('reports a missing include with file and line, exit 2', () => {
    const dir = tempDir();
    writeFiles(dir, { 'nginx.conf': 'events {}\nhttp {\n  include /etc/nginx/sites-enabled/default;\n}\n' });
    const r = gatehouse(['audit', dir, '--format', 'json', '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nginx\.conf:3:3: include "\/etc\/nginx\/sites-enabled\/default": no such file in the imported folder/);
  });

  it('refuses a named file that is no known format', () => {
    const dir = tempDir();
    writeFiles(dir, { 'notes.conf': 'just some words;\n' });
    const r = gatehouse(['audit', path.join(dir, 'notes.conf'), '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a recognised evidence file');
    expect(r.stderr).toContain('NGINX configuration');
  });
});
