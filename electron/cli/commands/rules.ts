import { allRules } from '../../../shared/rules/index.js';
import { CATALOG_VERSION } from '../../../shared/controls/index.js';
import { oneOf, parse } from '../args.js';

export const rulesUsage = `Usage: gatehouse rules [--format table|json]

Lists the rule catalog: id, severity, confidence, the controls each rule maps to and the peer rules it covers.`;

export function runRules(argv: string[]): number {
  const { values } = parse(argv, { format: { type: 'string', short: 'f' } }, rulesUsage);
  if (values.help) {
    process.stdout.write(rulesUsage + '\n');
    return 0;
  }
  const format = oneOf(values.format, ['table', 'json'] as const, '--format', 'table');
  const rules = allRules.map(({ id, title, severity, confidence, source, controls, equivalents, rationale, remediation }) => ({
    id, title, severity, confidence, source, controls, equivalents, rationale, remediation,
  }));
  if (format === 'json') {
    process.stdout.write(JSON.stringify({ catalogVersion: CATALOG_VERSION, rules }, null, 2) + '\n');
    return 0;
  }
  const idWidth = Math.max(...rules.map((r) => r.id.length)) + 2;
  const lines = [`Gatehouse rule catalog ${CATALOG_VERSION}: ${rules.length} rules`, ''];
  for (const r of rules) {
    lines.push(`${r.id.padEnd(idWidth)}${r.severity.padEnd(9)}${r.confidence.padEnd(10)}${r.title}`);
    lines.push(`${' '.repeat(idWidth)}controls: ${r.controls.join(' ')}${r.equivalents.length ? `   covers: ${r.equivalents.join(' ')}` : ''}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
