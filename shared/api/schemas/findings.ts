/** Findings as the UI lists, filters, groups, opens and triages them. */
import { z } from 'zod';
import { CatalogId } from '../../model/control.js';
import { Confidence, Finding, FindingSource, FindingStatus, Severity } from '../../model/finding.js';
import { ActorInput, EntityId, IsoDate } from './common.js';

export const FindingFilter = z
  .object({
    severity: z.array(Severity).optional(),
    status: z.array(FindingStatus).optional(),
    source: z.array(FindingSource).optional(),
    confidence: z.array(Confidence).optional(),
    /** Requirement ids, exact (`API2:2023`, `GDPR-32`). */
    control: z.array(z.string().min(1).max(100)).optional(),
    /** Findings mapped to any requirement of these catalogs. */
    catalog: z.array(CatalogId).optional(),
    ruleId: z.array(z.string().min(1).max(200)).optional(),
    /** Evidence names as findings cite them. */
    evidence: z.array(z.string().min(1).max(1000)).optional(),
    /** "METHOD /path", exact. */
    endpoint: z.string().min(1).max(2000).optional(),
    /** Case-insensitive text in title, message, rule id, endpoints and file names. */
    search: z.string().max(500).optional(),
  })
  .strict();
export type FindingFilter = z.infer<typeof FindingFilter>;

export const FindingSort = z
  .object({
    by: z.enum(['severity', 'rule', 'location', 'status', 'occurrences']),
    direction: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();

export const FindingsQuery = z
  .object({
    /** Default: the latest run. */
    runId: EntityId.optional(),
    filter: FindingFilter.default({}),
    /** Default: the order every output uses (most severe first, then rule, then place). */
    sort: FindingSort.optional(),
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().min(1).max(2000).default(200),
    /** Also count the filtered findings per rule or per control requirement. */
    groupBy: z.enum(['rule', 'control']).optional(),
  })
  .strict();
export type FindingsQuery = z.input<typeof FindingsQuery>;

export const FindingGroup = z.object({
  /** The rule id or the requirement id. */
  key: z.string(),
  title: z.string(),
  /** For control groups. */
  catalog: CatalogId.optional(),
  count: z.number().int(),
  open: z.number().int(),
  worstSeverity: Severity,
});

const countsOf = <T extends z.ZodEnum>(e: T) => z.record(e, z.number().int());

export const FindingsPage = z.object({
  /** The run listed; null when nothing ran yet. */
  runId: EntityId.nullable(),
  /** Findings that pass the filter. */
  total: z.number().int(),
  /** Findings of the run, unfiltered. */
  unfiltered: z.number().int(),
  offset: z.number().int(),
  items: z.array(Finding),
  groups: z.array(FindingGroup).nullable(),
  /** Counts over the whole run, for the filter chips. */
  facets: z.object({
    severity: countsOf(Severity),
    status: countsOf(FindingStatus),
    source: countsOf(FindingSource),
  }),
});
export type FindingsPage = z.infer<typeof FindingsPage>;

export const TriageStatus = z.enum(['open', 'false-positive', 'accepted-risk', 'confirmed']);

export const TriageDecision = z.object({
  fingerprint: z.string(),
  status: TriageStatus,
  reason: z.string(),
  expires: z.string().optional(),
  actor: z.string(),
  updatedAt: z.string(),
});
export type TriageDecision = z.infer<typeof TriageDecision>;

export const TriageInput = z
  .object({
    fingerprint: z.string().min(1).max(200),
    status: TriageStatus,
    reason: z.string().max(10_000).default(''),
    expires: IsoDate.nullish(),
    actor: ActorInput,
  })
  .strict()
  .refine((t) => !(t.status === 'false-positive' || t.status === 'accepted-risk') || t.reason.trim().length > 0, {
    message: 'a reason is required for false-positive and accepted-risk',
    path: ['reason'],
  })
  .refine((t) => t.expires == null || t.status === 'accepted-risk', {
    message: 'only an accepted-risk decision can expire',
    path: ['expires'],
  });

export const FindingNote = z.object({
  /** The audit-log entry that holds the note. */
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  text: z.string(),
});
export type FindingNote = z.infer<typeof FindingNote>;

export const AddNoteInput = z
  .object({
    fingerprint: z.string().min(1).max(200),
    text: z.string().trim().min(1, 'the note is empty').max(10_000),
    actor: ActorInput,
  })
  .strict();

/** Lines of the stored evidence around a finding's location; `highlight` are line numbers. */
export const EvidenceExcerpt = z.object({
  file: z.string(),
  pointer: z.string(),
  startLine: z.number().int(),
  lines: z.array(z.string()),
  highlight: z.array(z.number().int()),
});

export const RuleDescription = z.object({
  id: z.string(),
  title: z.string(),
  severity: Severity,
  confidence: Confidence,
  source: FindingSource,
  controls: z.array(z.string()),
  equivalents: z.array(z.string()),
  rationale: z.string(),
  remediation: z.string(),
});

export const ControlRef = z.object({ id: z.string(), catalog: CatalogId.nullable(), title: z.string() });

export const FindingDetail = z.object({
  finding: Finding,
  /** null for a rule this build no longer has (an older run). */
  rule: RuleDescription.nullable(),
  controls: z.array(ControlRef),
  excerpts: z.array(EvidenceExcerpt),
  triage: TriageDecision.nullable(),
  notes: z.array(FindingNote),
});
export type FindingDetail = z.infer<typeof FindingDetail>;

export const FindingDetailInput = z
  .object({
    fingerprint: z.string().min(1).max(200),
    runId: EntityId.optional(),
    /** Lines either side of each location (default 3). */
    radius: z.number().int().min(0).max(50).default(3),
  })
  .strict();

/** What a saved filter restores on the Findings screen: the filter and the grouping. */
export const SavedFilterState = z
  .object({
    filter: FindingFilter,
    groupBy: z.enum(['rule', 'control']).nullable(),
  })
  .strict();
export type SavedFilterState = z.infer<typeof SavedFilterState>;

export const SavedFilterName = z.string().trim().min(1, 'name the filter').max(100, 'at most 100 characters');

/** A named filter kept in the workspace (so every machine that opens it sees the same ones). */
export const SavedFilter = z.object({
  name: z.string(),
  state: SavedFilterState,
  savedBy: z.string(),
  savedAt: z.string(),
});
export type SavedFilter = z.infer<typeof SavedFilter>;

export const SaveFilterInput = z.object({ name: SavedFilterName, state: SavedFilterState, actor: ActorInput }).strict();
export const DeleteFilterInput = z.object({ name: SavedFilterName, actor: ActorInput }).strict();
