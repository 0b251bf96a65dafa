/**
 * The `gatehouse` command. Runs under plain Node (never imports electron) and calls the same
 * services as the desktop app.
 */
import { ImportError } from '../../shared/importers/import-error.js';
import { CliError } from './cli-error.js';
import { auditUsage, runAudit } from './commands/audit.js';
import { checklistUsage, runChecklist } from './commands/checklist.js';
import { exportUsage, runExport } from './commands/export.js';
import { identityUsage, runIdentity } from './commands/identity.js';
import { initUsage, runInit } from './commands/init.js';
import { logUsage, runLog } from './commands/log.js';
import { reportUsage, runReport } from './commands/report.js';
import { rulesUsage, runRules } from './commands/rules.js';
import { runTriage, triageUsage } from './commands/triage.js';
import { runVerify, verifyUsage } from './commands/verify.js';
import { TOOL } from '../node/services/tool-info.js';

const commands: Record<string, { run: (argv: string[]) => number | Promise<number>; usage: string; summary: string }> = {
  init: { run: runInit, usage: initUsage, summary: 'create a workspace file' },
  audit: { run: runAudit, usage: auditUsage, summary: 'audit API descriptions, print or export findings' },
  rules: { run: runRules, usage: rulesUsage, summary: 'list the rule catalog' },
  triage: { run: runTriage, usage: triageUsage, summary: 'mark a finding false-positive / accepted-risk / open' },
  log: { run: runLog, usage: logUsage, summary: 'verify or list the hash-chained audit log' },
  checklist: { run: runChecklist, usage: checklistUsage, summary: 'list or answer the manual checklist' },
  identity: { run: runIdentity, usage: identityUsage, summary: 'create or show a signing identity (PKCS#12)' },
  report: { run: runReport, usage: reportUsage, summary: 'write the (signed) PDF audit report' },
  verify: { run: runVerify, usage: verifyUsage, summary: 'verify a signed report, optionally against its workspace' },
  export: { run: runExport, usage: exportUsage, summary: 'export findings as json, csv, sarif, junit or self-contained html' },
  inventory: { run: async (argv) => (await import('./commands/inventory.js')).runInventory(argv), usage: 'gatehouse inventory --workspace FILE [--format table|json|csv] [--run N]', summary: 'list endpoints (documented, exposed, observed) with the controls in force' },
};

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length)) + 2;
  return [
    `gatehouse ${TOOL.version}: offline API security audits (OWASP API 2023, OWASP LLM 2025, GDPR)`,
    '',
    'Usage: gatehouse <command> [options]     (gatehouse <command> --help for details)',
    '',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${TOOL.version}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`gatehouse: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`gatehouse ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof ImportError) {
      process.stderr.write(`gatehouse ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
