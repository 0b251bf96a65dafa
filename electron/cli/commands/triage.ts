import { isoDate, oneOf, parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { withWorkspace } from '../open-workspace.js';

export const triageUsage = `Usage: gatehouse triage <fingerprint> false-positive|accepted-risk|confirmed|open --workspace FILE
                        [--reason TEXT] [--expires YYYY-MM-DD] [--actor NAME]

Records a triage decision on a finding (by fingerprint, or a unique prefix of one). It survives
re-runs; an accepted risk with --expires reopens after that date. Reasons are required for
false-positive and accepted-risk. Every decision is written to the audit log.
  gatehouse triage --workspace FILE --list    lists the decisions`;

const STATUSES = ['false-positive', 'accepted-risk', 'confirmed', 'open'] as const;

export function runTriage(argv: string[]): number {
  const { values, positionals } = parse(
    argv,
    {
      workspace: { type: 'string', short: 'w' },
      reason: { type: 'string' },
      expires: { type: 'string' },
      actor: { type: 'string' },
      list: { type: 'boolean' },
    },
    triageUsage,
  );
  if (values.help) {
    process.stdout.write(triageUsage + '\n');
    return 0;
  }
  if (values.list) {
    return withWorkspace(values.workspace, { create: false }, (ws) => {
      for (const d of ws.getTriage().values())
        process.stdout.write(`${d.fingerprint}  ${d.status}${d.expires ? ` until ${d.expires}` : ''}  ${d.reason}  (${d.actor}, ${d.updatedAt})\n`);
      return 0;
    });
  }
  const [prefix, statusArg] = positionals;
  if (!prefix || !statusArg || positionals.length > 2) throw new CliError(`name a fingerprint and a decision\n\n${triageUsage}`);
  const status = oneOf(statusArg, STATUSES, 'the decision', 'open');
  const expires = isoDate(values.expires, '--expires');
  return withWorkspace(values.workspace, { create: false }, (ws) => {
    const known = ws.listFindings().map((f) => f.fingerprint);
    const matches = known.filter((f) => f.startsWith(prefix));
    if (matches.length === 0) throw new CliError(`no finding with fingerprint ${prefix} in the latest run of ${values.workspace}`);
    if (matches.length > 1) throw new CliError(`fingerprint prefix ${prefix} matches ${matches.length} findings; give more characters`);
    const decision = ws.setTriage(matches[0]!, {
      status,
      reason: values.reason ?? '',
      ...(expires ? { expires } : {}),
      actor: values.actor ?? process.env.USER ?? 'auditor',
    });
    process.stdout.write(`${decision.fingerprint}: ${decision.status}${decision.expires ? ` until ${decision.expires}` : ''}${decision.reason ? ` (${decision.reason})` : ''}\n`);
    return 0;
  });
}
