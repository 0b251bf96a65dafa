import { writeFileSync } from 'node:fs';
import type { SummariesInventory } from '../../../shared/inventory/from-summaries.js';
import { inventoryCounts, inventoryRows, type InventoryRow } from '../../../shared/inventory/inventory-view.js';
import { csvCell } from '../../../shared/report/exports/csv.js';
import { runInventoryOf } from '../../node/services/stored-evidence.js';
import { TOOL } from '../../node/services/tool-info.js';
import type { Workspace } from '../../node/workspace/index.js';
import { oneOf, parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { withWorkspace } from '../open-workspace.js';

export const inventoryUsage = `Usage: gatehouse inventory --workspace FILE [--format table|json|csv] [--run N] [--out FILE]

Lists every endpoint of the latest audit run (or run N) joined across its evidence: documented by
a spec, exposed by a gateway route, observed in traffic (request counts from the audited logs),
with the controls in force on the route each gateway picks: authentication, rate limits, request
size limit, CORS and logging (json and csv add authorization, AI plugins and request validation).
Routes match documented operations by method and path template, through prefix routes,
every-method routes, spec server base paths and, where both sides name them, hosts.`;

const FORMATS = ['table', 'json', 'csv'] as const;

interface Loaded extends SummariesInventory {
  run: { id: number; startedAt: string; endedAt: string };
  /** The traffic files of the run: name, requests, time span. */
  traffic: { file: string; requests: number; firstSeen?: string; lastSeen?: string }[];
}

function load(ws: Workspace, runArg: string | undefined): Loaded {
  const runs = ws.listRuns();
  if (!runs.length) throw new CliError(`no audit run in ${ws.file} yet: run gatehouse audit <files> --workspace ${ws.file} first`);
  let run = runs[runs.length - 1]!;
  if (runArg !== undefined) {
    const id = Number(runArg);
    const found = runs.find((r) => r.id === id);
    if (!Number.isInteger(id) || !found) throw new CliError(`--run must name a run of this workspace (runs: ${runs.map((r) => r.id).join(', ')}; got "${runArg}")`);
    run = found;
  }
  const read = runInventoryOf(ws, run.evidenceIds);
  const traffic = read.traffic.map((t) => ({
    file: t.name,
    requests: t.summary.volume.requests,
    ...(t.summary.span ? { firstSeen: t.summary.span.first, lastSeen: t.summary.span.last } : {}),
  }));
  return { ...read.inventory, problems: read.problems, traffic, run: { id: run.id, startedAt: run.startedAt, endedAt: run.endedAt } };
}

function yes(b: boolean): string {
  return b ? 'yes' : '-';
}

/** A column: the text clipped to `width` (with …) and padded to `width` plus a two-space gap. */
function pad(text: string, width: number): string {
  const t = text.length > width ? text.slice(0, Math.max(0, width - 1)) + '…' : text;
  return t + ' '.repeat(Math.max(0, width - t.length) + 2);
}

/** The cells both table and CSV show for the controls in force ('' when no gateway exposes the endpoint). */
function controlCells(r: InventoryRow): { auth: string; rate: string; size: string; cors: string; logging: string } {
  const c = r.controls;
  if (!c) return { auth: '', rate: '', size: '', cors: '', logging: '' };
  return {
    auth: c.authentication.join(', ') || 'none',
    rate: c.rateLimits.join(', ') || 'none',
    size: c.sizeLimit ?? 'none',
    cors: c.cors ?? '-',
    logging: c.logging.join(', ') || 'none',
  };
}

function observedCell(r: InventoryRow): string {
  return r.observed ? String(r.observed.requests) : '';
}

function renderTable(loaded: Loaded, rows: InventoryRow[], workspace: string): string {
  const counts = inventoryCounts(loaded.inventory);
  const lines: string[] = [];
  lines.push(`Inventory of run ${loaded.run.id} in ${workspace} (${loaded.run.startedAt})`);
  const specs = loaded.sources.specs.map((s) => `${s.file} (${s.operations} operations)`);
  const gateways = loaded.sources.gateways.map((g) => `${g.file} (${g.product}, ${g.routes} routes)`);
  const traffic = loaded.traffic.map((t) => `${t.file} (${t.requests.toLocaleString('en-US')} requests)`);
  lines.push(`Specs: ${specs.join(', ') || 'none'}. Gateways: ${gateways.join(', ') || 'none'}. Traffic: ${traffic.join(', ') || 'none'}.`);
  lines.push(
    `${counts.endpoints} endpoints: ${counts.documented} documented, ${counts.exposed} exposed, ${counts.documentedAndExposed} both, ` +
      `${counts.undocumented} exposed but undocumented, ${counts.unrouted} documented but not routed.`,
  );
  if (!rows.length) return lines.join('\n') + '\n';
  lines.push('');
  const widths = { endpoint: Math.min(48, Math.max(8, ...rows.map((r) => r.endpoint.length + (r.hosts.length ? r.hosts.join(',').length + 2 : 0)))), flag: 3, auth: 24, rate: 28, size: 12, cors: 18 };
  lines.push(
    `${pad('ENDPOINT', widths.endpoint)}${pad('DOC', widths.flag)}${pad('EXP', widths.flag)}${pad('OBS', widths.flag)}` +
      `${pad('AUTH', widths.auth)}${pad('RATE LIMIT', widths.rate)}${pad('SIZE', widths.size)}${pad('CORS', widths.cors)}LOGGING`,
  );
  for (const r of rows) {
    const c = controlCells(r);
    lines.push(
      (`${pad(r.endpoint + (r.hosts.length ? ` @${r.hosts.join(',')}` : ''), widths.endpoint)}${pad(yes(r.documented), widths.flag)}${pad(yes(r.exposed), widths.flag)}${pad(observedCell(r), widths.flag)}` +
        `${pad(c.auth, widths.auth)}${pad(c.rate, widths.rate)}${pad(c.size, widths.size)}${pad(c.cors, widths.cors)}${c.logging}`).trimEnd(),
    );
  }
  lines.push('');
  lines.push('Who documents and exposes each endpoint, and every control in force: --format json or csv.');
  return lines.join('\n') + '\n';
}

export const INVENTORY_CSV_HEADER = [
  'method',
  'path',
  'documented',
  'exposed',
  'observed',
  'documented_by',
  'exposed_by',
  'authentication',
  'authorization',
  'rate_limits',
  'size_limit',
  'cors',
  'logging',
  'ai',
  'request_validation',
] as const;

function renderCsv(rows: InventoryRow[]): string {
  const lines = [INVENTORY_CSV_HEADER.join(',')];
  for (const r of rows) {
    const c = controlCells(r);
    const cells = [
      r.method,
      r.path,
      String(r.documented),
      String(r.exposed),
      observedCell(r),
      r.documentedBy.map((d) => `${d.spec}${d.operationId ? `#${d.operationId}` : ''}${d.deprecated ? ' (deprecated)' : ''}`).join('; '),
      r.exposedBy.map((x) => `${x.gateway}: ${x.route} ${x.methods.join('|')} ${x.path}${x.hosts.length ? ` @${x.hosts.join('|')}` : ''}${x.effective ? '' : ' (shadowed)'}`).join('; '),
      c.auth,
      r.controls?.authorization.join(', ') ?? '',
      c.rate,
      c.size,
      r.controls ? (r.controls.cors ?? '') : '',
      c.logging,
      r.controls?.ai.join(', ') ?? '',
      r.controls?.requestValidation ?? '',
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

function renderJson(loaded: Loaded, rows: InventoryRow[], workspace: string): string {
  return (
    JSON.stringify(
      {
        tool: TOOL,
        workspace,
        run: loaded.run,
        sources: { ...loaded.sources, traffic: loaded.traffic },
        counts: inventoryCounts(loaded.inventory),
        links: loaded.inventory.links,
        endpoints: rows,
        problems: loaded.problems,
      },
      null,
      2,
    ) + '\n'
  );
}

export function runInventory(argv: string[]): number {
  const { values, positionals } = parse(
    argv,
    { workspace: { type: 'string', short: 'w' }, format: { type: 'string', short: 'f' }, run: { type: 'string' }, out: { type: 'string', short: 'o' } },
    inventoryUsage,
  );
  if (values.help) {
    process.stdout.write(inventoryUsage + '\n');
    return 0;
  }
  if (positionals.length) throw new CliError(`unexpected argument "${positionals[0]}"\n\n${inventoryUsage}`);
  const format = oneOf(values.format, FORMATS, '--format', 'table');
  return withWorkspace(values.workspace, { create: false }, (ws) => {
    const loaded = load(ws, values.run);
    const rows = inventoryRows(loaded.inventory);
    const workspace = values.workspace!;
    const text = format === 'json' ? renderJson(loaded, rows, workspace) : format === 'csv' ? renderCsv(rows) : renderTable(loaded, rows, workspace);
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
    for (const p of loaded.problems) process.stderr.write(`gatehouse inventory: ${p}\n`);
    return loaded.problems.length ? 2 : 0;
  });
}
