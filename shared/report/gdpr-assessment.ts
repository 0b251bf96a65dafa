/**
 * What the evidence says about each GDPR article: it supports the requirement being met, it
 * contradicts it, or it is insufficient. Never "compliant": lawful basis, necessity,
 * proportionality, contracts and breach decisions are legal and organisational determinations
 * that evidence files cannot make (docs: controls.md §3, "Limits of automated evidence").
 *
 * - contradicts: an open or accepted-risk finding is mapped to the article, or a manual
 *   checklist item for it was answered "no" or "partial";
 * - supports: nothing contradicts, and either automated checks mapped to the article ran and
 *   found nothing open, or a checklist item for it was answered "yes";
 * - insufficient evidence: neither.
 */
import { GDPR } from '../controls/index.js';
import type { CoverageEntry } from '../model/control.js';
import { severityRank, type Finding, type Severity } from '../model/finding.js';
import { checklistItemsFor, type ChecklistAnswerValue } from './checklist.js';
import type { GdprRow, GdprSection, GdprVerdict } from './report-content.js';

export interface AnswerLike {
  itemId: string;
  answer: ChecklistAnswerValue;
  note: string;
}

export const GDPR_NOTE_TITLE = 'Limits of automated evidence';

export const GDPR_NOTE: string[] = [
  'An offline audit of API evidence can support or contradict a GDPR requirement; it never shows that ' +
    'processing meets the Regulation. Each article below is therefore marked "supports", "contradicts" ' +
    'or "insufficient evidence", and nothing else.',
  'Lawful basis, purpose, necessity and proportionality, "appropriate to the risk" judgements, contracts ' +
    '(processor agreements, transfer clauses), records of processing, DPIAs and breach decisions are legal ' +
    'and organisational determinations that evidence files cannot make. Configuration is not operation ' +
    'either: a policy in a file does not prove it was deployed or effective over the audit period.',
  '"Supports" means that the automated checks mapped to the article found nothing open, or that a manual ' +
    'checklist answer says the measure is in place. It is evidence for a person to weigh, not a conclusion. ' +
    'This report is not legal advice.',
];

interface Tally {
  title: string;
  open: number;
  accepted: number;
  worst: Severity | undefined;
}

export function assessGdpr(
  findings: readonly Finding[],
  coverage: readonly CoverageEntry[],
  answers: readonly AnswerLike[],
  automatedChecksRan: boolean,
  checklistTitle: (id: string) => string,
): GdprSection {
  const answerById = new Map(answers.map((a) => [a.itemId, a]));
  const coverageById = new Map(coverage.map((c) => [c.control, c]));
  const rows: GdprRow[] = GDPR.requirements.map((requirement) => {
    const article = requirement.id;
    const byRule = new Map<string, Tally>();
    for (const finding of findings) {
      if (!finding.controls.includes(article)) continue;
      if (finding.status !== 'open' && finding.status !== 'accepted-risk') continue;
      const tally = byRule.get(finding.ruleId) ?? { title: finding.title, open: 0, accepted: 0, worst: undefined };
      if (finding.status === 'open') tally.open += 1;
      else tally.accepted += 1;
      if (tally.worst === undefined || severityRank(finding.severity) < severityRank(tally.worst)) tally.worst = finding.severity;
      byRule.set(finding.ruleId, tally);
    }

    const contradicting: string[] = [];
    for (const [ruleId, tally] of [...byRule].sort(([, a], [, b]) => severityRank(a.worst ?? 'info') - severityRank(b.worst ?? 'info'))) {
      const parts: string[] = [];
      if (tally.open > 0) parts.push(`${tally.open} open ${plural(tally.open, 'finding')}`);
      if (tally.accepted > 0) parts.push(`${tally.accepted} accepted ${plural(tally.accepted, 'risk')}`);
      contradicting.push(`${tally.title} (${ruleId}): ${parts.join(', ')}, worst ${tally.worst ?? 'info'}.`);
    }
    const supporting: string[] = [];
    const rules = coverageById.get(article)?.rules ?? [];
    const quiet = rules.filter((ruleId) => !byRule.has(ruleId));
    if (automatedChecksRan && quiet.length > 0) {
      supporting.push(
        `${quiet.length} automated ${plural(quiet.length, 'check')} found nothing open in the evidence: ${quiet.join(', ')}.`,
      );
    }
    for (const item of checklistItemsFor(article)) {
      const answer = answerById.get(item.id);
      if (answer === undefined || answer.answer === 'n/a') continue;
      const text = `Manual check "${checklistTitle(item.id)}" answered ${answer.answer}${answer.note.trim() ? `: ${answer.note.trim()}` : '.'}`;
      if (answer.answer === 'yes') supporting.push(text);
      else contradicting.push(text);
    }
    const verdict: GdprVerdict = contradicting.length > 0 ? 'contradicts' : supporting.length > 0 ? 'supports' : 'insufficient evidence';
    return { article, title: requirement.title, verdict, contradicting, supporting, limits: requirement.limits ?? '' };
  });
  const counts: Record<GdprVerdict, number> = { supports: 0, contradicts: 0, 'insufficient evidence': 0 };
  for (const row of rows) counts[row.verdict] += 1;
  return { noteTitle: GDPR_NOTE_TITLE, note: GDPR_NOTE, rows, counts };
}

export function plural(n: number, word: string): string {
  if (n === 1) return word;
  return /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`;
}
