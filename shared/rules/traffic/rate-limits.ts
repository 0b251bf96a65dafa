/** API4 from traffic: callers far above the baseline while nothing ever answered 429. */
import { defineTrafficRule } from '../define-rule.js';
import { count, plural, privacyNote, THRESHOLDS, TrafficReporter, when } from './evidence.js';

export const noRateLimiting = defineTrafficRule({
  id: 'traffic.resource.no-rate-limiting',
  title: 'High request rates and no 429 anywhere in the log',
  severity: 'medium',
  confidence: 'likely',
  controls: ['API4:2023', 'API6:2023'],
  equivalents: [],
  rationale:
    `Callers that reach ${THRESHOLDS.ratePerMinute}+ requests in a minute (and ${THRESHOLDS.rateOverMedian}× the median caller's peak) while no request in the whole file was answered 429 show that rate limits are missing or never trigger. ` +
    'The figure is per clock minute and per principal (or client IP when the log records no principal).',
  remediation: 'Put rate limits per principal (and per IP for anonymous endpoints) in front of the API, answer 429 with Retry-After, and size them from the baseline shown here.',
  check(ctx) {
    const t = ctx.traffic;
    if (t.rates.status429 > 0 || t.volume.requests === 0) return;
    const floor = Math.max(THRESHOLDS.ratePerMinute, THRESHOLDS.rateOverMedian * t.rates.medianPeakPerMinute);
    const heavy = t.rates.peaks.filter((c) => c.peakPerMinute >= floor);
    if (!heavy.length) return;
    const top = heavy[0]!;
    const endpoints = t.endpoints
      .filter((e) => e.callers.some((c) => heavy.some((h) => h.caller === c.caller)))
      .sort((a, b) => b.requests - a.requests)
      .slice(0, 10)
      .map((e) => e.endpoint);
    new TrafficReporter(ctx).report(
      top.samples,
      `No request in ${t.file} was answered 429, yet ${plural(heavy.length, 'caller')} peaked at ${count(floor)}+ requests a minute (the median caller peaks at ${count(t.rates.medianPeakPerMinute)}): ` +
        heavy
          .slice(0, 5)
          .map((c) => `${c.caller} ${count(c.peakPerMinute)}/min at ${when(c.peakMinute)} (${plural(c.count, 'request')} in all)`)
          .join('; ') +
        (heavy.length > 5 ? `; and ${heavy.length - 5} more` : '') +
        '.' +
        privacyNote(t),
      { endpoints, occurrences: heavy.length },
    );
  },
});
