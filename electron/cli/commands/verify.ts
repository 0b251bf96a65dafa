import { readFileSync } from 'node:fs';
import { formatDateTime } from '../../../shared/report/build-report.js';
import type { ReportVerification } from '../../node/services/report-service.js';
import type { Workspace } from '../../node/workspace/index.js';
import { parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { openWorkspace } from '../open-workspace.js';

export const verifyUsage = `Usage: gatehouse verify REPORT.pdf [--trust CERT.pem]... [--workspace FILE] [--json]

Checks a signed report: the signature covers the whole file, the digest matches, the signature
over the signed attributes is valid, and the signer's certificate was valid at signing time.
  --trust CERT.pem   trust this certificate (the signer's own, or the CA that issued it); the
                     signer must then be, or chain up to, one of them
  --workspace FILE   also check the report against the workspace it came from: recorded there,
                     evidence hashes unchanged, audit-log entry it anchored still present
  --json             print the full result as JSON
Prints signer, signing time and verdict. Exit codes: 0 valid; 1 any check failed; 2 usage error
or unreadable file.`;

export async function runVerify(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      workspace: { type: 'string', short: 'w' },
      trust: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
    verifyUsage,
  );
  if (values.help) {
    process.stdout.write(verifyUsage + '\n');
    return 0;
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new CliError(`name one PDF to verify\n\n${verifyUsage}`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new CliError(`cannot read ${file}`);
  }
  const trusted = (values.trust ?? []).flatMap((pemFile) => readCertificates(pemFile));

  const { verifyReport } = await import('../../node/services/report-service.js');
  let ws: Workspace | undefined;
  try {
    if (values.workspace) ws = openWorkspace(values.workspace, { create: false });
    const result = verifyReport(bytes, { ...(ws ? { workspace: ws } : {}), ...(trusted.length > 0 ? { trustedCertsPem: trusted } : {}) });
    if (values.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else process.stdout.write(describe(file, result, trusted.length > 0));
    return result.valid ? 0 : 1;
  } finally {
    ws?.close();
  }
}

/** Every PEM certificate in a file. */
function readCertificates(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`cannot read certificate file ${file}`);
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new CliError(`${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return blocks.map((block) => `${block}\n`);
}

function describe(file: string, r: ReportVerification, withTrust: boolean): string {
  const s = r.signature;
  const out: string[] = [file];
  const row = (label: string, value: string) => out.push(`  ${label.padEnd(13)}${value}`);
  if (s.signer) {
    const subject = s.signer.subject;
    row('Signer:', `${subject.CN || '(no name)'}${subject.E ? ` <${subject.E}>` : ''}${subject.O ? `, ${subject.O}` : ''}`);
    row('Certificate:', `SHA-256 ${s.signer.fingerprint}`);
  } else {
    row('Signer:', s.signed ? 'unknown (no signer certificate)' : 'none: the PDF is not signed');
  }
  if (s.signingTime) row('Signed at:', formatDateTime(s.signingTime));
  if (s.reason) row('Reason:', s.reason);
  if (s.location) row('Location:', s.location);
  if (s.signed) {
    row('Signature:', s.coversWholeFile && s.digestMatches && s.signatureValid ? 'intact: covers the whole file, digest and signature verify' : 'BROKEN');
    row('Validity:', s.certValidAtSigning ? 'the certificate was valid at signing time' : 'the certificate was NOT valid at signing time');
    row('Trust:', s.trusted === null ? 'not checked: give --trust SIGNER-cert.pem to check who signed' : s.trusted ? 'trusted (--trust)' : 'NOT trusted');
  }
  if (r.manifest) {
    const m = r.manifest;
    row('Report:', `${m.reportId}, ${formatDateTime(m.generatedAt)}, ${m.findings.total} findings (${m.findings.open} open), run #${m.run?.id ?? '-'}`);
    row('Workspace:', `${m.workspace.name} (${m.workspace.id})`);
  }
  if (r.attachments.length > 0) row('Attachments:', r.attachments.join(', '));
  if (r.workspace) {
    const w = r.workspace;
    const matching = w.evidence.filter((e) => e.status === 'match').length;
    row('Evidence:', `${matching} of ${w.evidence.length} files unchanged in the workspace`);
    row('Recorded:', w.recorded ? `report #${w.recorded.id} of ${formatDateTime(w.recorded.createdAt)}` : 'NOT recorded in this workspace');
    if (w.logAnchorFound !== null) row('Audit log:', w.logAnchorFound ? 'the entry the report anchored is unchanged' : 'the entry the report anchored is MISSING or changed');
  }
  out.push(`Verdict: ${r.valid ? 'VALID' : 'INVALID'}${r.valid && !withTrust && s.signed ? ' (integrity only; signer not checked against a trusted certificate)' : ''}`);
  for (const problem of r.problems) out.push(`  - ${problem}`);
  for (const note of r.notes) out.push(`  note: ${note}`);
  return out.join('\n') + '\n';
}
