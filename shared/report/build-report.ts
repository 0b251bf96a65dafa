/**
 * Builds the content of an audit report from the workspace's data: a pure function, so the PDF
 * renderer, the HTML export and the tests all read the same words and numbers.
 *
 * Evidence excerpts come in through `excerpt(file, line)`, supplied by the caller (the report
 * service reads the workspace's evidence bytes); this module never touches files.
 */
import { CATALOGS, findRequirement, OWASP_API_2023, OWASP_LLM_2025 } from '../controls/index.js';
import { computeCoverage } from '../engine/coverage.js';
import type { SummariesInventory } from '../inventory/from-summaries.js';
import { inventoryCounts, inventoryRows } from '../inventory/inventory-view.js';
import type { ControlCatalog, CoverageEntry } from '../model/control.js';
import type { TrafficSummary } from '../model/traffic.js';
import { SEVERITY_ORDER, severityRank, type Finding, type FindingStatus, type Severity } from '../model/finding.js';
import type { RuleMeta } from '../model/rule.js';
import { sortFindings } from './exports/audit-result.js';
import { CHECKLIST, checklistItemsFor, findChecklistItem, type ChecklistAnswerValue } from './checklist.js';
import { assessGdpr, plural } from './gdpr-assessment.js';
import { REPORT_ATTACHMENTS } from './report-manifest.js';
import {
  REPORT_SECTIONS,
  type CategoryBar,
  type ChecklistRow,
  type ChecklistSection,
  type ControlMatrix,
  type EvidenceRow,
  type FindingGroup,
  type GdprSection,
  type MatrixRow,
  type ReportContent,
  type ReportExcerpt,
  type ReportFinding,
  type ReportInventory,
  type ReportSectionId,
  type ReportTrafficFile,
  type ReportSummary,
  type RuleGroup,
  type SeverityRow,
} from './report-content.js';

export interface ExcerptLines {
  /** Line number of `lines[0]` (1-based). */
  startLine: number;
  lines: string[];
}

export type ExcerptProvider = (file: string, line: number) => ExcerptLines | null | undefined;

export interface ReportWorkspaceInfo {
  id: string;
  name: string;
  client: string;
  auditor: string;
  scope: string;
  periodStart: string | null;
  periodEnd: string | null;
  classification: string;
  /** Schema version of the workspace file (its newest migration). */
  schemaVersion: number;
}

export interface ReportRunInfo {
  id: number;
  startedAt: string;
  endedAt: string;
  catalogVersion: string;
  toolVersion: string;
  evidenceIds: number[];
}

export interface ReportEvidenceInfo {
  id: number;
  name: string;
  kind: string;
  format: string;
  size: number;
  sha256: string;
  importedAt: string;
}

export interface ReportChecklistAnswer {
  itemId: string;
  answer: ChecklistAnswerValue;
  note: string;
  actor: string;
  answeredAt: string;
}

export interface ReportOptions {
  /** Overrides the workspace's classification label. */
  classification?: string;
  /** Sections to include, default all (cover and contents are always included). */
  sections?: readonly ReportSectionId[];
  /** Excerpts per finding; default 2, or 1 above 1,000 findings. */
  excerptsPerFinding?: number;
  /** Longer excerpt lines are cut with "…"; default 160 characters. */
  maxExcerptLineLength?: number;
}

export interface ReportInput {
  reportId: string;
  /** ISO date-time. */
  generatedAt: string;
  tool: { name: string; version: string };
  catalogVersion: string;
  workspace: ReportWorkspaceInfo;
  /** The run reported on; null when nothing ran yet. */
  run: ReportRunInfo | null;
  /** The run's findings with today's triage applied. */
  findings: readonly Finding[];
  rules: readonly RuleMeta[];
  evidence: readonly ReportEvidenceInfo[];
  checklistAnswers: readonly ReportChecklistAnswer[];
  logHead?: { count: number; hash: string } | null;
  /** AI endpoints found in the evidence ("METHOD /path"); with any, the LLM Top 10 section is included. */
  aiEndpoints?: readonly string[];
  /**
   * The run's endpoint inventory (inventoryFromSummaries over its stored models, with traffic
   * joined by addObserved). Shown when the run has gateway or traffic evidence.
   */
  inventory?: SummariesInventory;
  /** The summaries of the run's traffic evidence files; with any, the traffic section is shown. */
  traffic?: readonly TrafficSummary[];
  excerpt?: ExcerptProvider;
  options?: ReportOptions;
}

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

export const STATUS_LABELS: Record<FindingStatus, string> = {
  open: 'Open',
  suppressed: 'Suppressed in the evidence',
  'false-positive': 'False positive',
  'accepted-risk': 'Accepted risk',
};

const NOT_OPEN_ORDER: readonly FindingStatus[] = ['accepted-risk', 'false-positive', 'suppressed'];
const LARGE_AUDIT = 1_000;

export function buildReport(input: ReportInput): ReportContent {
  const options = input.options ?? {};
  const findings = sortFindings(input.findings);
  const classification = (options.classification ?? input.workspace.classification).trim() || 'confidential';
  const excerptsPerFinding = options.excerptsPerFinding ?? (findings.length > LARGE_AUDIT ? 1 : 2);
  const maxLineLength = options.maxExcerptLineLength ?? 160;
  const coverage = computeCoverage([...input.rules], findings);
  const answers = new Map(input.checklistAnswers.map((a) => [a.itemId, a]));

  const hasAi = (input.aiEndpoints?.length ?? 0) > 0 || findings.some((f) => f.controls.some((c) => c.startsWith('LLM')));
  const wanted = new Set<ReportSectionId>(options.sections ?? REPORT_SECTIONS);
  const sections = REPORT_SECTIONS.filter((s) => wanted.has(s) && (s !== 'owasp-llm' || hasAi));

  // Findings, numbered in the order the report lists them: open by severity, then the others by status.
  const open = findings.filter((f) => f.status === 'open');
  const notOpen = findings.filter((f) => f.status !== 'open');
  let counter = 0;
  const toReportFinding = (finding: Finding): ReportFinding => {
    counter += 1;
    return reportFinding(finding, `F-${String(counter).padStart(4, '0')}`, input.excerpt, excerptsPerFinding, maxLineLength);
  };
  const findingGroups: FindingGroup[] = SEVERITY_ORDER.map((severity) => {
    const members = open.filter((f) => f.severity === severity);
    return { key: severity, label: SEVERITY_LABELS[severity], count: members.length, rules: groupByRule(members.map(toReportFinding)) };
  }).filter((g) => g.count > 0);
  const notOpenGroups: FindingGroup[] = NOT_OPEN_ORDER.map((status) => {
    const members = notOpen.filter((f) => f.status === status);
    return { key: status, label: STATUS_LABELS[status], count: members.length, rules: groupByRule(members.map(toReportFinding)) };
  }).filter((g) => g.count > 0);

  const checklist = checklistSection(answers);
  const checklistTitle = (id: string): string => findChecklistItem(id)?.title ?? id;
  const gdpr = assessGdpr(findings, coverage, input.checklistAnswers, input.run !== null, checklistTitle);
  const owaspApi = matrix(OWASP_API_2023, coverage, answers);
  const owaspLlm = hasAi ? matrix(OWASP_LLM_2025, coverage, answers) : null;
  const runEvidence = new Set(input.run?.evidenceIds ?? []);
  const evidence: EvidenceRow[] = input.evidence.map((e) => ({ ...e, inRun: runEvidence.has(e.id) }));
  const summary = buildSummary(findings, coverage, gdpr, checklist, evidence, input, owaspLlm !== null && sections.includes('owasp-llm'));
  // Inventory and traffic belong to the evidence chapter: shown (before the manifest) with it.
  const withEvidence = sections.includes('evidence');
  const traffic = withEvidence && input.traffic?.length ? input.traffic : [];
  const refs = new Map<string, string>();
  for (const group of [...findingGroups, ...notOpenGroups]) for (const rule of group.rules) for (const f of rule.findings) refs.set(f.fingerprint, f.ref);
  const inventory =
    withEvidence && input.inventory && (input.inventory.sources.gateways.length > 0 || traffic.length > 0)
      ? inventorySection(input.inventory, traffic)
      : null;

  const ws = input.workspace;
  const title = `${ws.name || 'API security audit'}: audit report`;
  return {
    metadata: {
      title,
      author: ws.auditor || 'Gatehouse',
      subject:
        `API security audit${ws.client ? ` for ${ws.client}` : ''}: findings mapped to the OWASP API Security Top 10 2023, ` +
        'the OWASP Top 10 for LLM Applications 2025 and GDPR articles',
      keywords: ['API security', 'audit', 'OWASP API Security Top 10 2023', 'OWASP LLM Top 10 2025', 'GDPR', classification].join(', '),
      creator: `${input.tool.name} ${input.tool.version}`,
    },
    classification,
    sections,
    cover: {
      title: 'API Security Audit Report',
      subtitle: ws.name,
      auditName: ws.name,
      client: ws.client,
      scope: ws.scope,
      auditor: ws.auditor,
      period: period(ws.periodStart, ws.periodEnd),
      reportId: input.reportId,
      generatedAt: input.generatedAt,
      workspaceId: ws.id,
      workspaceSchema: ws.schemaVersion,
      catalogVersion: input.catalogVersion,
      tool: `${input.tool.name} ${input.tool.version}`,
      run: input.run && {
        id: input.run.id,
        startedAt: input.run.startedAt,
        endedAt: input.run.endedAt,
        catalogVersion: input.run.catalogVersion,
        toolVersion: input.run.toolVersion,
      },
      classification,
      logHead: input.logHead ?? null,
    },
    summary,
    owaspApi,
    owaspLlm,
    gdpr,
    checklist,
    findings: findingGroups,
    notOpen: notOpenGroups,
    evidence,
    inventory,
    traffic: traffic.length > 0 ? traffic.map((t) => trafficFile(t, findings, refs)) : null,
    methodology: methodology(input, excerptsPerFinding, evidence.length),
    rules: [...input.rules]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((r) => ({
        id: r.id,
        title: r.title,
        severity: r.severity,
        confidence: r.confidence,
        source: r.source,
        controls: [...r.controls],
        equivalents: [...r.equivalents],
      })),
    excerptsPerFinding,
  };
}

// ---- inventory and traffic ----------------------------------------------------------------------

function inventorySection(input: SummariesInventory, traffic: readonly TrafficSummary[]): ReportInventory {
  const rows = inventoryRows(input.inventory).map((r) => {
    const c = r.controls;
    return {
      endpoint: r.endpoint,
      hosts: r.hosts,
      documented: r.documented,
      exposed: r.exposed,
      observed: r.observed ? r.observed.requests : null,
      auth: c ? c.authentication.join(', ') || 'none' : '',
      rateLimit: c ? c.rateLimits.join(', ') || 'none' : '',
      sizeLimit: c ? (c.sizeLimit ?? 'none') : '',
      cors: c ? (c.cors ?? 'none') : '',
      logging: c ? c.logging.join(', ') || 'none' : '',
    };
  });
  return {
    sources: {
      specs: input.sources.specs.map((s) => `${s.file} (${s.operations} ${plural(s.operations, 'operation')})`),
      gateways: input.sources.gateways.map((g) => `${g.file} (${g.product}, ${g.routes} ${plural(g.routes, 'route')})`),
      traffic: traffic.map((t) => `${t.file} (${t.volume.requests} ${plural(t.volume.requests, 'request')})`),
    },
    counts: inventoryCounts(input.inventory),
    rows,
    problems: [...input.problems],
  };
}

function trafficFile(summary: TrafficSummary, findings: readonly Finding[], refs: ReadonlyMap<string, string>): ReportTrafficFile {
  const files = new Set([summary.file, ...summary.files]);
  const detections = findings
    .filter((f) => f.source === 'traffic' && (f.evidence.some((e) => files.has(e)) || f.locations.some((l) => files.has(l.file))))
    .map((f) => ({ ref: refs.get(f.fingerprint) ?? null, ruleId: f.ruleId, title: f.title, severity: f.severity, status: f.status, endpoints: [...f.endpoints], message: f.message }));
  return {
    file: summary.file,
    formatLabel: summary.formatLabel,
    span: summary.span ? { first: summary.span.first, last: summary.span.last, days: summary.span.days } : null,
    requests: summary.volume.requests,
    byClass: { ...summary.volume.byClass },
    topCallers: summary.topCallers.slice(0, 10).map((c) => ({ caller: c.caller, kind: c.kind, requests: c.count, errors: c.errors })),
    pseudonymized: summary.privacy.pseudonymized,
    privacyNote: summary.privacy.note,
    detections,
  };
}

// ---- findings ---------------------------------------------------------------------------------

function reportFinding(
  finding: Finding,
  ref: string,
  excerpt: ExcerptProvider | undefined,
  limit: number,
  maxLineLength: number,
): ReportFinding {
  const excerpts: ReportExcerpt[] = [];
  const seen = new Set<string>();
  if (excerpt !== undefined) {
    for (const location of finding.locations) {
      if (excerpts.length >= limit) break;
      const key = `${location.file}\u0000${location.line}`;
      if (location.line <= 0 || seen.has(key)) continue;
      seen.add(key);
      const found = excerpt(location.file, location.line);
      if (!found || found.lines.length === 0) continue;
      excerpts.push({
        file: location.file,
        line: location.line,
        startLine: found.startLine,
        lines: found.lines.map((line) => cleanExcerptLine(line, maxLineLength)),
      });
    }
  }
  const out: ReportFinding = {
    ref,
    fingerprint: finding.fingerprint,
    ruleId: finding.ruleId,
    title: finding.title,
    severity: finding.severity,
    confidence: finding.confidence,
    source: finding.source,
    status: finding.status,
    controls: finding.controls.map((id) => ({ id, title: findRequirement(id)?.title ?? '' })),
    message: finding.message,
    remediation: finding.remediation,
    endpoints: [...finding.endpoints],
    occurrences: finding.occurrences,
    locations: finding.locations.map((l) => ({ ...l })),
    excerpts,
  };
  if (finding.statusReason !== undefined) out.statusReason = finding.statusReason;
  if (finding.expires !== undefined) out.expires = finding.expires;
  return out;
}

/** Tabs become two spaces, control characters go, long lines are cut with "…". */
export function cleanExcerptLine(line: string, maxLength: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = line.replace(/\t/g, '  ').replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, '').replace(/\s+$/, '');
  const chars = [...clean];
  return chars.length > maxLength ? `${chars.slice(0, maxLength - 1).join('')}…` : clean;
}

/** Consecutive findings of the same rule and severity form one group (input is already sorted). */
function groupByRule(findings: ReportFinding[]): RuleGroup[] {
  const groups: RuleGroup[] = [];
  const byKey = new Map<string, RuleGroup>();
  for (const finding of findings) {
    const key = `${finding.severity}\u0000${finding.ruleId}`;
    let group = byKey.get(key);
    if (group === undefined) {
      group = {
        ruleId: finding.ruleId,
        title: finding.title,
        severity: finding.severity,
        confidence: finding.confidence,
        controls: finding.controls,
        remediation: finding.remediation,
        findings: [],
      };
      byKey.set(key, group);
      groups.push(group);
    }
    group.findings.push(finding);
  }
  return groups;
}

// ---- matrices, checklist, summary -------------------------------------------------------------

function matrix(catalog: ControlCatalog, coverage: readonly CoverageEntry[], answers: ReadonlyMap<string, ReportChecklistAnswer>): ControlMatrix {
  const byControl = new Map(coverage.map((c) => [c.control, c]));
  const rows: MatrixRow[] = catalog.requirements.map((requirement) => {
    const entry = byControl.get(requirement.id);
    const open = entry?.findings.open ?? 0;
    const notOpen = entry?.findings.suppressed ?? 0;
    const rules = entry?.rules ?? [];
    const manual = checklistItemsFor(requirement.id).map((item) => ({ id: item.id, answer: answers.get(item.id)?.answer ?? null }));
    let assessment: string;
    if (open > 0) assessment = `${open} open ${plural(open, 'finding')}`;
    else if (rules.length > 0) assessment = notOpen > 0 ? 'no open findings (others triaged)' : 'no open findings';
    else assessment = manual.length > 0 ? 'no automated check: manual review' : 'no automated check';
    return {
      control: requirement.id,
      title: requirement.title,
      rules: [...rules],
      open,
      notOpen,
      worstSeverity: (entry?.worstSeverity as Severity | undefined) ?? null,
      manual,
      assessment,
    };
  });
  return { catalog: catalog.id, title: `${catalog.title} ${catalog.version}`, rows };
}

function checklistSection(answers: ReadonlyMap<string, ReportChecklistAnswer>): ChecklistSection {
  const rows: ChecklistRow[] = CHECKLIST.map((item) => {
    const answer = answers.get(item.id);
    return {
      id: item.id,
      title: item.title,
      question: item.question,
      controls: [...item.controls],
      answer: answer?.answer ?? null,
      note: answer?.note ?? '',
      actor: answer?.actor ?? null,
      answeredAt: answer?.answeredAt ?? null,
      known: true,
    };
  });
  for (const answer of answers.values()) {
    if (findChecklistItem(answer.itemId)) continue;
    rows.push({
      id: answer.itemId,
      title: answer.itemId,
      question: 'An answer recorded for an item that is not in the shipped checklist.',
      controls: [],
      answer: answer.answer,
      note: answer.note,
      actor: answer.actor,
      answeredAt: answer.answeredAt,
      known: false,
    });
  }
  return { rows, answered: rows.filter((r) => r.answer !== null).length, total: rows.length };
}

function buildSummary(
  findings: readonly Finding[],
  coverage: readonly CoverageEntry[],
  gdpr: GdprSection,
  checklist: ChecklistSection,
  evidence: readonly EvidenceRow[],
  input: ReportInput,
  withLlm: boolean,
): ReportSummary {
  const bySeverity: SeverityRow[] = SEVERITY_ORDER.map((severity) => {
    const of = findings.filter((f) => f.severity === severity);
    const count = (status: FindingStatus) => of.filter((f) => f.status === status).length;
    return {
      severity,
      label: SEVERITY_LABELS[severity],
      open: count('open'),
      suppressed: count('suppressed'),
      falsePositive: count('false-positive'),
      acceptedRisk: count('accepted-risk'),
      total: of.length,
    };
  });
  const byStatus = (['open', 'accepted-risk', 'false-positive', 'suppressed'] as const).map((status) => ({
    status,
    label: STATUS_LABELS[status],
    count: findings.filter((f) => f.status === status).length,
  }));
  const open = findings.filter((f) => f.status === 'open');
  const catalogs = withLlm ? [OWASP_API_2023, OWASP_LLM_2025] : [OWASP_API_2023];
  const categories: CategoryBar[] = catalogs.flatMap((catalog) =>
    catalog.requirements.map((requirement) => {
      const bySev = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<Severity, number>;
      for (const finding of open) if (finding.controls.includes(requirement.id)) bySev[finding.severity] += 1;
      return { control: requirement.id, title: requirement.title, bySeverity: bySev, open: SEVERITY_ORDER.reduce((n, s) => n + bySev[s], 0) };
    }),
  );

  const byRule = new Map<string, { ruleId: string; title: string; severity: Severity; open: number }>();
  for (const finding of open) {
    const entry = byRule.get(finding.ruleId) ?? { ruleId: finding.ruleId, title: finding.title, severity: finding.severity, open: 0 };
    entry.open += 1;
    if (severityRank(finding.severity) < severityRank(entry.severity)) entry.severity = finding.severity;
    byRule.set(finding.ruleId, entry);
  }
  const topIssues = [...byRule.values()]
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.open - a.open || (a.ruleId < b.ruleId ? -1 : 1))
    .slice(0, 5);

  const expiredAcceptances = open.filter((f) => f.statusReason?.startsWith('risk acceptance expired')).length;
  const totals = {
    findings: findings.length,
    open: open.length,
    notOpen: findings.length - open.length,
    evidenceFiles: evidence.filter((e) => e.inRun).length || evidence.length,
    rules: input.rules.length,
    expiredAcceptances,
  };
  const { headline, paragraphs } = posture(bySeverity, byStatus, categories, gdpr, checklist, totals, input, coverage);
  return { headline, paragraphs, totals, bySeverity, byStatus, categories, topIssues };
}

/** The posture in plain words: one headline and a few short paragraphs. */
function posture(
  bySeverity: readonly SeverityRow[],
  byStatus: readonly { status: FindingStatus; count: number }[],
  categories: readonly CategoryBar[],
  gdpr: GdprSection,
  checklist: ChecklistSection,
  totals: ReportSummary['totals'],
  input: ReportInput,
  coverage: readonly CoverageEntry[],
): { headline: string; paragraphs: string[] } {
  const openOf = (s: Severity) => bySeverity.find((r) => r.severity === s)?.open ?? 0;
  const [critical, high, medium] = [openOf('critical'), openOf('high'), openOf('medium')];
  const lowInfo = openOf('low') + openOf('info');
  let headline: string;
  if (input.run === null) headline = 'No audit has been run in this workspace yet, so there is nothing to report on.';
  else if (critical > 0)
    headline = `Serious weaknesses: ${critical} critical ${plural(critical, 'finding')} ${critical === 1 ? 'is' : 'are'} open and should be fixed before anything else.`;
  else if (high > 0)
    headline = `Significant weaknesses: no critical findings, but ${high} high-severity ${plural(high, 'finding')} ${high === 1 ? 'is' : 'are'} open.`;
  else if (medium > 0)
    headline = `Moderate weaknesses: no critical or high-severity findings are open; ${medium} medium-severity ${medium === 1 ? 'one is' : 'ones are'}.`;
  else if (lowInfo > 0) headline = 'Minor issues only: no critical, high or medium-severity findings are open.';
  else headline = 'No open findings in the evidence examined.';

  const paragraphs: string[] = [];
  const count = (status: FindingStatus) => byStatus.find((s) => s.status === status)?.count ?? 0;
  const rulesRun = new Set(coverage.flatMap((c) => c.rules)).size;
  paragraphs.push(
    `The audit examined ${totals.evidenceFiles} evidence ${plural(totals.evidenceFiles, 'file')} with ${rulesRun} automated ` +
      `${plural(rulesRun, 'check')} (rule catalog ${input.catalogVersion}) and reports ${totals.findings} ${plural(totals.findings, 'finding')}: ` +
      `${totals.open} open, ${count('accepted-risk')} accepted as ${plural(count('accepted-risk'), 'risk')}, ` +
      `${count('false-positive')} marked false ${plural(count('false-positive'), 'positive')} and ${count('suppressed')} suppressed in the evidence.`,
  );
  if (totals.open > 0) {
    const openParts = bySeverity.filter((r) => r.open > 0).map((r) => `${r.open} ${r.label.toLowerCase()}`);
    const worst = [...categories].filter((c) => c.open > 0).sort((a, b) => b.open - a.open).slice(0, 2);
    paragraphs.push(
      `Open findings by severity: ${openParts.join(', ')}.` +
        (worst.length > 0
          ? ` Most of them concern ${worst.map((c) => `${c.control} ${c.title} (${c.open})`).join(' and ')}.`
          : ''),
    );
  } else if (input.run !== null) {
    paragraphs.push(
      'This does not show that the API is secure: automated checks of evidence files cannot judge business logic, ' +
        'runtime behaviour or organisational measures. The manual checklist covers what they cannot.',
    );
  }
  if (totals.expiredAcceptances > 0) {
    paragraphs.push(
      `${totals.expiredAcceptances} risk ${plural(totals.expiredAcceptances, 'acceptance')} expired and ${totals.expiredAcceptances === 1 ? 'is' : 'are'} open again.`,
    );
  }
  paragraphs.push(
    `GDPR: the evidence contradicts ${gdpr.counts.contradicts}, supports ${gdpr.counts.supports} and is insufficient for ` +
      `${gdpr.counts['insufficient evidence']} of the ${gdpr.rows.length} articles examined. Automated evidence can support or ` +
      'contradict a requirement but never establishes that processing meets it.',
  );
  const unanswered = checklist.total - checklist.answered;
  paragraphs.push(
    unanswered === 0
      ? `All ${checklist.total} manual checklist items are answered.`
      : `${checklist.answered} of ${checklist.total} manual checklist items are answered; ${unanswered} ${unanswered === 1 ? 'remains' : 'remain'} open for the auditor.`,
  );
  return { headline, paragraphs };
}

function methodology(input: ReportInput, excerptsPerFinding: number, evidenceCount: number): { heading: string; paragraphs: string[] }[] {
  const catalogNames = CATALOGS.map((c) => `${c.title} ${c.version}`).join('; ');
  return [
    {
      heading: 'Evidence and scope',
      paragraphs: [
        `The audit examined the evidence the client handed over (${evidenceCount} ${plural(evidenceCount, 'file')}, listed with their SHA-256 ` +
          'hashes in the evidence manifest). Nothing was fetched from the network and no live system was tested: the findings ' +
          'describe the API as its evidence describes it.',
      ],
    },
    {
      heading: 'Automated checks',
      paragraphs: [
        `${input.rules.length} rules (catalog version ${input.catalogVersion}) ran over normalized models of the evidence. Every rule ` +
          `is mapped to requirements of these catalogs: ${catalogNames}; the rule catalog appendix lists the mappings. A problem in a ` +
          'shared schema is reported once, at the schema, with every endpoint that uses it and the number of places it shows.',
        'Every finding has a fingerprint (SHA-256 of rule, evidence file and location) that stays the same from run to run, so ' +
          'triage decisions carry over to later runs.',
      ],
    },
    {
      heading: 'Severity and confidence',
      paragraphs: [
        'Severity says how bad a problem is if it is real (critical, high, medium, low, info). Confidence says how sure the ' +
          'evidence makes us: confirmed (the evidence shows the problem), likely (the evidence strongly suggests it) or candidate ' +
          '(worth a manual look; the evidence alone cannot decide).',
      ],
    },
    {
      heading: 'Triage',
      paragraphs: [
        'Findings can be suppressed in the evidence (x-gatehouse-ignore) or triaged by the auditor as a false positive or an ' +
          'accepted risk, always with a reason and, for accepted risks, an optional expiry date. They are listed in their own ' +
          'section and never dropped. An accepted risk whose expiry date has passed counts as open again.',
      ],
    },
    {
      heading: 'GDPR and the manual checklist',
      paragraphs: [
        'GDPR articles are marked "supports", "contradicts" or "insufficient evidence", never as met: see the note on the limits ' +
          'of automated evidence in the GDPR section. Controls that evidence files cannot show (incident response, DPIAs, ' +
          'retention, key rotation, records of processing, transfers, business-flow and authorization testing) are covered by ' +
          'a manual checklist; each answer is recorded with its author and time in the workspace audit log.',
      ],
    },
    {
      heading: 'Excerpts',
      paragraphs: [
        `Each finding shows up to ${excerptsPerFinding} ${plural(excerptsPerFinding, 'excerpt')} of the evidence around its location, with ` +
          'line numbers; the highlighted line is the one the finding points at. Long lines are shortened. The JSON attachment ' +
          'holds every location of every finding.',
      ],
    },
    {
      heading: 'Integrity and verification',
      paragraphs: [
        'The report was generated from a workspace whose audit log is hash-chained; the head of that log when the report was made ' +
          'is printed on the cover, so later changes to the log can be told apart.',
        `The PDF carries two attachments: ${REPORT_ATTACHMENTS.findings} (the JSON export of the findings and control coverage) and ` +
          `${REPORT_ATTACHMENTS.manifest} (the report, run and evidence hashes). When the report is signed, the signature covers the ` +
          'whole file: any PDF reader shows the signer and whether the file changed since. "gatehouse verify report.pdf --trust ' +
          "signer.pem --workspace audit.gatehouse\" checks the signature, the signer's certificate and the evidence hashes against the workspace.",
      ],
    },
  ];
}

// ---- formatting ---------------------------------------------------------------------------------

function period(start: string | null, end: string | null): string {
  if (start && end) return `${start} to ${end}`;
  if (start) return `from ${start}`;
  if (end) return `until ${end}`;
  return 'not stated';
}

/** "2025-03-01 10:00 UTC" */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "1.2 MB", "532 bytes" */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
