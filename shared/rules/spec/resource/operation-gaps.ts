/**
 * Reporting a documentation gap that many operations share (no 429, no 401, no 500...) without
 * drowning the report: one finding per operation when only a few lack it, otherwise one finding
 * for the whole description at `paths`, naming how many operations lack it and listing them as
 * endpoints. A description where no operation has it at all always gets the single finding.
 */
import type { Severity } from '../../../model/finding.js';
import type { SourceRef } from '../../../model/source.js';
import type { Operation, SpecModel } from '../../../model/spec.js';
import type { SpecRuleContext } from '../../define-rule.js';

/** Up to this many operations lacking something are reported one by one. */
export const FEW_OPERATIONS = 5;

export function pathsPlace(spec: SpecModel): SourceRef {
  return { file: spec.file, pointer: spec.root.paths !== undefined ? '/paths' : '' };
}

export function aggregates(lacking: readonly Operation[], candidates: readonly Operation[]): boolean {
  return lacking.length === candidates.length || lacking.length > FEW_OPERATIONS;
}

export interface GapReport {
  /** Operations the expectation applies to. */
  candidates: readonly Operation[];
  /** The candidates that do not meet it. */
  lacking: readonly Operation[];
  /** Message for one operation. */
  one(op: Operation): string;
  /** Message for the aggregated finding. */
  many(lacking: readonly Operation[], candidates: readonly Operation[]): string;
  /** Operations to leave out when reporting one by one (another rule reports them more precisely). */
  skipWhenSingle?(op: Operation): boolean;
  severity?: Severity;
}

export function reportGaps(ctx: SpecRuleContext, gap: GapReport): void {
  const { candidates, lacking } = gap;
  if (!lacking.length) return;
  const severity = gap.severity ? { severity: gap.severity } : {};
  if (aggregates(lacking, candidates)) {
    ctx.report(pathsPlace(ctx.spec), {
      message: gap.many(lacking, candidates),
      endpoints: lacking.map((op) => op.endpoint),
      occurrences: lacking.length,
      related: lacking.slice(0, 20).map((op) => op.at),
      ...severity,
    });
    return;
  }
  for (const op of lacking) {
    if (gap.skipWhenSingle?.(op)) continue;
    ctx.report(op.at, { message: gap.one(op), endpoints: [op.endpoint], ...severity });
  }
}

/** Operations that take part in rate-limit and error documentation (OPTIONS and HEAD do not). */
export function documentedOperations(spec: SpecModel): Operation[] {
  return spec.operations.filter((op) => op.method !== 'options' && op.method !== 'head');
}

export function hasStatus(op: Operation, ...statuses: string[]): boolean {
  const wanted = new Set(statuses.map((s) => s.toUpperCase()));
  return op.responses.some((r) => wanted.has(r.status.toUpperCase()));
}
