/** Shapes of the contract's answers the UI names, derived from the contract (types only: no zod in the bundle). */
import type { OutputOf } from '../../shared/api/index.js';

export type { CatalogId } from '../../shared/model/control.js';
export type { Finding, FindingSource, FindingStatus, Severity } from '../../shared/model/finding.js';

export type FindingGroup = NonNullable<OutputOf<'findings.list'>['groups']>[number];
export type LogEntry = OutputOf<'auditLog.list'>['items'][number];
export type ChecklistItemView = OutputOf<'checklist.items'>['items'][number];
