/**
 * The `gatehouse` command. Runs under plain Node (never imports electron) and calls the same
 * services as the desktop app.
 */
import { ImportError } from '../../shared/importers/import-error.js';
import { CliError } from './cli-error.js';
import { auditUsage, runAudit } from './commands/audit.js';
import { initUsage, runInit } from './commands/init.js';
import { logUsage, runLog } from './commands/log.js';
import { rulesUsage, runRules } from './commands/rules.js';
import { runTriage, triageUsage } from './commands/triage.js';
import { TOOL } from '../node/services/tool-info.js';

const commands: Record<string, { run: (argv: string[]) => number | Promise<number>; usage: string; summary: string }> = {
  init: { run: runInit, usage: initUsage, summary: 'create a workspace file' },
  audit: { run: runAudit, usage: auditUsage, summary: 'audit API descriptions, print or export findings' },
  rules: { run: runRules, usage: rulesUsage, summary: 'list the rule catalog' },
  triage: { run: runTriage, usage: triageUsage, summary: 'mark a finding false-positive / accepted-risk / open' },
  log: { run: runLog, usage: logUsage, summary: 'verify or list the hash-chained audit log' },
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
