import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../../electron/node/workspace/index.js';
import { gatehouse, tempDir, writeFiles } from './run-cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../../fixtures/specs');

/** A small spec with two problems every build of the catalog reports: an external $ref and a structural error. */
const SPEC = `openapi: 3.0.3
info:
  version: "1"
paths:
  /users/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "https://schemas.example.com/user.json"}
`;

interface JsonOutput {
  tool: { name: string; version: string };
  findings: {
    fingerprint: string;
    ruleId: string;
    severity: string;
    status: string;
    statusReason?: string;
    locations: { file: string; line: number; column: number; pointer: string }[];
    endpoints: string[];
    controls: string[];
  }[];
  coverage: { control: string; rules: string[] }[];
}

let dir: string;
beforeAll(() => {
  dir = tempDir();
  writeFiles(dir, { 'api.yaml': SPEC });
});

describe('gatehouse audit', () => {
  it('prints JSON in the documented shape with locations and full control coverage', () => {
    const r = gatehouse(['audit', path.join(dir, 'api.yaml'), '--format', 'json', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOutput;
    expect(out.tool.name).toBe('gatehouse');
    const external = out.findings.find((f) => f.ruleId === 'spec.refs.external')!;
    expect(external).toMatchObject({ severity: 'medium', status: 'open' });
    expect(external.locations[0]).toMatchObject({ file: 'api.yaml', line: 14 });
    const missingTitle = out.findings.find((f) => f.ruleId === 'spec.structure.invalid')!;
    expect(missingTitle.locations[0]!.line).toBe(2);
    const controls = out.coverage.map((c) => c.control);
    for (const id of ['API1:2023', 'API10:2023', 'LLM01:2025', 'LLM10:2025', 'GDPR-5(1)(c)', 'GDPR-32', 'GDPR-44']) expect(controls).toContain(id);
  });

  it('writes SARIF 2.1.0, JUnit and CSV to --out', () => {
    const sarifFile = path.join(dir, 'out.sarif');
    expect(gatehouse(['audit', path.join(dir, 'api.yaml'), '--format', 'sarif', '--out', sarifFile]).code).toBe(0);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'spec.refs.external')).toBe(true);
    const junit = gatehouse(['audit', path.join(dir, 'api.yaml'), '--format', 'junit']);
    expect(junit.stdout).toMatch(/^<\?xml/);
    expect(junit.stdout).toContain('<failure');
    const csv = gatehouse(['audit', path.join(dir, 'api.yaml'), '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^fingerprint,severity,confidence,status,rule/);
  });

  it('exits 1 when an open finding reaches --fail-on, 0 otherwise', () => {
    expect(gatehouse(['audit', path.join(dir, 'api.yaml'), '--fail-on', 'medium']).code).toBe(1);
    const juice = path.join(fixtures, 'juice-shop-swagger.yml');
    const findings = (JSON.parse(gatehouse(['audit', juice, '--format', 'json']).stdout) as JsonOutput).findings;
    for (const [level, rank] of [['critical', 0], ['high', 1], ['low', 3]] as const) {
      const expected = findings.some((f) => f.status === 'open' && ['critical', 'high', 'medium', 'low', 'info'].indexOf(f.severity) <= rank) ? 1 : 0;
      expect(gatehouse(['audit', juice, '--fail-on', level]).code, level).toBe(expected);
    }
  });

  it('still audits and outputs the readable files when one input is broken, then exits 2', () => {
    writeFiles(dir, { 'broken.yaml': 'openapi: 3.0.3\ninfo: {title: x\npaths: {}\n' });
    const r = gatehouse(['audit', path.join(dir, 'api.yaml'), path.join(dir, 'broken.yaml'), path.join(dir, 'missing.yaml'), '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+: YAML syntax error/);
    expect(r.stderr).toMatch(/missing\.yaml: no such file or folder/);
  });

  it('rejects bad usage with exit 2 and a message', () => {
    const r = gatehouse(['audit', path.join(dir, 'api.yaml'), '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of table, json, sarif, junit, csv');
    expect(gatehouse(['audit']).code).toBe(2);
  });

  it('shows the table grouped by rule, readable at a glance', () => {
    const r = gatehouse(['audit', path.join(dir, 'api.yaml')]);
    expect(r.stdout).toMatch(/Audited 1 API description: api\.yaml \(openapi-3\.0, 1 operations\)/);
    expect(r.stdout).toMatch(/medium\s+1\s+1\s+Reference to a definition outside/);
    expect(r.stdout).toContain('spec.refs.external  e.g. api.yaml:14');
  });

  it('lists a finding suppressed with x-gatehouse-ignore as suppressed, with where and why', () => {
    writeFiles(dir, {
      'ignored.yaml': SPEC.replace('info:\n', 'info:\n  title: T\n').replace(
        '              schema: {$ref',
        '              x-gatehouse-ignore: {spec.refs.external: "schema is vendored at build time"}\n              schema: {$ref',
      ),
    });
    const out = JSON.parse(gatehouse(['audit', path.join(dir, 'ignored.yaml'), '--format', 'json']).stdout) as JsonOutput;
    const f = out.findings.find((x) => x.ruleId === 'spec.refs.external')!;
    expect(f.status).toBe('suppressed');
    expect(f.statusReason).toMatch(/^schema is vendored at build time \(ignored\.yaml:14\)$/);
    // The suppressed finding no longer counts for --fail-on: only open ones do.
    const rank = ['critical', 'high', 'medium', 'low', 'info'];
    const openAtOrAboveMedium = out.findings.some((x) => x.status === 'open' && rank.indexOf(x.severity) <= 2);
    expect(gatehouse(['audit', path.join(dir, 'ignored.yaml'), '--fail-on', 'medium']).code).toBe(openAtOrAboveMedium ? 1 : 0);
    const openElsewhere = out.findings.filter((x) => x.status === 'open').map((x) => `${x.ruleId} ${x.locations[0]?.pointer}`);
    expect(openElsewhere).not.toContain(`spec.refs.external ${f.locations[0]!.pointer}`);
  });
});

describe('workspace through the CLI', () => {
  it('records runs, keeps triage across re-runs, never duplicates evidence, and verifies the log', () => {
    const ws = path.join(dir, 'audit.gatehouse');
    expect(gatehouse(['init', ws, '--name', 'ACME Q4', '--client', 'ACME', '--auditor', 'Dana']).code).toBe(0);
    expect(gatehouse(['init', ws]).code).toBe(2);
    const first = JSON.parse(gatehouse(['audit', path.join(dir, 'api.yaml'), '--workspace', ws, '--format', 'json']).stdout) as JsonOutput;
    const fp = first.findings.find((f) => f.ruleId === 'spec.refs.external')!.fingerprint;

    const t = gatehouse(['triage', fp.slice(0, 10), 'false-positive', '--reason', 'vendored schema', '--workspace', ws]);
    expect(t.stderr).toBe('');
    expect(t.code).toBe(0);
    const second = JSON.parse(gatehouse(['audit', path.join(dir, 'api.yaml'), '--workspace', ws, '--format', 'json']).stdout) as JsonOutput;
    const again = second.findings.find((f) => f.fingerprint === fp)!;
    expect(again.status).toBe('false-positive');
    expect(again.statusReason).toBe('vendored schema');

    const w = Workspace.open(ws, { create: false });
    try {
      expect(w.listEvidence()).toHaveLength(1);
      expect(w.listRuns()).toHaveLength(2);
    } finally {
      w.close();
    }
    expect(gatehouse(['log', 'verify', '--workspace', ws]).stdout).toMatch(/Audit log intact: \d+ entries/);

    // An attacker edits one log entry directly in the file: verification fails and names it.
    const db = new Database(ws);
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]) db.exec(`DROP TRIGGER ${name}`);
    db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run();
    db.close();
    const broken = gatehouse(['log', 'verify', ws]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/entry 2:/);
  });

  it('refuses triage of an unknown fingerprint and a missing workspace', () => {
    const ws = path.join(dir, 'audit.gatehouse');
    expect(gatehouse(['triage', 'ffffffff', 'open', '--workspace', ws]).stderr).toMatch(/no finding with fingerprint ffffffff/);
    const missing = gatehouse(['triage', 'abc', 'open', '--workspace', path.join(dir, 'nope.gatehouse')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
  });
});

describe('gatehouse rules', () => {
  it('lists the catalog as JSON with every rule self-described', () => {
    const r = gatehouse(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const { rules } = JSON.parse(r.stdout) as { rules: Record<string, unknown>[] };
    expect(rules.length).toBeGreaterThanOrEqual(3);
    for (const rule of rules)
      for (const key of ['id', 'title', 'severity', 'confidence', 'controls', 'equivalents', 'rationale', 'remediation']) expect(rule).toHaveProperty(key);
  });
});
