// The report commands as a user runs them: identity create, checklist, report, verify (and
// tampering that verify must catch), export.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentity } from '../../../../electron/node/pdf/identity.js';
import { removeDir } from '../node/pdf/signing-fixtures.js';
import { auditedWorkspace } from '../node/services/report-fixtures.js';
import { gatehouse, tempDir } from './run-cli.js';

const PASSPHRASE = 'a long enough passphrase';

let dir: string;
let ws: string;
let p12: string;
let cert: string;
let passFile: string;
let report: string;

beforeAll(() => {
  dir = tempDir();
  ws = path.join(dir, 'audit.gatehouse');
  auditedWorkspace(ws).ws.close();
  p12 = path.join(dir, 'alice.p12');
  cert = path.join(dir, 'alice-cert.pem');
  passFile = path.join(dir, 'pass.txt');
  writeFileSync(passFile, `${PASSPHRASE}\n`);
  report = path.join(dir, 'report.pdf');
}, 60_000);

afterAll(() => removeDir(dir));

describe('gatehouse identity', () => {
  it('creates an encrypted PKCS#12 and the certificate beside it, without echoing the passphrase', () => {
    const r = gatehouse(['identity', 'create', '--name', 'Alice Auditor', '--org', 'Gatehouse Audit GmbH', '--email', 'alice@example.org', '--out', p12, '--passphrase-file', passFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Subject:     CN=Alice Auditor, O=Gatehouse Audit GmbH, E=alice@example.org');
    expect(r.stdout).toContain(`Certificate: ${cert}`);
    expect(r.stdout + r.stderr).not.toContain(PASSPHRASE);
    expect(statSync(p12).mode & 0o077).toBe(0);
    expect(readFileSync(cert, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    // The private key is not in the file in the clear.
    expect(readFileSync(p12).includes(Buffer.from('PRIVATE KEY'))).toBe(false);
    const shown = gatehouse(['identity', 'show', p12, '--passphrase-file', passFile]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('CN=Alice Auditor');
  });

  it('refuses to overwrite, short passphrases and a missing passphrase without a terminal', () => {
    const again = gatehouse(['identity', 'create', '--name', 'X', '--email', 'x@example.org', '--out', p12, '--passphrase-file', passFile]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    const shortFile = path.join(dir, 'short.txt');
    writeFileSync(shortFile, 'short\n');
    const short = gatehouse(['identity', 'create', '--name', 'X', '--email', 'x@example.org', '--out', path.join(dir, 'x.p12'), '--passphrase-file', shortFile]);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 8 characters');
    const noTty = gatehouse(['identity', 'create', '--name', 'X', '--email', 'x@example.org', '--out', path.join(dir, 'y.p12')]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('--passphrase-file');
  });
});

describe('gatehouse checklist', () => {
  it('lists the items and records answers in the workspace', () => {
    const list = gatehouse(['checklist', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('chk.gdpr-5-1-e.log-retention  [GDPR-5(1)(e)]');
    const answer = gatehouse(['checklist', 'answer', 'chk.gdpr-5-1-e.log-retention', 'partial', '--note', '90 days for access logs, traces unknown', '--workspace', ws, '--actor', 'alice']);
    expect(answer.code).toBe(0);
    expect(answer.stdout).toContain('chk.gdpr-5-1-e.log-retention: partial');
    const listed = gatehouse(['checklist', 'list', '--workspace', ws]);
    expect(listed.stdout).toMatch(/chk\.gdpr-5-1-e\.log-retention {2}\[GDPR-5\(1\)\(e\)\] {2}partial: 90 days for access logs, traces unknown \(alice, /);
    expect(listed.stdout).toContain('3 of ');
    expect(gatehouse(['checklist', 'answer', 'chk.unknown', 'yes', '--workspace', ws]).code).toBe(2);
    expect(gatehouse(['checklist', 'answer', 'chk.gdpr-35.dpia', 'maybe', '--workspace', ws]).code).toBe(2);
  });
});

describe('gatehouse report and verify', () => {
  it('writes a signed report, records it, and verify says who signed it and when', () => {
    const r = gatehouse(['report', '--workspace', ws, '--out', report, '--sign', p12, '--passphrase-file', passFile, '--classification', 'Strictly confidential']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Wrote .*report\.pdf: \d+ findings from run #1/);
    expect(r.stdout).toContain('Signed:   CN=Alice Auditor');
    expect(r.stdout).not.toContain(PASSPHRASE);

    const v = gatehouse(['verify', report, '--trust', cert, '--workspace', ws]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('Signer:      Alice Auditor <alice@example.org>, Gatehouse Audit GmbH');
    expect(v.stdout).toMatch(/Signed at: {3}\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(v.stdout).toContain('Trust:       trusted (--trust)');
    expect(v.stdout).toContain('Evidence:    1 of 1 files unchanged in the workspace');
    expect(v.stdout).toContain('Verdict: VALID');

    const json = JSON.parse(gatehouse(['verify', report, '--json']).stdout) as { valid: boolean; signature: { signer: { subject: { CN: string } } } };
    expect(json.valid).toBe(true);
    expect(json.signature.signer.subject.CN).toBe('Alice Auditor');

    const log = gatehouse(['log', 'list', '--workspace', ws]);
    expect(log.stdout).toContain('report.record');
    expect(gatehouse(['log', 'verify', '--workspace', ws]).code).toBe(0);
  });

  it('refuses to replace a report unless --force', () => {
    const again = gatehouse(['report', '--workspace', ws, '--out', report]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });

  it('exits 1 after one flipped byte', () => {
    const bytes = readFileSync(report);
    bytes[20] = bytes[20]! ^ 0x01;
    const file = path.join(dir, 'flipped.pdf');
    writeFileSync(file, bytes);
    const v = gatehouse(['verify', file, '--trust', cert]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('Verdict: INVALID');
    expect(v.stdout).toContain('Digest mismatch');
  });

  it('exits 1 after an appended incremental update', () => {
    const file = path.join(dir, 'appended.pdf');
    writeFileSync(file, Buffer.concat([readFileSync(report), Buffer.from('\n1 0 obj\n<< /Tampered true >>\nendobj\ntrailer\n<< /Size 2 >>\n%%EOF\n', 'latin1')]));
    const v = gatehouse(['verify', file, '--trust', cert]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/bytes were added after signing/);
  });

  it('exits 1 when another certificate is swapped into the signature', () => {
    const mallory = createIdentity({ name: 'Mallory', org: 'Elsewhere', email: 'mallory@example.net', keyType: 'rsa-3072', passphrase: PASSPHRASE });
    const file = path.join(dir, 'swapped.pdf');
    writeFileSync(file, swapSignerCertificate(readFileSync(report), mallory.certPem));
    const v = gatehouse(['verify', file]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('Signer:      Mallory <mallory@example.net>');
    expect(v.stdout).toMatch(/does not verify/);
    // And a report that is intact but signed by someone not trusted.
    const wrongTrust = path.join(dir, 'mallory-cert.pem');
    writeFileSync(wrongTrust, mallory.certPem);
    const untrusted = gatehouse(['verify', report, '--trust', wrongTrust]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toContain('Trust:       NOT trusted');
  });

  it('with --workspace, exits 1 when the evidence changed after the report', () => {
    const copy = path.join(dir, 'copy.gatehouse');
    writeFileSync(copy, readFileSync(ws));
    const db = new Database(copy);
    const row = db.prepare<[], { id: number; raw: Buffer }>('SELECT id, raw FROM evidence ORDER BY id LIMIT 1').get()!;
    const edited = Buffer.from(row.raw);
    edited[0] = edited[0]! ^ 0x20;
    db.prepare('UPDATE evidence SET raw = ? WHERE id = ?').run(edited, row.id);
    db.close();
    const v = gatehouse(['verify', report, '--trust', cert, '--workspace', copy]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('Evidence:    0 of 1 files unchanged in the workspace');
    expect(v.stdout).toMatch(/Evidence clinic-api\.yaml changed/);
  });

  it('exits 1 for an unsigned report and 2 for a file that cannot be read', () => {
    const unsigned = path.join(dir, 'unsigned.pdf');
    expect(gatehouse(['report', '--workspace', ws, '--out', unsigned]).code).toBe(0);
    const v = gatehouse(['verify', unsigned, '--workspace', ws]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('none: the PDF is not signed');
    expect(gatehouse(['verify', path.join(dir, 'missing.pdf')]).code).toBe(2);
  });
});

describe('gatehouse export', () => {
  it('writes json, csv and sarif from the workspace', () => {
    const json = gatehouse(['export', '--workspace', ws, '--format', 'json']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { findings: { status: string }[] };
    expect(parsed.findings.some((f) => f.status === 'accepted-risk')).toBe(true);
    expect(gatehouse(['export', '--workspace', ws, '--format', 'csv']).stdout.split('\r\n')[0]).toMatch(/^fingerprint,severity/);
    const sarifFile = path.join(dir, 'out.sarif');
    expect(gatehouse(['export', '--workspace', ws, '--format', 'sarif', '--out', sarifFile]).code).toBe(0);
    expect(JSON.parse(readFileSync(sarifFile, 'utf8')).version).toBe('2.1.0');
    expect(gatehouse(['export', '--workspace', ws, '--format', 'pdf']).code).toBe(2);
  });

  it('writes one self-contained HTML file that loads nothing', () => {
    const out = path.join(dir, 'report.html');
    const r = gatehouse(['export', '--workspace', ws, '--format', 'html', '--out', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Executive summary');
    expect(html).toContain('clinic-api.yaml:139');
    expect(html).not.toMatch(/<script|<link\b|<img\b|<iframe|url\(|@import/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/\bcompliant\b/i);
    expect(gatehouse(['log', 'list', '--workspace', ws]).stdout).toContain('report.export');
  });
});

/** Replaces the signer certificate (and the SignerInfo's issuer and serial) in the report's CMS. */
function swapSignerCertificate(pdf: Buffer, certPem: string): Buffer {
  const ranges = [...pdf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = ranges.at(-1)!;
  const [start, end] = [Number(last[2]), Number(last[3])];
  const der = Buffer.from(pdf.subarray(start + 1, end - 1).toString('latin1'), 'hex');
  const fromDer = forge.asn1.fromDer as unknown as (bytes: string, options: object) => forge.asn1.Asn1;
  const cms = fromDer(der.toString('binary'), { parseAllBytes: false, decodeBitStrings: false });
  const kids = (n: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] => (n !== undefined && Array.isArray(n.value) ? n.value : []);
  const fields = kids(kids(kids(cms)[1])[0]);
  const certSet = fields.find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 0)!;
  const certAsn1 = forge.asn1.fromDer(forge.util.decode64(certPem.replace(/-----[^-]+-----|\s/g, '')));
  certSet.value = [certAsn1];
  const tbs = kids(kids(certAsn1)[0]);
  const sid = kids(kids(fields[fields.length - 1])[0])[1]!;
  sid.value = [tbs[3]!, tbs[1]!];
  const hex = Buffer.from(forge.asn1.toDer(cms).getBytes(), 'binary').toString('hex');
  const room = end - start - 2;
  return Buffer.concat([pdf.subarray(0, start + 1), Buffer.from(hex.padEnd(room, '0')), pdf.subarray(end - 1)]);
}
