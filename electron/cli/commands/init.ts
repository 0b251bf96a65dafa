import { existsSync } from 'node:fs';
import { isoDate, parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { withWorkspace } from '../open-workspace.js';

export const initUsage = `Usage: gatehouse init <workspace-file> [--name N] [--client C] [--auditor A] [--scope S]
                      [--period-start YYYY-MM-DD] [--period-end YYYY-MM-DD] [--classification L]

Creates a workspace: one SQLite file that holds the audit's evidence, runs, findings, triage,
checklist answers, issued reports and a hash-chained audit log.`;

export function runInit(argv: string[]): number {
  const { values, positionals } = parse(
    argv,
    {
      name: { type: 'string' },
      client: { type: 'string' },
      auditor: { type: 'string' },
      scope: { type: 'string' },
      'period-start': { type: 'string' },
      'period-end': { type: 'string' },
      classification: { type: 'string' },
    },
    initUsage,
  );
  if (values.help) {
    process.stdout.write(initUsage + '\n');
    return 0;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new CliError(`name exactly one workspace file\n\n${initUsage}`);
  if (existsSync(file)) throw new CliError(`${file} already exists; a workspace is created only once`);
  const meta = withWorkspace(file, { create: true }, (ws) =>
    ws.init({
      name: values.name ?? file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''),
      client: values.client ?? '',
      auditor: values.auditor ?? '',
      scope: values.scope ?? '',
      periodStart: isoDate(values['period-start'], '--period-start') ?? null,
      periodEnd: isoDate(values['period-end'], '--period-end') ?? null,
      classification: values.classification ?? 'confidential',
    }),
  );
  process.stdout.write(`Created workspace ${file} (${meta.name})\n`);
  return 0;
}
