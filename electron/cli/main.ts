/**
 * The `gatehouse` command. Runs under plain Node (never imports electron) and calls the same
 * services as the desktop app.
 */
import { ImportError } from '../../shared/importers/import-error.js';
import { CliError } from './cli-error.js';
import { TOOL } from '../node/services/tool-info.js';

type Command = { run: (argv: string[]) => number | Promise<number>; summary: string };

// Each command's module is loaded only when that command runs: `gatehouse audit` never parses
// the PDF, signing or triage code, and `--version` parses almost nothing.
const commands: Record<string, Command> = {
  init: { run: async (argv) => (await import('./commands/init.js')).runInit(argv), summary: 'create a workspace file' },
  audit: { run: async (argv) => (await import('./commands/audit.js')).runAudit(argv), summary: 'audit API descriptions, print or export findings' },
  rules: { run: async (argv) => (await import('./commands/rules.js')).runRules(argv), summary: 'list the rule catalog' },
  triage: { run: async (argv) => (await import('./commands/triage.js')).runTriage(argv), summary: 'mark a finding false-positive / accepted-risk / open' },
  log: { run: async (argv) => (await import('./commands/log.js')).runLog(argv), summary: 'verify or list the hash-chained audit log' },
  checklist: { run: async (argv) => (await import('./commands/checklist.js')).runChecklist(argv), summary: 'list or answer the manual checklist' },
  identity: { run: async (argv) => (await import('./commands/identity.js')).runIdentity(argv), summary: 'create or show a signing identity (PKCS#12)' },
  report: { run: async (argv) => (await import('./commands/report.js')).runReport(argv), summary: 'write the (signed) PDF audit report' },
  verify: { run: async (argv) => (await import('./commands/verify.js')).runVerify(argv), summary: 'verify a signed report, optionally against its workspace' },
  export: { run: async (argv) => (await import('./commands/export.js')).runExport(argv), summary: 'export findings as json, csv, sarif, junit or self-contained html' },
  inventory: { run: async (argv) => (await import('./commands/inventory.js')).runInventory(argv), summary: 'list endpoints (documented, exposed, observed) with the controls in force' },
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
