/** API1 from traffic: one caller walking through object ids on one endpoint. */
import { defineTrafficRule } from '../define-rule.js';
import { count, plural, privacyNote, THRESHOLDS, TrafficReporter, windowText } from './evidence.js';
import { TRAFFIC_LIMITS } from '../../model/traffic.js';

export const objectEnumeration = defineTrafficRule({
  id: 'traffic.access.object-enumeration',
  title: 'One caller enumerates object ids',
  severity: 'high',
  confidence: 'candidate',
  controls: ['API1:2023', 'GDPR-33'],
  equivalents: [],
  rationale:
    'A principal (or client IP) that requests many distinct ids on one templated endpoint — especially in order, or with many 403/404 answers before 200s — is probing for objects it does not own. Whether it got other users\' data depends on the object-level authorization check, which traffic cannot show: a candidate to test. ' +
    `Thresholds: ${THRESHOLDS.enumerationIdsWithSequence}+ distinct ids walked one by one (${THRESHOLDS.enumerationSequential}+ steps of id + 1), or ${THRESHOLDS.enumerationIds}+ distinct ids with ${THRESHOLDS.enumerationMissShare * 100}%+ of the answers 403/404 or ${THRESHOLDS.enumerationPerMinute}+ requests a minute.`,
  remediation: 'Check that the endpoint authorizes each object against the caller (not just authentication), prefer unguessable ids, and rate-limit or alert on id walking per principal.',
  check(ctx) {
    const t = ctx.traffic;
    const out = new TrafficReporter(ctx);
    for (const e of t.enumeration) {
      const walking = e.sequentialSteps >= THRESHOLDS.enumerationSequential && e.distinctIds >= THRESHOLDS.enumerationIdsWithSequence;
      // Many ids alone is a heavy user; it takes order, misses or speed to make it probing.
      const probingShare = (e.notFound + e.forbidden) / Math.max(1, e.count);
      const wide = e.distinctIds >= THRESHOLDS.enumerationIds && (probingShare >= THRESHOLDS.enumerationMissShare || e.perMinute >= THRESHOLDS.enumerationPerMinute);
      if (!walking && !wide) continue;
      const ids = e.distinctIds >= TRAFFIC_LIMITS.idsPerKey ? `at least ${count(e.distinctIds)}` : count(e.distinctIds);
      const probing = e.notFound + e.forbidden;
      out.report(
        e.samples,
        `${e.caller} requested ${ids} distinct ids on ${e.endpoint} in ${plural(e.count, 'request')} ${windowText(e)} (about ${count(e.perMinute)} a minute)` +
          (e.sequentialSteps ? `, ${count(e.sequentialSteps)} of them the previous id + 1` : '') +
          `; answers: ${count(e.success)} successful, ${count(e.notFound)} not found, ${count(e.forbidden)} denied.` +
          (probing && e.success ? ' Successes among the misses suggest guesses that hit.' : '') +
          privacyNote(t),
        { endpoints: [e.endpoint], occurrences: e.count },
      );
    }
  },
});
