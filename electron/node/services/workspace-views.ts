/**
 * The contract's read models, built from an open workspace: workspace summary, evidence list,
 * finding detail (rule, controls, evidence excerpts, triage, notes), inventory, coverage
 * matrices, checklist, audit-log pages and report verification. Each function reads through the
 * Workspace API only and returns plain data in the contract's shapes.
 */
import type { z } from 'zod';
import type { CoverageView, FindingDetail, InventoryView, LogPage, LogPageInput, LogVerification, ReportVerification, WorkspaceInfo } from '../../../shared/api/index.js';
import type { EvidenceRecord as ApiEvidenceRecord, FindingNote } from '../../../shared/api/index.js';
import { CATALOGS, findRequirement } from '../../../shared/controls/index.js';
import { computeCoverage } from '../../../shared/engine/coverage.js';
import { inventoryCounts, inventoryRows } from '../../../shared/inventory/inventory-view.js';
import type { CatalogId } from '../../../shared/model/control.js';
import { severityRank, type Finding, type Severity } from '../../../shared/model/finding.js';
import { CHECKLIST, checklistItemsFor } from '../../../shared/report/checklist.js';
import { allRules } from '../../../shared/rules/index.js';
import type { RunRecord, Workspace } from '../workspace/index.js';
import type { ControlLookup } from './findings-query.js';
import type { ReportVerification as ServiceVerification } from './report-service.js';
import { runInventoryOf } from './stored-evidence.js';
import { evidenceExcerpts } from './workspace-audit.js';

/** The log action that holds a note on a finding. */
export const NOTE_ACTION = 'finding.note';

const CATALOG_OF = new Map<string, CatalogId>(CATALOGS.flatMap((c) => c.requirements.map((r) => [r.id, c.id] as const)));
const RULES = new Map(allRules.map((r) => [r.id, r]));

export const controlLookup: ControlLookup = {
  catalogOf: (id) => CATALOG_OF.get(id) ?? null,
  titleOf: (id) => findRequirement(id)?.title ?? id,
};

export function latestRun(ws: Workspace): RunRecord | null {
  return ws.listRuns().at(-1) ?? null;
}

export function workspaceInfo(ws: Workspace): z.output<typeof WorkspaceInfo> {
  const runs = ws.listRuns();
  return { file: ws.file, meta: ws.getMeta(), evidence: ws.listEvidence().length, runs: runs.length, latestRun: runs.at(-1) ?? null };
}

export function evidenceList(ws: Workspace): ApiEvidenceRecord[] {
  const inRun = new Set(latestRun(ws)?.evidenceIds ?? []);
  return ws.listEvidence().map((e) => ({ ...e, inLatestRun: inRun.has(e.id) }));
}

export function notesOf(ws: Workspace, fingerprint?: string): FindingNote[] {
  return ws
    .listLog()
    .filter((e) => e.action === NOTE_ACTION && (fingerprint === undefined || e.details.fingerprint === fingerprint))
    .map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, text: String(e.details.text ?? '') }));
}

export function findingDetail(ws: Workspace, run: RunRecord | null, finding: Finding, radius: number): z.output<typeof FindingDetail> {
  const rule = RULES.get(finding.ruleId);
  const excerpt = evidenceExcerpts(ws, { evidence: ws.listEvidence(), run }, radius);
  const excerpts: z.output<typeof FindingDetail>['excerpts'] = [];
  for (const location of finding.locations.slice(0, 10)) {
    if (location.line < 1) continue;
    const lines = excerpt(location.file, location.line);
    if (!lines) continue;
    excerpts.push({ file: location.file, pointer: location.pointer, startLine: lines.startLine, lines: lines.lines, highlight: [location.line] });
  }
  return {
    finding,
    rule: rule
      ? {
          id: rule.id,
          title: rule.title,
          severity: rule.severity,
          confidence: rule.confidence,
          source: rule.source,
          controls: rule.controls,
          equivalents: rule.equivalents,
          rationale: rule.rationale,
          remediation: rule.remediation,
        }
      : null,
    controls: finding.controls.map((id) => ({ id, catalog: controlLookup.catalogOf(id), title: controlLookup.titleOf(id) })),
    excerpts,
    triage: ws.getTriage().get(finding.fingerprint) ?? null,
    notes: notesOf(ws, finding.fingerprint),
  };
}

export function inventoryView(ws: Workspace, run: RunRecord | null, findings: readonly Finding[]): z.output<typeof InventoryView> {
  const { inventory: joined, traffic, observed, problems } = runInventoryOf(ws, run?.evidenceIds ?? []);
  const { inventory, sources } = joined;
  const byEndpoint = new Map<string, { open: number; total: number }>();
  for (const f of findings) {
    for (const endpoint of new Set(f.endpoints)) {
      const c = byEndpoint.get(endpoint) ?? { open: 0, total: 0 };
      c.total += 1;
      if (f.status === 'open') c.open += 1;
      byEndpoint.set(endpoint, c);
    }
  }
  const rows = inventoryRows(inventory).map((row, i) => {
    const detail = observed.get(inventory.endpoints[i]!);
    return {
      ...row,
      observed: row.observed && {
        ...row.observed,
        callers: detail?.callers ?? [],
        distinctCallers: detail?.distinctCallers ?? 0,
        byClass: { '2xx': detail?.byClass['2xx'] ?? 0, '3xx': detail?.byClass['3xx'] ?? 0, '4xx': detail?.byClass['4xx'] ?? 0, '5xx': detail?.byClass['5xx'] ?? 0 },
      },
      findings: byEndpoint.get(row.endpoint) ?? { open: 0, total: 0 },
    };
  });
  return {
    runId: run?.id ?? null,
    rows,
    counts: inventoryCounts(inventory),
    sources: {
      ...sources,
      traffic: traffic.map((t) => ({ file: t.name, format: t.summary.format, requests: t.summary.volume.requests, endpoints: t.summary.endpoints.length })),
    },
    problems,
  };
}

export function coverageView(ws: Workspace, run: RunRecord | null, findings: Finding[], catalog?: CatalogId): z.output<typeof CoverageView> {
  const coverage = new Map(computeCoverage(allRules, findings).map((c) => [c.control, c]));
  const answers = new Map(ws.listChecklistAnswers().map((a) => [a.itemId, a.answer]));
  return {
    runId: run?.id ?? null,
    catalogs: CATALOGS.filter((c) => catalog === undefined || c.id === catalog).map((c) => {
      const requirements = c.requirements.map((r) => {
        const entry = coverage.get(r.id);
        const worst = entry?.worstSeverity as Severity | undefined;
        return {
          id: r.id,
          title: r.title,
          summary: r.summary,
          ...(r.limits !== undefined ? { limits: r.limits } : {}),
          rules: entry?.rules ?? [],
          findings: entry?.findings ?? { open: 0, suppressed: 0, total: 0 },
          worstSeverity: worst !== undefined && severityRank(worst) >= 0 ? worst : null,
          checklist: checklistItemsFor(r.id).map((item) => ({ itemId: item.id, answer: answers.get(item.id) ?? null })),
        };
      });
      return {
        id: c.id,
        title: c.title,
        version: c.version,
        requirements,
        totals: {
          requirements: requirements.length,
          withRules: requirements.filter((r) => r.rules.length > 0).length,
          withOpenFindings: requirements.filter((r) => r.findings.open > 0).length,
          openFindings: requirements.reduce((n, r) => n + r.findings.open, 0),
        },
      };
    }),
  };
}

export function checklistView(ws: Workspace) {
  const answers = new Map(ws.listChecklistAnswers().map((a) => [a.itemId, a]));
  return CHECKLIST.map((item) => ({
    id: item.id,
    title: item.title,
    question: item.question,
    controls: [...item.controls],
    why: item.why,
    answer: answers.get(item.id) ?? null,
  }));
}

export function logPage(ws: Workspace, input: z.output<typeof LogPageInput>): z.output<typeof LogPage> {
  let entries = ws.listLog();
  if (input.action !== undefined) entries = entries.filter((e) => e.action === input.action);
  if (input.order === 'newest') entries.reverse();
  return { total: entries.length, offset: input.offset, items: entries.slice(input.offset, input.offset + input.limit) };
}

export function logVerification(ws: Workspace): z.output<typeof LogVerification> {
  const result = ws.verifyLog();
  return { ...result, head: ws.listLog().at(-1)?.hash ?? null };
}

export function verificationView(file: string, v: ServiceVerification): z.output<typeof ReportVerification> {
  const { signature } = v;
  return {
    file,
    valid: v.valid,
    sha256: v.sha256,
    signature: {
      signed: signature.signed,
      valid: signature.valid,
      coversWholeFile: signature.coversWholeFile,
      digestMatches: signature.digestMatches,
      signatureValid: signature.signatureValid,
      certValidAtSigning: signature.certValidAtSigning,
      trusted: signature.trusted,
      signer: signature.signer,
      signingTime: signature.signingTime,
      ...(signature.reason !== undefined ? { reason: signature.reason } : {}),
      ...(signature.location !== undefined ? { location: signature.location } : {}),
      ...(signature.name !== undefined ? { name: signature.name } : {}),
      problems: signature.problems,
    },
    attachments: v.attachments,
    manifest: v.manifest && {
      reportId: v.manifest.reportId,
      generatedAt: v.manifest.generatedAt,
      workspace: { id: v.manifest.workspace.id, name: v.manifest.workspace.name },
      run: v.manifest.run,
      findings: { total: v.manifest.findings.total, open: v.manifest.findings.open },
      evidence: v.manifest.evidence.map((e) => ({ name: e.name, sha256: e.sha256 })),
    },
    workspace: v.workspace && {
      ok: v.workspace.ok,
      sameWorkspace: v.workspace.sameWorkspace,
      recorded: v.workspace.recorded !== null,
      evidence: v.workspace.evidence.map((e) => ({ name: e.name, sha256: e.sha256, status: e.status })),
      logAnchorFound: v.workspace.logAnchorFound,
    },
    problems: v.problems,
    notes: v.notes,
  };
}
