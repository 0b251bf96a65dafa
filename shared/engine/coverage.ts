/**
 * Coverage per control requirement: which rules can show it and what the run found.
 * Every requirement of every catalog is listed, including those no rule maps to, so coverage
 * figures stay honest about what automated checks do not reach.
 */
import { CATALOGS } from '../controls/index.js';
import type { CoverageEntry } from '../model/control.js';
import { severityRank, type Finding, type Severity } from '../model/finding.js';
import type { RuleMeta } from '../model/rule.js';

/**
 * One entry per requirement, in catalog order. A rule or finding counts for a requirement when
 * its `controls` name that exact id (`GDPR-32(1)(a)` does not count for `GDPR-32`). Findings that
 * are not open (suppressed, false positive, accepted risk) are counted as suppressed; the worst
 * severity looks at open findings only.
 */
export function computeCoverage(rules: RuleMeta[], findings: Finding[]): CoverageEntry[] {
  const rulesByControl = new Map<string, string[]>();
  for (const rule of rules) {
    for (const control of new Set(rule.controls)) {
      const ids = rulesByControl.get(control) ?? [];
      if (!ids.includes(rule.id)) ids.push(rule.id);
      rulesByControl.set(control, ids);
    }
  }

  const tally = new Map<string, { open: number; suppressed: number; worst?: Severity }>();
  for (const finding of findings) {
    for (const control of new Set(finding.controls)) {
      const t = tally.get(control) ?? { open: 0, suppressed: 0 };
      if (finding.status === 'open') {
        t.open += 1;
        if (t.worst === undefined || severityRank(finding.severity) < severityRank(t.worst)) t.worst = finding.severity;
      } else {
        t.suppressed += 1;
      }
      tally.set(control, t);
    }
  }

  const entries: CoverageEntry[] = [];
  for (const catalog of CATALOGS) {
    for (const requirement of catalog.requirements) {
      const t = tally.get(requirement.id);
      const open = t?.open ?? 0;
      const suppressed = t?.suppressed ?? 0;
      const entry: CoverageEntry = {
        control: requirement.id,
        catalog: catalog.id,
        title: requirement.title,
        rules: [...(rulesByControl.get(requirement.id) ?? [])].sort(),
        findings: { open, suppressed, total: open + suppressed },
      };
      if (t?.worst !== undefined) entry.worstSeverity = t.worst;
      entries.push(entry);
    }
  }
  return entries;
}
