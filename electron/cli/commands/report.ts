import { readFileSync } from 'node:fs';
import { REPORT_SECTIONS, type ReportSectionId } from '../../../shared/report/report-content.js';
import { parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { openWorkspace } from '../open-workspace.js';
import { obtainPassphrase } from '../passphrase.js';

export const reportUsage = `Usage: gatehouse report --workspace FILE --out REPORT.pdf [--sign ID.p12 [--passphrase-file F]]
                        [--classification LABEL] [--sections LIST] [--reason TEXT] [--location TEXT]
                        [--force] [--actor NAME]

Writes the audit report of the workspace's latest run as a PDF: cover, executive summary with
charts, OWASP API 2023 (and LLM 2025) matrices, GDPR evidence per article, the manual checklist,
every finding with evidence excerpts, suppressed and accepted findings, the evidence manifest and
appendices. The JSON export and an evidence manifest are attached inside the PDF.

  --sign ID.p12        sign it (PKCS#12 from "gatehouse identity create" or your organisation);
                       the passphrase comes from --passphrase-file or a hidden prompt
  --classification L   label printed on every page (default: the workspace's, e.g. confidential)
  --sections LIST      comma-separated subset of: ${REPORT_SECTIONS.join(', ')}
  --force              replace an existing REPORT.pdf
The report is recorded in the workspace (hash, signer, run) and in its audit log.`;

export async function runReport(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      workspace: { type: 'string', short: 'w' },
      out: { type: 'string', short: 'o' },
      sign: { type: 'string' },
      'passphrase-file': { type: 'string' },
      classification: { type: 'string' },
      sections: { type: 'string' },
      reason: { type: 'string' },
      location: { type: 'string' },
      force: { type: 'boolean' },
      actor: { type: 'string' },
    },
    reportUsage,
  );
  if (values.help) {
    process.stdout.write(reportUsage + '\n');
    return 0;
  }
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"\n\n${reportUsage}`);
  if (!values.out) throw new CliError(`--out REPORT.pdf is required\n\n${reportUsage}`);
  if (values['passphrase-file'] && !values.sign) throw new CliError('--passphrase-file is only used with --sign');
  const sections = values.sections === undefined ? undefined : parseSections(values.sections);

  let sign: { p12: Buffer; passphrase: string; reason?: string; location?: string } | undefined;
  if (values.sign) {
    let p12: Buffer;
    try {
      p12 = readFileSync(values.sign);
    } catch {
      throw new CliError(`cannot read signing identity ${values.sign}`);
    }
    const passphrase = await obtainPassphrase({ file: values['passphrase-file'], what: values.sign });
    sign = { p12, passphrase, ...(values.reason ? { reason: values.reason } : {}), ...(values.location ? { location: values.location } : {}) };
  }

  // Loaded here, not at startup: signing and PDF rendering are heavy and only this command needs them.
  const { formatSubject, IdentityError } = await import('../../node/pdf/identity.js');
  const { generateReport, ReportError } = await import('../../node/services/report-service.js');
  const ws = openWorkspace(values.workspace, { create: false });
  try {
    const report = await generateReport({
      workspace: ws,
      outFile: values.out,
      ...(sign ? { sign } : {}),
      ...(values.classification !== undefined ? { classification: values.classification } : {}),
      ...(sections ? { sections } : {}),
      overwrite: values.force === true,
      ...(values.actor ? { actor: values.actor } : {}),
    });
    const lines = [
      `Wrote ${values.out}: ${report.findings} ${report.findings === 1 ? 'finding' : 'findings'} from run #${report.runId}, ${(report.size / 1024).toFixed(0)} KB`,
      `  SHA-256:  ${report.sha256}`,
      report.signer
        ? `  Signed:   ${formatSubject(report.signer.subject)} (certificate SHA-256 ${report.signer.fingerprint})`
        : '  Signed:   no (use --sign ID.p12 to sign it)',
      `  Recorded: report #${report.recordId} in ${values.workspace} (and its audit log)`,
      `  Verify:   gatehouse verify ${values.out}${report.signer ? ' --trust SIGNER-cert.pem' : ''} --workspace ${values.workspace}`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    return 0;
  } catch (e) {
    if (e instanceof ReportError || e instanceof IdentityError) throw new CliError(e.message);
    throw e;
  } finally {
    ws.close();
  }
}

function parseSections(list: string): ReportSectionId[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(REPORT_SECTIONS as readonly string[]).includes(name)) throw new CliError(`unknown section "${name}"; sections are: ${REPORT_SECTIONS.join(', ')}`);
  }
  if (names.length === 0) throw new CliError('--sections needs at least one section');
  return names as ReportSectionId[];
}
