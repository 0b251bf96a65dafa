import { parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { withWorkspace } from '../open-workspace.js';

export const logUsage = `Usage: gatehouse log verify|list --workspace FILE   (or: gatehouse log verify FILE)

verify  recomputes the hash chain of the audit log; exits 1 and names the entry when any entry
        was edited or deleted.
list    prints the log, oldest first.`;

export function runLog(argv: string[]): number {
  const { values, positionals } = parse(argv, { workspace: { type: 'string', short: 'w' }, json: { type: 'boolean' } }, logUsage);
  if (values.help) {
    process.stdout.write(logUsage + '\n');
    return 0;
  }
  const [sub, fileArg] = positionals;
  const file = values.workspace ?? fileArg;
  if (sub === 'verify') {
    return withWorkspace(file, { create: false }, (ws) => {
      const v = ws.verifyLog();
      if (v.ok) {
        process.stdout.write(`Audit log intact: ${v.entries} entries, hash chain verified.\n`);
        return 0;
      }
      process.stdout.write(`Audit log BROKEN (${v.entries} entries):\n`);
      for (const p of v.problems) process.stdout.write(`  entry ${p.seq}: ${p.reason}\n`);
      return 1;
    });
  }
  if (sub === 'list') {
    return withWorkspace(file, { create: false }, (ws) => {
      const entries = ws.listLog();
      if (values.json) process.stdout.write(JSON.stringify(entries, null, 2) + '\n');
      else for (const e of entries) process.stdout.write(`${String(e.seq).padStart(5)}  ${e.at}  ${e.actor}  ${e.action}  ${JSON.stringify(e.details).slice(0, 160)}\n`);
      return 0;
    });
  }
  throw new CliError(`unknown log command "${sub ?? ''}"\n\n${logUsage}`);
}
