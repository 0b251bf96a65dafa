/**
 * The words the UI uses for the contract's values. Kept here (not imported from shared/model)
 * so the renderer bundles no zod; the `Record<…>` types make a new value in the contract a
 * compile error until it has words.
 */
import type { ReportSection } from '../../shared/api/index.js';
import type { CatalogId } from './types.js';
import type { Confidence, FindingSource, FindingStatus, Severity } from '../../shared/model/finding.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const satisfies readonly Severity[];
export const STATUSES = ['open', 'suppressed', 'false-positive', 'accepted-risk'] as const satisfies readonly FindingStatus[];
export const SOURCES = ['spec', 'gateway', 'traffic', 'cross'] as const satisfies readonly FindingSource[];

export const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

export const STATUS_LABEL: Record<FindingStatus, string> = {
  open: 'Open',
  suppressed: 'Suppressed',
  'false-positive': 'False positive',
  'accepted-risk': 'Accepted risk',
};

export const SOURCE_LABEL: Record<FindingSource, string> = { spec: 'Spec', gateway: 'Gateway', traffic: 'Traffic', cross: 'Cross-source' };

export const CONFIDENCE_LABEL: Record<Confidence, string> = { confirmed: 'Confirmed', likely: 'Likely', candidate: 'Candidate' };

export type TriageStatus = 'open' | 'confirmed' | 'false-positive' | 'accepted-risk';
export const TRIAGE_LABEL: Record<TriageStatus, string> = {
  open: 'Open (reopen)',
  confirmed: 'Confirmed',
  'false-positive': 'False positive',
  'accepted-risk': 'Accepted risk',
};

export const CATALOGS = ['owasp-api-2023', 'owasp-llm-2025', 'gdpr'] as const satisfies readonly CatalogId[];
export const CATALOG_LABEL: Record<CatalogId, string> = {
  'owasp-api-2023': 'OWASP API Security Top 10 2023',
  'owasp-llm-2025': 'OWASP Top 10 for LLM Applications 2025',
  gdpr: 'GDPR',
};
export const CATALOG_SHORT: Record<CatalogId, string> = { 'owasp-api-2023': 'OWASP API', 'owasp-llm-2025': 'OWASP LLM', gdpr: 'GDPR' };

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
] as const satisfies readonly ReportSection[];

export const REPORT_SECTION_LABEL: Record<ReportSection, string> = {
  summary: 'Executive summary',
  'owasp-api': 'OWASP API Security Top 10 2023',
  'owasp-llm': 'OWASP Top 10 for LLM Applications 2025',
  gdpr: 'GDPR evidence',
  checklist: 'Manual checklist',
  findings: 'Open findings',
  'not-open': 'Findings not open (triaged or suppressed)',
  evidence: 'Evidence files and hashes',
  methodology: 'Methodology',
  rules: 'Rules applied',
};

export type ChecklistAnswerValue = 'yes' | 'no' | 'partial' | 'n/a';
export const CHECKLIST_ANSWERS = ['yes', 'no', 'partial', 'n/a'] as const satisfies readonly ChecklistAnswerValue[];
export const CHECKLIST_ANSWER_LABEL: Record<ChecklistAnswerValue, string> = { yes: 'Yes', no: 'No', partial: 'Partial', 'n/a': 'Not applicable' };

export const EVIDENCE_KIND_LABEL: Record<'spec' | 'gateway' | 'traffic' | 'other', string> = {
  spec: 'API description',
  gateway: 'Gateway configuration',
  traffic: 'Traffic log',
  other: 'Other',
};
