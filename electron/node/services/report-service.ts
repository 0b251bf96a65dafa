/**
 * Issuing and verifying audit reports.
 *
 * generateReport: workspace → report content (shared/report) → PDF (pdfmake) with the JSON export
 * and an evidence manifest attached → optionally signed (adbe.pkcs7.detached over the whole
 * file) → written to disk → recorded in the workspace (hash, signer, run), which logs it in the
 * audit log.
 *
 * verifyReport: the signature (verifyPdf), the attachments, and with a workspace: that the report
 * came from it, is recorded in it, that its evidence still has the hashes the report printed,
 * and that the audit-log entry the report anchored is still there.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG_VERSION } from '../../../shared/controls/index.js';
import type { SummariesInventory } from '../../../shared/inventory/from-summaries.js';
import type { TrafficSummary } from '../../../shared/model/traffic.js';
import { runInventoryOf } from './stored-evidence.js';
import { buildReport } from '../../../shared/report/build-report.js';
import { toJson } from '../../../shared/report/exports/json.js';
import type { ReportContent, ReportSectionId } from '../../../shared/report/report-content.js';
import { parseReportManifest, REPORT_ATTACHMENTS, type ReportManifest } from '../../../shared/report/report-manifest.js';
import { readEmbeddedFiles } from '../pdf/attachments.js';
import forge from 'node-forge';
import { formatSubject, openPkcs12, readCertificateSubject, sha256Hex as sha256OfDer, type CertificateSubject } from '../pdf/identity.js';
import { endPdfDocument } from '../pdf/pdfmake.js';
import { renderReport } from '../pdf/render-report.js';
import { signPdfDocumentWithKey, type OpenedSigningKey } from '../pdf/sign.js';
import { verifyPdf, type PdfSignatureReport } from '../pdf/verify.js';
import type { ReportRecord, Workspace } from '../workspace/index.js';
import { TOOL } from './tool-info.js';
import { evidenceExcerpts, loadWorkspaceAudit, sha256Hex } from './workspace-audit.js';

export type ReportErrorCode = 'no-run' | 'exists' | 'log-broken' | 'certificate-expired';

export class ReportError extends Error {
  constructor(
    readonly code: ReportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}

export interface GenerateReportOptions {
  workspace: Workspace;
  outFile: string;
  /** PKCS#12 identity and its passphrase; without it the report is not signed. */
  sign?: { p12: Buffer; passphrase: string; reason?: string; location?: string };
  /** Overrides the workspace's classification label. */
  classification?: string;
  sections?: readonly ReportSectionId[];
  /** Replace an existing file at outFile (default: refuse). */
  overwrite?: boolean;
  /** Who issues the report, for the audit log; default the workspace's auditor. */
  actor?: string;
  /** YYYY-MM-DD that lapses expired risk acceptances; default today. */
  today?: string;
  /** Clock (tests). */
  now?: () => Date;
}

export interface GeneratedReport {
  file: string;
  sha256: string;
  size: number;
  reportId: string;
  /** Id of the report's record in the workspace. */
  recordId: number;
  runId: number;
  findings: number;
  signer: { fingerprint: string; subject: CertificateSubject } | null;
  content: ReportContent;
}

/** Evidence lines either side of a finding's line; fewer for very large audits. */
function excerptRadius(findings: number): number {
  return findings > 500 ? 1 : 2;
}

export async function generateReport(options: GenerateReportOptions): Promise<GeneratedReport> {
  const ws = options.workspace;
  const now = (options.now ?? (() => new Date()))();
  const file = path.resolve(options.outFile);
  if (!options.overwrite && existsSync(file)) throw new ReportError('exists', `${file} already exists (choose another name or allow overwriting)`);

  // Open the identity first: a wrong passphrase should fail before any work is done.
  const identity = options.sign ? openIdentity(options.sign.p12, options.sign.passphrase) : null;
  if (identity && identity.notAfter.getTime() < now.getTime()) {
    throw new ReportError('certificate-expired', `the signing certificate expired on ${identity.notAfter.toISOString().slice(0, 10)}`);
  }

  const log = ws.verifyLog();
  if (!log.ok) {
    const first = log.problems[0];
    throw new ReportError('log-broken', `the workspace audit log is broken${first ? ` (entry ${first.seq}: ${first.reason})` : ''}; run "gatehouse log verify"`);
  }
  const audit = loadWorkspaceAudit(ws, options.today === undefined ? {} : { today: options.today });
  if (audit.run === null) throw new ReportError('no-run', 'the workspace has no audit run yet: run "gatehouse audit <spec> --workspace <file>" first');
  const run = audit.run;
  const head = ws.listLog().at(-1);

  const { inventory, traffic } = runInventory(ws, run.evidenceIds);
  const reportId = randomUUID();
  const generatedAt = now.toISOString();
  const content = buildReport({
    reportId,
    generatedAt,
    tool: TOOL,
    catalogVersion: CATALOG_VERSION,
    workspace: { ...audit.meta, schemaVersion: audit.schemaVersion },
    run,
    findings: audit.findings,
    rules: audit.result.rules,
    evidence: audit.evidence,
    checklistAnswers: audit.answers,
    logHead: head ? { count: head.seq, hash: head.hash } : null,
    inventory,
    traffic,
    excerpt: evidenceExcerpts(ws, audit, excerptRadius(audit.findings.length)),
    options: {
      ...(options.classification !== undefined ? { classification: options.classification } : {}),
      ...(options.sections !== undefined ? { sections: options.sections } : {}),
    },
  });

  const findingsJson = Buffer.from(toJson(audit.result), 'utf8');
  const manifest: ReportManifest = {
    format: 'gatehouse-report-manifest/1',
    reportId,
    generatedAt,
    tool: { name: TOOL.name, version: TOOL.version },
    catalogVersion: CATALOG_VERSION,
    workspace: { id: audit.meta.id, name: audit.meta.name, schemaVersion: audit.schemaVersion },
    run: { id: run.id, startedAt: run.startedAt, endedAt: run.endedAt },
    logHead: head ? { count: head.seq, hash: head.hash } : null,
    classification: content.classification,
    findings: {
      total: audit.findings.length,
      open: audit.findings.filter((f) => f.status === 'open').length,
      attachment: REPORT_ATTACHMENTS.findings,
      sha256: sha256Hex(findingsJson),
    },
    evidence: content.evidence.map((e) => ({ id: e.id, name: e.name, size: e.size, sha256: e.sha256, importedAt: e.importedAt, inRun: e.inRun })),
  };

  const doc = await renderReport(content, {
    signer: identity && { name: identity.subject.CN, email: identity.subject.E, organization: identity.subject.O },
    now,
    attachments: [
      {
        name: REPORT_ATTACHMENTS.findings,
        data: findingsJson,
        mediaType: 'application/json',
        description: 'Findings and control coverage: the Gatehouse JSON export (gatehouse audit --format json)',
      },
      {
        name: REPORT_ATTACHMENTS.manifest,
        data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'),
        mediaType: 'application/json',
        description: 'Report manifest: report, workspace, run, audit-log head and evidence SHA-256 hashes',
      },
    ],
  });

  const bytes =
    identity && options.sign
      ? await signPdfDocumentWithKey(doc, {
          ...identity.key,
          reason: options.sign.reason ?? `Gatehouse audit report ${reportId}`,
          location: options.sign.location ?? (identity.subject.O || 'Gatehouse'),
          name: identity.subject.CN,
          contactInfo: identity.subject.E,
          signingTime: now,
          appName: 'Gatehouse', // written as a PDF name: no spaces
        })
      : await endPdfDocument(doc);

  writeAtomically(file, bytes, options.overwrite === true);
  const sha256 = sha256Hex(bytes);
  const recordId = ws.recordReport(
    {
      fileName: path.basename(file),
      sha256,
      signerFingerprint: identity?.fingerprint ?? null,
      signerSubject: identity ? formatSubject(identity.subject) : null,
      runId: run.id,
      createdAt: generatedAt,
    },
    options.actor,
  );
  return {
    file,
    sha256,
    size: bytes.length,
    reportId,
    recordId,
    runId: run.id,
    findings: audit.findings.length,
    signer: identity && { fingerprint: identity.fingerprint, subject: identity.subject },
    content,
  };
}

/**
 * The run's inventory and traffic summaries from the models the workspace stored for its
 * evidence: specs and gateways (`{spec}`, `{gateway}`) join into the inventory, traffic
 * (`{traffic: TrafficSummary}`) marks the endpoints it observed (stored-evidence.ts).
 */
function runInventory(ws: Workspace, evidenceIds: readonly number[]): { inventory: SummariesInventory; traffic: TrafficSummary[] } {
  const { inventory, traffic } = runInventoryOf(ws, evidenceIds);
  return { inventory, traffic: traffic.map((t) => t.summary) };
}

interface OpenedIdentity {
  key: OpenedSigningKey;
  subject: CertificateSubject;
  fingerprint: string;
  notAfter: Date;
}

/** Opens the PKCS#12 once (key derivation is slow in node-forge): for the cover, the record and the signature. */
function openIdentity(p12: Buffer, passphrase: string): OpenedIdentity {
  const key = openPkcs12(p12, passphrase);
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(key.certificate)).getBytes(), 'binary');
  return { key, subject: readCertificateSubject(der), fingerprint: sha256OfDer(der), notAfter: key.certificate.validity.notAfter };
}

function writeAtomically(file: string, bytes: Buffer, overwrite: boolean): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(temp, bytes, { flag: 'wx' });
  try {
    if (!overwrite && existsSync(file)) throw new ReportError('exists', `${file} already exists (choose another name or allow overwriting)`);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

// ---- verification -------------------------------------------------------------------------------

export interface EvidenceCheck {
  id: number;
  name: string;
  /** The hash the report printed. */
  sha256: string;
  status: 'match' | 'changed' | 'missing';
  /** The workspace's hash of the stored bytes, when it differs. */
  actual?: string;
}

export interface WorkspaceCheck {
  ok: boolean;
  workspaceId: string;
  sameWorkspace: boolean;
  /** The workspace's record of issuing exactly these bytes. */
  recorded: ReportRecord | null;
  evidence: EvidenceCheck[];
  logAnchorFound: boolean | null;
  problems: string[];
}

export interface ReportVerification {
  /** The signature is valid (and trusted when trust anchors were given), and every check passed. */
  valid: boolean;
  signature: PdfSignatureReport;
  sha256: string;
  attachments: string[];
  manifest: ReportManifest | null;
  workspace: WorkspaceCheck | null;
  /** Every problem found: signature first, then attachments, then workspace. */
  problems: string[];
  /** Things worth saying that are not failures. */
  notes: string[];
}

export function verifyReport(bytes: Buffer, options: { workspace?: Workspace; trustedCertsPem?: string[]; now?: Date } = {}): ReportVerification {
  const signature = verifyPdf(bytes, {
    ...(options.trustedCertsPem !== undefined ? { trustedCertsPem: options.trustedCertsPem } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  const problems = [...signature.problems];
  const notes: string[] = [];
  const sha256 = sha256Hex(bytes);

  let attachments: { name: string; data: Buffer }[] = [];
  try {
    attachments = readEmbeddedFiles(bytes);
  } catch (error) {
    problems.push(`The attachments cannot be read: ${(error as Error).message}`);
  }
  let manifest: ReportManifest | null = null;
  const manifestFile = attachments.find((a) => a.name === REPORT_ATTACHMENTS.manifest);
  if (manifestFile === undefined) {
    (options.workspace ? problems : notes).push(`The PDF has no ${REPORT_ATTACHMENTS.manifest} attachment: it is not a Gatehouse report.`);
  } else {
    const parsed = parseReportManifest(manifestFile.data.toString('utf8'));
    if (parsed.ok) manifest = parsed.manifest;
    else problems.push(`The report manifest cannot be read: ${parsed.error}`);
  }
  if (manifest !== null) {
    const findingsFile = attachments.find((a) => a.name === manifest.findings.attachment);
    if (findingsFile === undefined) problems.push(`The findings attachment ${manifest.findings.attachment} is missing.`);
    else if (sha256Hex(findingsFile.data) !== manifest.findings.sha256) problems.push(`The findings attachment ${manifest.findings.attachment} does not match the hash in the manifest.`);
  }

  let workspace: WorkspaceCheck | null = null;
  if (options.workspace && manifest !== null) {
    workspace = checkAgainstWorkspace(options.workspace, manifest, sha256);
    problems.push(...workspace.problems);
  }
  if (!signature.signed) notes.push('An unsigned report proves nothing about who issued it or whether it changed.');
  return {
    valid: signature.valid && problems.length === 0,
    signature,
    sha256,
    attachments: attachments.map((a) => a.name),
    manifest,
    workspace,
    problems,
    notes,
  };
}

function checkAgainstWorkspace(ws: Workspace, manifest: ReportManifest, sha256: string): WorkspaceCheck {
  const problems: string[] = [];
  const meta = ws.getMeta();
  const sameWorkspace = meta.id === manifest.workspace.id;
  if (!sameWorkspace) problems.push(`The report was generated from workspace ${manifest.workspace.id}, not from this one (${meta.id}).`);

  const recorded = ws.listReports().find((r) => r.sha256 === sha256) ?? null;
  if (recorded === null) problems.push(`The workspace has no record of issuing this report (SHA-256 ${sha256}).`);

  if (manifest.run !== null && !ws.listRuns().some((r) => r.id === manifest.run!.id)) {
    problems.push(`Run ${manifest.run.id}, which the report describes, is not in the workspace.`);
  }

  const stored = new Map(ws.listEvidence().map((e) => [e.id, e]));
  const bySha = new Map([...stored.values()].map((e) => [e.sha256, e]));
  const evidence: EvidenceCheck[] = manifest.evidence.map((entry) => {
    const record = stored.get(entry.id) ?? bySha.get(entry.sha256);
    if (record === undefined) {
      problems.push(`Evidence ${entry.name} (${entry.sha256}) is no longer in the workspace.`);
      return { id: entry.id, name: entry.name, sha256: entry.sha256, status: 'missing' };
    }
    const actual = sha256Hex(ws.getEvidenceBytes(record.id));
    if (actual !== entry.sha256 || record.sha256 !== entry.sha256) {
      problems.push(`Evidence ${entry.name} changed: the report lists SHA-256 ${entry.sha256}, the workspace now holds ${actual}.`);
      return { id: entry.id, name: entry.name, sha256: entry.sha256, status: 'changed', actual };
    }
    return { id: entry.id, name: entry.name, sha256: entry.sha256, status: 'match' };
  });

  let logAnchorFound: boolean | null = null;
  if (manifest.logHead !== null) {
    const entry = ws.listLog().find((e) => e.seq === manifest.logHead!.count);
    logAnchorFound = entry?.hash === manifest.logHead.hash;
    if (!logAnchorFound) {
      problems.push(`The audit-log entry ${manifest.logHead.count} the report anchored (${manifest.logHead.hash}) is ${entry ? 'different' : 'missing'} in the workspace.`);
    }
  }
  const chain = ws.verifyLog();
  if (!chain.ok) problems.push(`The workspace audit log is broken: ${chain.problems.map((p) => `entry ${p.seq}: ${p.reason}`).join('; ')}.`);
  return { ok: problems.length === 0, workspaceId: meta.id, sameWorkspace, recorded, evidence, logAnchorFound, problems };
}
