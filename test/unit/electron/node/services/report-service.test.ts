// Generates reports from real workspaces and reads them back with poppler and qpdf: the text
// (pdftotext), the signature (pdfsig, with and without an NSS database that trusts the signer),
// the structure (qpdf --check), the attachments (pdfdetach, qpdf) and rendered pages (pdftoppm).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentity, type CreatedIdentity } from '../../../../../electron/node/pdf/identity.js';
import { auditInputsAsync } from '../../../../../electron/node/services/audit-service.js';
import { generateReport, ReportError, verifyReport, type GeneratedReport } from '../../../../../electron/node/services/report-service.js';
import { Workspace } from '../../../../../electron/node/workspace/index.js';
import { nssDbTrusting, pdfsig, removeDir, runTool, tempDir } from '../pdf/signing-fixtures.js';
import { auditedWorkspace, syntheticWorkspace, type AuditedWorkspace } from './report-fixtures.js';

const PASSPHRASE = 'report passphrase 1234';

let dir: string;
let alice: CreatedIdentity;
let audited: AuditedWorkspace;
let report: GeneratedReport;
let pdf: Buffer;
let text: string;
/** The text with line breaks and runs of spaces made single spaces (pdftotext wraps as the PDF does). */
let flat: string;
let pages: string[];

beforeAll(async () => {
  dir = tempDir();
  alice = createIdentity({ name: 'Alice Auditor', org: 'Gatehouse Audit GmbH', email: 'alice@example.org', keyType: 'rsa-3072', passphrase: PASSPHRASE });
  audited = auditedWorkspace(path.join(dir, 'audit.gatehouse'));
  report = await generateReport({
    workspace: audited.ws,
    outFile: path.join(dir, 'report.pdf'),
    sign: { p12: alice.p12, passphrase: PASSPHRASE },
    classification: 'Confidential',
    actor: 'alice',
  });
  pdf = readFileSync(report.file);
  text = runTool('pdftotext', [report.file, '-']).output;
  pages = text.split('\f');
  flat = text.replace(/\s+/g, ' ');
}, 120_000);

afterAll(() => {
  audited?.ws.close();
  removeDir(dir);
});

describe('the report PDF', () => {
  it('has every section, a table of contents, and page X of Y with the classification on every page', () => {
    for (const heading of [
      'API Security Audit Report',
      'Contents',
      'Executive summary',
      'OWASP API Security Top 10 (2023)',
      'GDPR: evidence per article',
      'Limits of automated evidence',
      'Manual checklist',
      'Findings',
      'Suppressed, false-positive and accepted findings',
      'Evidence manifest',
      'Appendix A: Methodology',
      'Appendix B: Rule catalog',
    ]) {
      expect(text).toContain(heading);
    }
    const count = Number(/Pages:\s+(\d+)/.exec(runTool('pdfinfo', [report.file]).output)?.[1]);
    expect(count).toBeGreaterThan(10);
    const footers = [...text.matchAll(/Page (\d+) of (\d+)/g)];
    expect(footers.map((m) => Number(m[1]))).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(footers.every((m) => Number(m[2]) === count)).toBe(true);
    for (const page of pages.slice(0, count)) expect(page).toContain('CONFIDENTIAL');
    // The contents list the sections with their page numbers.
    expect(pages[1]).toMatch(/Executive summary\s*\n?\s*3/);
  });

  it('states the counts by severity and status and the posture', () => {
    const findings = audited.ws.listFindings();
    const open = findings.filter((f) => f.status === 'open').length;
    expect(report.findings).toBe(findings.length);
    expect(flat).toContain(`reports ${findings.length} findings: ${open} open, 1 accepted as risk, 1 marked false positive and 0 suppressed in the evidence`);
    expect(flat).toMatch(/Significant weaknesses: no critical findings, but \d+ high-severity findings are open\./);
    expect(text).toContain('Findings by severity and status');
    expect(text).toContain('Open findings per OWASP category');
  });

  it('shows a finding with its file:line and an excerpt of the evidence with line numbers', () => {
    const layout = runTool('pdftotext', ['-layout', report.file, '-']).output;
    expect(layout).toMatch(/Location: clinic-api\.yaml:139/);
    expect(layout).toMatch(/clinic-api\.yaml:139\s*\n\s*137\s+scheme: bearer\s*\n\s*138\s+bearerFormat: JWT\s*\n\s*139\s+apiKeyQuery:/);
    // The accepted risk is in its own section, with reason and expiry.
    expect(flat).toContain('Accepted risk until 2099-12-31: Partner integration only, key rotated monthly');
    expect(text).toContain('False positive:');
  });

  it('marks GDPR articles supports, contradicts or insufficient evidence, and never says compliant', () => {
    expect(text).not.toMatch(/\bcompliant\b/i);
    expect(text).toContain('contradicts');
    expect(text).toContain('supports');
    expect(text).toContain('insufficient');
    expect(flat).toContain('Manual check "Data protection impact assessment" answered no: No DPIA for the AI assistant yet');
    expect(flat).toContain('Manual check "Breach detection and notification" answered yes: Runbook IR-7 tested in February');
  });

  it('lists the evidence with its SHA-256 hash', () => {
    const [evidence] = audited.ws.listEvidence();
    expect(text).toContain(evidence!.sha256.slice(0, 32));
    expect(text).toContain(evidence!.sha256.slice(32));
    expect(text).toContain('clinic-api.yaml');
  });

  it('embeds Roboto and carries title, author and subject', () => {
    const fonts = runTool('pdffonts', [report.file]).output.split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/Roboto.*\byes\s+yes\s+yes\b/);
    const info = runTool('pdfinfo', [report.file]).output;
    expect(info).toMatch(/Title:\s+Northwind Clinic API audit: audit report/);
    expect(info).toMatch(/Author:\s+Alice Auditor/);
    expect(info).toMatch(/Subject:\s+API security audit for Northwind Clinic/);
  });

  it('passes qpdf --check', () => {
    const check = runTool('qpdf', ['--check', report.file]);
    expect(check.output).toContain('No syntax or stream encoding errors found');
    expect(check.status).toBe(0);
  });

  it('is signed: "Signature is Valid.", and trusted once the certificate is in an NSS database', () => {
    const plain = pdfsig(report.file);
    expect(plain).toContain('Signature is Valid.');
    expect(plain).toContain('Total document signed');
    expect(plain).toContain('Signer Certificate Common Name: Alice Auditor');
    const trusted = pdfsig(report.file, nssDbTrusting(dir, alice.certPem));
    expect(trusted).toContain('Signature is Valid.');
    expect(trusted).toContain('Certificate is Trusted.');
  });

  it('carries the JSON export as an attachment that pdfdetach and qpdf extract', () => {
    expect(runTool('pdfdetach', ['-list', report.file]).output).toMatch(/2 embedded files\s+1: gatehouse-findings\.json\s+2: gatehouse-manifest\.json/);
    const out = path.join(dir, 'findings.json');
    expect(runTool('pdfdetach', ['-save', '1', '-o', out, report.file]).status).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { tool: { name: string }; findings: { fingerprint: string; status: string }[]; coverage: unknown[] };
    expect(json.tool.name).toBe('gatehouse');
    expect(json.findings).toHaveLength(report.findings);
    expect(json.findings.find((f) => f.fingerprint === audited.accepted)?.status).toBe('accepted-risk');
    expect(json.coverage.length).toBeGreaterThan(30);
    const viaQpdf = runTool('qpdf', ['--show-attachment=gatehouse-manifest.json', report.file]);
    expect(viaQpdf.status).toBe(0);
    expect(JSON.parse(viaQpdf.output)).toMatchObject({ format: 'gatehouse-report-manifest/1', reportId: report.reportId, run: { id: report.runId } });
  });

  it('renders with pdftoppm: the cover and a findings page', () => {
    const findingsPage = pages.findIndex((page) => page.includes('F-0001')) + 1;
    expect(findingsPage).toBeGreaterThan(3);
    for (const page of [1, findingsPage]) {
      const prefix = path.join(dir, `page-${page}`);
      const run = runTool('pdftoppm', ['-r', '50', '-png', '-f', String(page), '-l', String(page), '-singlefile', report.file, prefix]);
      expect(run.status).toBe(0);
      const png = readFileSync(`${prefix}.png`);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(statSync(`${prefix}.png`).size).toBeGreaterThan(5_000);
    }
  });
});

describe('recording and verifying', () => {
  it('records the report in the workspace and its audit log', () => {
    const [record] = audited.ws.listReports();
    expect(record).toMatchObject({
      id: report.recordId,
      fileName: 'report.pdf',
      sha256: report.sha256,
      signerFingerprint: alice.fingerprint,
      signerSubject: 'CN=Alice Auditor, O=Gatehouse Audit GmbH, E=alice@example.org',
      runId: report.runId,
    });
    expect(audited.ws.listLog().at(-1)).toMatchObject({ action: 'report.record', actor: 'alice', details: { sha256: report.sha256, runId: report.runId } });
    expect(audited.ws.verifyLog().ok).toBe(true);
  });

  it('verifies against the signer and the workspace', () => {
    const result = verifyReport(pdf, { workspace: audited.ws, trustedCertsPem: [alice.certPem] });
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ valid: true, attachments: ['gatehouse-findings.json', 'gatehouse-manifest.json'] });
    expect(result.signature).toMatchObject({ valid: true, trusted: true, signer: { fingerprint: alice.fingerprint } });
    expect(result.workspace).toMatchObject({ ok: true, sameWorkspace: true, recorded: { id: report.recordId }, logAnchorFound: true });
    expect(result.workspace?.evidence.every((e) => e.status === 'match')).toBe(true);
  });

  it('flags a report whose evidence no longer matches the workspace', async () => {
    const file = path.join(dir, 'changed.gatehouse');
    const copy = auditedWorkspace(file);
    const issued = await generateReport({ workspace: copy.ws, outFile: path.join(dir, 'changed.pdf') });
    copy.ws.close();
    // Someone edits the stored evidence behind Gatehouse's back (same size, one byte different).
    const raw = new Database(file);
    const row = raw.prepare<[], { id: number; raw: Buffer }>('SELECT id, raw FROM evidence ORDER BY id LIMIT 1').get()!;
    const edited = Buffer.from(row.raw);
    edited[10] = edited[10]! ^ 0x20;
    raw.prepare('UPDATE evidence SET raw = ? WHERE id = ?').run(edited, row.id);
    raw.close();
    const ws = Workspace.open(file, { create: false });
    try {
      const result = verifyReport(readFileSync(issued.file), { workspace: ws });
      expect(result.valid).toBe(false);
      expect(result.workspace?.evidence[0]).toMatchObject({ status: 'changed', name: 'clinic-api.yaml' });
      expect(result.problems.join(' ')).toMatch(/Evidence clinic-api\.yaml changed/);
      // Unsigned: says so as well.
      expect(result.problems.join(' ')).toMatch(/not signed/);
    } finally {
      ws.close();
    }
  });

  it('flags a report checked against another workspace', async () => {
    const other = auditedWorkspace(path.join(dir, 'other.gatehouse'));
    try {
      const result = verifyReport(pdf, { workspace: other.ws, trustedCertsPem: [alice.certPem] });
      expect(result.valid).toBe(false);
      expect(result.problems.join(' ')).toMatch(/generated from workspace .* not from this one/);
      expect(result.problems.join(' ')).toMatch(/no record of issuing this report/);
    } finally {
      other.ws.close();
    }
  });

  it('refuses to overwrite, to sign with a wrong passphrase, and to report without a run', async () => {
    await expect(generateReport({ workspace: audited.ws, outFile: report.file })).rejects.toThrow(/already exists/);
    await expect(
      generateReport({ workspace: audited.ws, outFile: path.join(dir, 'x.pdf'), sign: { p12: alice.p12, passphrase: 'wrong passphrase' } }),
    ).rejects.toThrow(/wrong passphrase/);
    const empty = Workspace.open(path.join(dir, 'empty.gatehouse'), { create: true });
    try {
      const failure = generateReport({ workspace: empty, outFile: path.join(dir, 'empty.pdf') });
      await expect(failure).rejects.toBeInstanceOf(ReportError);
      await expect(failure).rejects.toThrow(/no audit run yet/);
    } finally {
      empty.close();
    }
    expect(audited.ws.listReports()).toHaveLength(1);
  });
});

describe('a run with a gateway config and traffic', () => {
  it('adds the inventory and traffic sections, in the contents, and leaves them out of a spec-only run', async () => {
    const fixtures = path.resolve(import.meta.dirname, '../../../../fixtures');
    const evidence = tempDir();
    writeFileSync(
      path.join(evidence, 'site.yaml'),
      'openapi: 3.0.3\ninfo: {title: Site, version: "1"}\nservers: [{url: "http://semicomplete.com"}]\npaths:\n' +
        '  /presentations/{deck}/images/{image}:\n    get:\n      responses: {"200": {description: ok}}\n',
    );
    writeFileSync(path.join(evidence, 'kong.yaml'), readFileSync(path.join(fixtures, 'gateways/kong/kong.yaml')));
    writeFileSync(path.join(evidence, 'access.log'), readFileSync(path.join(fixtures, 'logs/apache_logs')));
    const ws = Workspace.open(path.join(dir, 'traffic.gatehouse'), { create: true });
    try {
      ws.init({ name: 'Traffic audit', client: 'Semicomplete', auditor: 'Alice Auditor' });
      const outcome = await auditInputsAsync([evidence], { workspace: ws, actor: 'alice', traffic: { pseudonymizeKey: Buffer.alloc(32, 7) } });
      expect(outcome.audited.map((a) => a.kind).sort()).toEqual(['gateway', 'spec', 'traffic']);
      const generated = await generateReport({ workspace: ws, outFile: path.join(dir, 'traffic.pdf') });
      expect(generated.content.inventory?.rows.find((r) => r.endpoint === 'GET /presentations/{deck}/images/{image}')?.observed).toBeGreaterThan(100);
      expect(generated.content.traffic?.[0]).toMatchObject({ file: 'access.log', requests: 9999 });

      const out = runTool('pdftotext', [generated.file, '-']).output;
      const outPages = out.split('\f');
      const contents = outPages[1]!;
      expect(contents).toMatch(/\bInventory\b/);
      expect(contents).toMatch(/\bTraffic\b/);
      const inventoryPage = outPages.findIndex((p, i) => i > 1 && /^\s*Inventory\s*$/m.test(p));
      const trafficPage = outPages.findIndex((p, i) => i > 1 && /^\s*Traffic\s*$/m.test(p));
      expect(inventoryPage).toBeGreaterThan(1);
      expect(trafficPage).toBeGreaterThan(inventoryPage);
      const flatOut = out.replace(/\s+/g, ' ');
      expect(flatOut).toContain('GET /presentations/{deck}/images/{image}');
      expect(flatOut).toMatch(/GET \/r3/);
      expect(flatOut).toContain('access.log');
      expect(flatOut).toContain('9999 requests');
      expect(flatOut).toContain('Top callers');
      expect(flatOut).toContain('Traffic detections');
    } finally {
      ws.close();
    }
    // The spec-only sample run has neither section.
    expect(report.content.inventory).toBeNull();
    expect(report.content.traffic).toBeNull();
    expect(text).not.toMatch(/^\s*Traffic detections\s*$/m);
  }, 120_000);
});

describe('a large audit', () => {
  it('renders 5,000 findings', async () => {
    const ws = syntheticWorkspace(path.join(dir, 'large.gatehouse'), 5_000);
    try {
      const started = Date.now();
      const large = await generateReport({ workspace: ws, outFile: path.join(dir, 'large.pdf'), sections: ['summary', 'findings', 'not-open', 'evidence'] });
      const seconds = (Date.now() - started) / 1000;
      expect(large.findings).toBe(5_000);
      expect(seconds).toBeLessThan(90);
      const info = runTool('pdfinfo', [large.file]).output;
      const count = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
      expect(count).toBeGreaterThan(300);
      const last = runTool('pdftotext', ['-f', String(count - 3), '-l', String(count), large.file, '-']).output;
      expect(last).toContain(`Page ${count} of ${count}`);
      const textFile = path.join(dir, 'large.txt');
      expect(runTool('pdftotext', [large.file, textFile]).status).toBe(0);
      const all = readFileSync(textFile, 'utf8');
      expect(all).toContain('F-0001');
      expect(all).toContain('F-5000');
      expect(all).toContain('Suppressed in the evidence (500)');
      expect(runTool('qpdf', ['--check', large.file]).status).toBe(0);
    } finally {
      ws.close();
    }
  }, 180_000);
});
