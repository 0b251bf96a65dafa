import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { gatehouse, tempDir } from './run-cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../../fixtures/gateways/apigee');

function zipFolder(rel: string, extra: Zippable = {}): string {
  const add = (dir: string, into: Zippable): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) add(full, (into[name] = {}) as Zippable);
      else into[name] = new Uint8Array(readFileSync(full));
    }
  };
  const root: Zippable = { ...extra };
  add(path.join(fixtures, rel), root);
  const file = path.join(tempDir(), 'bundle.zip');
  writeFileSync(file, zipSync(root));
  return file;
}

interface JsonOutput {
  findings: { source: string; evidence: string[] }[];
}

describe('gatehouse audit on Apigee proxy bundles', () => {
  it('audits bundle folders: JSON output, exit 0, no import errors', () => {
    const r = gatehouse(['audit', path.join(fixtures, 'sample-proxies'), '--format', 'json', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOutput;
    for (const f of out.findings.filter((x) => x.source === 'gateway')) expect(f.evidence[0]).toMatch(/apiproxy\/[^/]+\.xml$/);
  });

  it('lists each bundle among the audited inputs, the unprotected pass-through included', () => {
    const r = gatehouse(['audit', path.join(fixtures, 'learn-edge'), '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('quota-1/apiproxy/learn-edge.xml (apigee-bundle, 1 operations)');
    expect(r.stdout).toContain('simplest-proxy/apiproxy/learn-edge.xml (apigee-bundle, 1 operations)');
  });

  it('audits a bundle given as a .zip archive', () => {
    const zip = zipFolder('own/payments');
    const r = gatehouse(['audit', zip, '--format', 'json', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(gatehouse(['audit', zip, '--no-progress']).stdout).toContain('apiproxy/payments.xml (apigee-bundle, 2 operations)');
  });

  it('refuses an archive with a zip slip entry, naming the entry, exit 2', () => {
    const zip = zipFolder('sample-proxies/apikey', { '../../evil.xml': new TextEncoder().encode('<APIProxy name="evil"/>') });
    const r = gatehouse(['audit', zip, '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('entry "../../evil.xml" was refused');
    expect(r.stderr).toContain('zip slip');
  });
});
