/**
 * Runs rules over the normalized evidence and turns their reports into findings: one finding
 * per rule and place (reports at the same place merge their endpoints and occurrences), with a
 * stable fingerprint, resolved line/column, and in-place suppressions applied.
 */
import { severityRank, type Finding, type Location, type Severity } from '../model/finding.js';
import { sourceKey, type SourceIndex, type SourceRef } from '../model/source.js';
import type { SpecModel } from '../model/spec.js';
import type { AnyRule, RuleReport, SpecRule } from '../rules/define-rule.js';
import { sha256Hex } from './sha256.js';
import { findSuppression } from './suppression.js';

export interface PositionedSources extends SourceIndex {
  locateMany(refs: readonly SourceRef[]): Location[];
}

export interface SpecEvidence {
  model: SpecModel;
  sources: PositionedSources;
}

export interface RuleFailure {
  ruleId: string;
  evidence: string;
  message: string;
}

export interface EngineResult {
  findings: Finding[];
  ruleFailures: RuleFailure[];
}

interface Pending {
  rule: AnyRule;
  evidence: string;
  sources: PositionedSources;
  at: SourceRef;
  message: string;
  severity: Severity;
  endpoints: Set<string>;
  occurrences: number;
  related: SourceRef[];
}

export function fingerprintOf(ruleId: string, evidence: string, at: SourceRef): string {
  return sha256Hex(`${ruleId}\n${evidence}\n${at.file}#${at.pointer}`).slice(0, 24);
}

export function runRules(specs: readonly SpecEvidence[], rules: readonly AnyRule[]): EngineResult {
  const pending = new Map<string, Pending>();
  const ruleFailures: RuleFailure[] = [];
  for (const spec of specs) {
    for (const rule of rules as SpecRule[]) {
      if (rule.source !== 'spec') continue;
      const ctx = {
        spec: spec.model,
        report(at: SourceRef, r: RuleReport): void {
          const key = `${rule.id}\n${spec.model.file}\n${sourceKey(at)}`;
          const occurrences = r.occurrences ?? Math.max(1, r.endpoints?.length ?? 0);
          const existing = pending.get(key);
          if (existing) {
            for (const e of r.endpoints ?? []) existing.endpoints.add(e);
            existing.occurrences += occurrences;
            if (r.related) existing.related.push(...r.related);
            return;
          }
          pending.set(key, {
            rule,
            evidence: spec.model.file,
            sources: spec.sources,
            at,
            message: r.message,
            severity: r.severity ?? rule.severity,
            endpoints: new Set(r.endpoints ?? []),
            occurrences,
            related: r.related ? [...r.related] : [],
          });
        },
      };
      try {
        rule.check(ctx);
      } catch (e) {
        ruleFailures.push({ ruleId: rule.id, evidence: spec.model.file, message: (e as Error).stack ?? String(e) });
      }
    }
  }
  return { findings: toFindings([...pending.values()]), ruleFailures };
}

function toFindings(items: Pending[]): Finding[] {
  // Resolve every position in one batch per source set.
  const bySources = new Map<PositionedSources, SourceRef[]>();
  for (const p of items) {
    let list = bySources.get(p.sources);
    if (!list) bySources.set(p.sources, (list = []));
    list.push(p.at, ...p.related.slice(0, 50));
  }
  const located = new Map<string, Location>();
  for (const [sources, refs] of bySources) {
    const locs = sources.locateMany(refs);
    refs.forEach((r, i) => located.set(sourceKey(r), locs[i]!));
  }
  const findings = items.map((p): Finding => {
    const primary = located.get(sourceKey(p.at))!;
    const seen = new Set([sourceKey(p.at)]);
    const locations: Location[] = [primary];
    for (const r of p.related.slice(0, 50)) {
      const k = sourceKey(r);
      if (seen.has(k)) continue;
      seen.add(k);
      locations.push(located.get(k)!);
    }
    const finding: Finding = {
      fingerprint: fingerprintOf(p.rule.id, p.evidence, p.at),
      ruleId: p.rule.id,
      title: p.rule.title,
      severity: p.severity,
      confidence: p.rule.confidence,
      controls: [...p.rule.controls],
      equivalents: [...p.rule.equivalents],
      source: p.rule.source,
      message: p.message,
      evidence: [p.evidence],
      locations,
      endpoints: [...p.endpoints].sort(),
      occurrences: p.occurrences,
      status: 'open',
      remediation: p.rule.remediation,
    };
    const suppression = findSuppression(p.sources, p.at, p.rule.id);
    if (suppression) {
      finding.status = 'suppressed';
      const where = p.sources.locateMany([suppression.at])[0]!;
      finding.statusReason = `${suppression.reason} (${where.file}:${where.line})`;
    }
    return finding;
  });
  return sortFindings(findings);
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.ruleId.localeCompare(b.ruleId) ||
      (a.locations[0]?.file ?? '').localeCompare(b.locations[0]?.file ?? '') ||
      (a.locations[0]?.line ?? 0) - (b.locations[0]?.line ?? 0) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
}

