/**
 * The human-readable audit output: a summary by severity, then one row per rule (how many
 * findings, how many places, which controls, where the first one is), so that even a spec with
 * thousands of problem places reads at a glance. `--details` lists every finding instead.
 */
import { SEVERITY_ORDER, type Finding } from '../../../shared/model/finding.js';

export interface TableOptions {
  details: boolean;
  color: boolean;
  width: number;
}

const COLORS: Record<string, string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[2m' };
const RESET = '\x1b[0m';

function pad(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : text + ' '.repeat(width - text.length);
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, Math.max(0, width - 1)) + '…';
}

/** One audited input as the summary line names it. */
export interface TableInput {
  file: string;
  format: string;
  /** spec, gateway or traffic (a spec when absent). */
  kind?: 'spec' | 'gateway' | 'traffic';
  /** Operations (spec), routes (gateway) or endpoints observed (traffic). */
  operations: number;
  /** Traffic: requests imported. */
  requests?: number;
}

const KIND_NOUNS = { spec: ['API description', 'API descriptions'], gateway: ['gateway configuration', 'gateway configurations'], traffic: ['traffic log', 'traffic logs'] } as const;

function counted(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * `Audited 1 API description, 1 gateway configuration, 2 traffic logs: api.yaml (openapi-3.0,
 * 3 operations), kong.yaml (kong, 5 operations), access.log (combined, 1000 requests, 4 operations), …`
 * (the count after the format is the operations, routes or endpoints observed of each input).
 */
export function auditedLine(inputs: readonly TableInput[]): string {
  const kinds = (['spec', 'gateway', 'traffic'] as const).filter((k) => inputs.some((i) => (i.kind ?? 'spec') === k));
  const what = kinds
    .map((k) => {
      const [one, many] = KIND_NOUNS[k];
      return counted(inputs.filter((i) => (i.kind ?? 'spec') === k).length, one, many);
    })
    .join(', ');
  const detail = (i: TableInput): string => `${i.file} (${i.format}, ${i.kind === 'traffic' ? `${i.requests ?? 0} requests, ` : ''}${i.operations} operations)`;
  return `Audited ${what || 'nothing'}${inputs.length ? `: ${inputs.map(detail).join(', ')}` : ''}`;
}

export function renderTable(findings: readonly Finding[], inputs: readonly TableInput[], options: TableOptions): string {
  const paint = (sev: string, text: string): string => (options.color ? `${COLORS[sev] ?? ''}${text}${RESET}` : text);
  const lines: string[] = [];
  const open = findings.filter((f) => f.status === 'open');
  const notOpen = findings.length - open.length;
  lines.push(auditedLine(inputs));
  const counts = SEVERITY_ORDER.map((s) => `${paint(s, s)} ${open.filter((f) => f.severity === s).length}`).join('  ');
  lines.push(`${open.length} open finding${open.length === 1 ? '' : 's'} (${counts})${notOpen ? `, ${notOpen} suppressed or triaged` : ''}`);
  if (findings.length === 0) return lines.join('\n') + '\n';
  lines.push('');

  if (options.details) {
    for (const f of findings) {
      const loc = f.locations[0];
      const where = loc ? `${loc.file}:${loc.line}` : f.evidence[0] ?? '';
      const status = f.status === 'open' ? '' : ` [${f.status}${f.statusReason ? `: ${f.statusReason}` : ''}]`;
      lines.push(`${paint(f.severity, pad(f.severity.toUpperCase(), 8))} ${f.ruleId}  ${where}${status}`);
      lines.push(`         ${f.message}`);
      if (f.endpoints.length)
        lines.push(`         endpoints: ${f.endpoints.slice(0, 5).join(', ')}${f.endpoints.length > 5 ? ` (+${f.endpoints.length - 5} more)` : ''}`);
      lines.push(`         ${f.controls.join(' ')}   fingerprint ${f.fingerprint}`);
    }
    return lines.join('\n') + '\n';
  }

  interface Group {
    ruleId: string;
    title: string;
    severity: string;
    controls: string[];
    open: number;
    other: number;
    places: number;
    first?: Finding;
  }
  const groups = new Map<string, Group>();
  for (const f of findings) {
    let g = groups.get(f.ruleId);
    if (!g) groups.set(f.ruleId, (g = { ruleId: f.ruleId, title: f.title, severity: f.severity, controls: f.controls, open: 0, other: 0, places: 0 }));
    if (SEVERITY_ORDER.indexOf(f.severity) < SEVERITY_ORDER.indexOf(g.severity as Finding['severity'])) g.severity = f.severity;
    if (f.status === 'open') g.open++;
    else g.other++;
    g.places += f.occurrences;
    g.first ??= f;
  }
  const rows = [...groups.values()].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a.severity as Finding['severity']) - SEVERITY_ORDER.indexOf(b.severity as Finding['severity']) || b.open - a.open || a.ruleId.localeCompare(b.ruleId),
  );
  const titleWidth = Math.max(30, Math.min(60, options.width - 60));
  lines.push(`${pad('SEVERITY', 9)}${pad('OPEN', 6)}${pad('PLACES', 8)}${pad('FINDING', titleWidth + 2)}CONTROLS`);
  for (const g of rows) {
    const loc = g.first?.locations[0];
    lines.push(
      `${paint(g.severity, pad(g.severity, 9))}${pad(String(g.open), 6)}${pad(String(g.places), 8)}${pad(clip(g.title, titleWidth), titleWidth + 2)}${g.controls.join(' ')}`,
    );
    const suppressed = g.other ? `  (${g.other} suppressed/triaged)` : '';
    lines.push(`${' '.repeat(23)}${g.ruleId}${loc ? `  e.g. ${loc.file}:${loc.line}` : ''}${suppressed}`);
  }
  lines.push('');
  lines.push('Every finding with its location: --details, or --format json|sarif|csv|junit.');
  return lines.join('\n') + '\n';
}
