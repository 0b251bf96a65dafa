/**
 * What a report says, as plain data: built by build-report.ts from the workspace's data, read by
 * the PDF renderer (electron/node/pdf) and the HTML export (html.ts). Nothing here knows about
 * pages, fonts or markup.
 */
import type { CatalogId } from '../model/control.js';
import type { Confidence, FindingSource, FindingStatus, Location, Severity } from '../model/finding.js';
import type { ChecklistAnswerValue } from './checklist.js';

/** The sections a report can hold, in the order they appear. Cover and contents are always there. */
export const REPORT_SECTIONS = [
  'summary',
  'owasp-api',
  'owasp-llm',
  'gdpr',
  'checklist',
  'findings',
  'not-open',
  'evidence',
  'methodology',
  'rules',
] as const;
export type ReportSectionId = (typeof REPORT_SECTIONS)[number];

/** The only three things a report says about a GDPR article. Never "compliant". */
export const GDPR_VERDICTS = ['supports', 'contradicts', 'insufficient evidence'] as const;
export type GdprVerdict = (typeof GDPR_VERDICTS)[number];

export interface ReportMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  creator: string;
}

export interface ReportCover {
  title: string;
  subtitle: string;
  auditName: string;
  client: string;
  scope: string;
  auditor: string;
  /** "2025-03-01 to 2025-03-31", or "not stated". */
  period: string;
  reportId: string;
  /** ISO date-time. */
  generatedAt: string;
  workspaceId: string;
  /** The workspace file's schema version (its newest migration). */
  workspaceSchema: number;
  catalogVersion: string;
  /** "gatehouse 0.1.0" */
  tool: string;
  run: { id: number; startedAt: string; endedAt: string; catalogVersion: string; toolVersion: string } | null;
  classification: string;
  /** Head of the workspace's hash-chained audit log when the report was made: an anchor outside the file. */
  logHead: { count: number; hash: string } | null;
}

export interface StatusCount {
  status: FindingStatus;
  label: string;
  count: number;
}

export interface SeverityRow {
  severity: Severity;
  label: string;
  open: number;
  suppressed: number;
  falsePositive: number;
  acceptedRisk: number;
  total: number;
}

export interface CategoryBar {
  control: string;
  title: string;
  /** Open findings per severity. */
  bySeverity: Record<Severity, number>;
  open: number;
}

export interface ReportSummary {
  /** One sentence: the posture in plain words. */
  headline: string;
  /** Short paragraphs that explain the headline. */
  paragraphs: string[];
  totals: { findings: number; open: number; notOpen: number; evidenceFiles: number; rules: number; expiredAcceptances: number };
  bySeverity: SeverityRow[];
  byStatus: StatusCount[];
  /** Findings per OWASP category (API Top 10, plus LLM Top 10 when that section is in the report). */
  categories: CategoryBar[];
  /** The rules with the most severe open findings, worst first (at most five). */
  topIssues: { ruleId: string; title: string; severity: Severity; open: number }[];
}

export interface MatrixRow {
  control: string;
  title: string;
  /** Ids of the rules that check this requirement (all ran in the reported run). */
  rules: string[];
  open: number;
  notOpen: number;
  worstSeverity: Severity | null;
  /** Manual checklist items for this requirement and their answers. */
  manual: { id: string; answer: ChecklistAnswerValue | null }[];
  /** Plain words: "3 open findings", "no open findings", "no automated check". */
  assessment: string;
}

export interface ControlMatrix {
  catalog: CatalogId;
  title: string;
  rows: MatrixRow[];
}

export interface GdprRow {
  article: string;
  title: string;
  verdict: GdprVerdict;
  /** Evidence that contradicts the requirement being met (open findings, "no" answers). */
  contradicting: string[];
  /** Evidence that supports it (checks that found nothing, "yes" answers). */
  supporting: string[];
  /** What automated evidence cannot show for this article. */
  limits: string;
}

export interface GdprSection {
  /** The boxed note on the limits of automated evidence; always shown with the table. */
  noteTitle: string;
  note: string[];
  rows: GdprRow[];
  counts: Record<GdprVerdict, number>;
}

export interface ChecklistRow {
  id: string;
  title: string;
  question: string;
  controls: string[];
  answer: ChecklistAnswerValue | null;
  note: string;
  actor: string | null;
  answeredAt: string | null;
  /** false for answers to ids the shipped checklist does not have (kept, never dropped). */
  known: boolean;
}

export interface ChecklistSection {
  rows: ChecklistRow[];
  answered: number;
  total: number;
}

export interface ReportExcerpt {
  file: string;
  /** The line the finding points at (highlighted). */
  line: number;
  startLine: number;
  lines: string[];
}

export interface ReportFinding {
  /** "F-0001": numbered in report order. */
  ref: string;
  fingerprint: string;
  ruleId: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  source: FindingSource;
  status: FindingStatus;
  statusReason?: string;
  expires?: string;
  controls: { id: string; title: string }[];
  message: string;
  remediation: string;
  endpoints: string[];
  occurrences: number;
  locations: Location[];
  excerpts: ReportExcerpt[];
}

/** Findings of one rule (and severity) inside a group: what they share is said once. */
export interface RuleGroup {
  ruleId: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  controls: { id: string; title: string }[];
  remediation: string;
  findings: ReportFinding[];
}

export interface FindingGroup {
  /** A severity (open findings) or a status (the other section). */
  key: string;
  label: string;
  count: number;
  rules: RuleGroup[];
}

export interface EvidenceRow {
  id: number;
  name: string;
  kind: string;
  format: string;
  size: number;
  sha256: string;
  importedAt: string;
  /** The reported run read this file. */
  inRun: boolean;
}

export interface RuleRow {
  id: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  source: FindingSource;
  controls: string[];
  equivalents: string[];
}

/** One endpoint of the inventory with the controls in force ('' where no gateway exposes it). */
export interface ReportInventoryRow {
  endpoint: string;
  /** Hosts of an endpoint only routes on those hosts expose; empty otherwise. */
  hosts: string[];
  documented: boolean;
  exposed: boolean;
  /** Requests seen in traffic; null when the endpoint was not observed. */
  observed: number | null;
  auth: string;
  rateLimit: string;
  sizeLimit: string;
  cors: string;
  logging: string;
}

export interface ReportInventory {
  sources: { specs: string[]; gateways: string[]; traffic: string[] };
  counts: {
    endpoints: number;
    documented: number;
    exposed: number;
    documentedAndExposed: number;
    undocumented: number;
    unrouted: number;
    observed: number | null;
  };
  rows: ReportInventoryRow[];
  /** Stored models that could not be read. */
  problems: string[];
}

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'other';

export interface ReportTrafficFile {
  file: string;
  formatLabel: string;
  /** First and last request (ISO), null when the file has no timestamps. */
  span: { first: string; last: string; days: number } | null;
  requests: number;
  byClass: Record<StatusClass, number>;
  /** Callers with the most requests, as stored (pseudonymized when the import was keyed). */
  topCallers: { caller: string; kind: 'principal' | 'ip'; requests: number; errors: number }[];
  pseudonymized: boolean;
  privacyNote: string;
  /** Findings of source `traffic` that cite this file. */
  detections: { ref: string | null; ruleId: string; title: string; severity: Severity; status: FindingStatus; endpoints: string[]; message: string }[];
}

export interface ReportContent {
  metadata: ReportMetadata;
  classification: string;
  sections: ReportSectionId[];
  cover: ReportCover;
  summary: ReportSummary;
  owaspApi: ControlMatrix;
  /** null when the audit has no AI findings or endpoints (the section is then left out). */
  owaspLlm: ControlMatrix | null;
  gdpr: GdprSection;
  checklist: ChecklistSection;
  /** Open findings by severity. */
  findings: FindingGroup[];
  /** Suppressed, false-positive and accepted-risk findings, by status, with reason and expiry. */
  notOpen: FindingGroup[];
  evidence: EvidenceRow[];
  /**
   * The endpoint inventory, shown before the evidence manifest (with it); null when the run has no
   * gateway and no traffic evidence, or the evidence section is left out.
   */
  inventory: ReportInventory | null;
  /** Per traffic evidence file (before the evidence manifest, with it); null when there is none. */
  traffic: ReportTrafficFile[] | null;
  methodology: { heading: string; paragraphs: string[] }[];
  rules: RuleRow[];
  /** Excerpts were limited to this many per finding. */
  excerptsPerFinding: number;
}
