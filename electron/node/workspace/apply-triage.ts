import type { Finding } from '../../../shared/model/finding.js';

/** What an auditor decided about a finding. `confirmed` means "real, stays open". */
export type TriageStatus = 'open' | 'false-positive' | 'accepted-risk' | 'confirmed';

export interface TriageDecision {
  fingerprint: string;
  status: TriageStatus;
  reason: string;
  /** ISO date (YYYY-MM-DD) an accepted risk lapses; only for accepted-risk. */
  expires?: string;
  actor: string;
  updatedAt: string;
}

/**
 * The findings as the auditor should see them on `today` (YYYY-MM-DD): new objects, inputs
 * untouched.
 *
 * - no decision: the finding as the engine reported it (open, or suppressed in the spec);
 * - false-positive / accepted-risk: that status with the auditor's reason (and expiry date);
 * - accepted-risk whose expiry date is before today: open again, saying when the acceptance lapsed;
 * - open / confirmed: open, overriding an in-spec suppression.
 */
export function applyTriageDecisions(
  findings: readonly Finding[],
  decisions: ReadonlyMap<string, TriageDecision>,
  today: string,
): Finding[] {
  return findings.map((finding) => {
    const decision = decisions.get(finding.fingerprint);
    if (!decision) return { ...finding };
    const { statusReason: _reason, expires: _expires, ...base } = finding;
    switch (decision.status) {
      case 'false-positive':
        return { ...base, status: 'false-positive', statusReason: decision.reason };
      case 'accepted-risk':
        if (decision.expires !== undefined && decision.expires < today) {
          return {
            ...base,
            status: 'open',
            statusReason: `risk acceptance expired on ${decision.expires} (accepted by ${decision.actor}: ${decision.reason})`,
            expires: decision.expires,
          };
        }
        return {
          ...base,
          status: 'accepted-risk',
          statusReason: decision.reason,
          ...(decision.expires !== undefined ? { expires: decision.expires } : {}),
        };
      case 'open':
      case 'confirmed':
        return { ...base, status: 'open' };
    }
  });
}
