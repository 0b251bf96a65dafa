import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportWorkspace, WORKSPACE_EXPORT_FORMATS } from '../../node/services/export-service.js';
import { oneOf, parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { withWorkspace } from '../open-workspace.js';

export const exportUsage = `Usage: gatehouse export --workspace FILE --format json|csv|sarif|junit|html [--out FILE]
                        [--classification LABEL]

Exports the workspace's latest run with today's triage applied. json, csv, sarif and junit are
the formats of "gatehouse audit --format"; html is the whole report as one self-contained page
(inline styles and charts, no scripts, nothing loaded from anywhere) that opens offline.
Without --out the export goes to stdout. Every export is noted in the workspace audit log.`;

export function runExport(argv: string[]): number {
  const { values, positionals } = parse(
    argv,
    {
      workspace: { type: 'string', short: 'w' },
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
      classification: { type: 'string' },
      actor: { type: 'string' },
    },
    exportUsage,
  );
  if (values.help) {
    process.stdout.write(exportUsage + '\n');
    return 0;
  }
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"\n\n${exportUsage}`);
  if (!values.format) throw new CliError(`--format is required\n\n${exportUsage}`);
  const format = oneOf(values.format, WORKSPACE_EXPORT_FORMATS, '--format', 'json');
  const result = withWorkspace(values.workspace, { create: false }, (ws) =>
    exportWorkspace({
      workspace: ws,
      format,
      ...(values.out ? { fileName: path.basename(values.out) } : {}),
      ...(values.classification !== undefined ? { classification: values.classification } : {}),
      ...(values.actor ? { actor: values.actor } : {}),
    }),
  );
  if (values.out) {
    writeFileSync(values.out, result.text);
    process.stderr.write(`Wrote ${values.out} (${format}, ${result.findings} findings${result.runId !== null ? ` from run #${result.runId}` : ''})\n`);
  } else {
    process.stdout.write(result.text);
  }
  return 0;
}
