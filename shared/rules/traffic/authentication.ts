/**
 * API2 from traffic: successful anonymous calls to endpoints that require authentication, and
 * credential stuffing / brute force against login, token and password endpoints per IP,
 * subnet and account.
 */
import type { Severity } from '../../model/finding.js';
import type { AuthFailureStat } from '../../model/traffic.js';
import { defineTrafficRule } from '../define-rule.js';
import { authRequirement, count, endpointOf, plural, privacyNote, THRESHOLDS, TrafficReporter, windowText } from './evidence.js';

export const unauthenticatedSuccess = defineTrafficRule({
  id: 'traffic.auth.unauthenticated-success',
  title: 'Successful calls without an identity to an endpoint that requires authentication',
  severity: 'high',
  confidence: 'likely',
  controls: ['API2:2023', 'API5:2023'],
  equivalents: [],
  rationale:
    'When the log records who called (a Kong consumer, an API Gateway principal or key id, an APIM subscription, an HTTP user) and a request to an endpoint the spec or the gateway protects still succeeded with no identity, authentication was not enforced for it: a route around the auth plugin, an anonymous fallback, or a missing check. ' +
    'Only logs that record identity at all are read this way (some request in the file carries a principal).',
  remediation: 'Find why the request was let through (route without the auth plugin, `anonymous` consumer, `security: []` override, a second listener) and enforce authentication on every route to the endpoint.',
  check(ctx) {
    const t = ctx.traffic;
    if (t.fields.principal === 0) return;
    const out = new TrafficReporter(ctx);
    for (const e of t.endpoints) {
      if (e.success.anonymous === 0) continue;
      const inv = endpointOf(ctx.inventory, e.method, e.template);
      const why = inv && authRequirement(inv);
      if (!why) continue;
      out.report(
        e.anonymousSamples,
        `${plural(e.success.anonymous, 'request')} to ${e.endpoint} succeeded with no identity in the log (${count(e.success.withIdentity)} carried one), ${windowText(e)}, although ${why}.`,
        { endpoints: [inv!.endpoint], occurrences: e.success.anonymous },
      );
    }
  },
});

function significant(a: AuthFailureStat): boolean {
  if (a.successAfterFailures >= THRESHOLDS.streakBeforeSuccess) return true;
  if (a.scope === 'ip') return a.failures >= THRESHOLDS.failuresPerIp || a.peakFailuresPerMinute >= THRESHOLDS.failuresPerMinute;
  if (a.scope === 'subnet') return a.failures >= THRESHOLDS.failuresPerSubnet;
  return a.failures >= THRESHOLDS.failuresPerAccount && (a.ips >= THRESHOLDS.ipsPerAccount || a.failures >= THRESHOLDS.failuresPerIp);
}

/** A subnet finding that only repeats one IP's finding (same failures, same lines) is left out. */
function sameAsAnIp(a: AuthFailureStat, all: readonly AuthFailureStat[]): boolean {
  return a.scope === 'subnet' && all.some((b) => b.scope === 'ip' && b.failures === a.failures && b.samples[0] === a.samples[0]);
}

export const credentialStuffing = defineTrafficRule({
  id: 'traffic.auth.credential-stuffing',
  title: 'Credential stuffing or brute force against a login or token endpoint',
  severity: 'high',
  confidence: 'likely',
  controls: ['API2:2023', 'API4:2023', 'GDPR-33'],
  equivalents: [],
  rationale:
    'Bursts of 401/403 answers on login, token, password or OTP endpoints from one IP or subnet (across accounts: credential stuffing), or against one account from many IPs (distributed brute force), show that the endpoint lets attackers guess at scale. ' +
    `Thresholds: ${THRESHOLDS.failuresPerIp} failures or ${THRESHOLDS.failuresPerMinute} in one minute per IP, ${THRESHOLDS.failuresPerSubnet} per subnet, ${THRESHOLDS.failuresPerAccount} per account from ${THRESHOLDS.ipsPerAccount}+ IPs. ` +
    'A success right after a failure streak may be an account taken over: an incident indicator (GDPR Art. 33 scoping).',
  remediation:
    'Rate-limit credential endpoints per IP, subnet and account, add progressive delays or CAPTCHA after failures, alert on streaks, and check the accounts that succeeded after failures for takeover.',
  check(ctx) {
    const t = ctx.traffic;
    const out = new TrafficReporter(ctx);
    for (const a of t.auth.filter(significant)) {
      if (sameAsAnIp(a, t.auth)) continue;
      const takeover = a.successAfterFailures >= THRESHOLDS.streakBeforeSuccess;
      const severity: Severity = takeover ? 'critical' : 'high';
      const who = a.scope === 'ip' ? `IP ${a.key}` : a.scope === 'subnet' ? `subnet ${a.key}` : `account ${a.key}`;
      const from = a.scope !== 'ip' && a.ips > 1 ? ` from ${plural(a.ips, 'IP address', 'IP addresses')}` : '';
      const across = a.scope !== 'account' && a.accounts > 0 ? ` against ${plural(a.accounts, 'account')}` : '';
      const kind =
        a.scope === 'account'
          ? a.ips >= THRESHOLDS.ipsPerAccount
            ? ' (distributed brute force)'
            : ' (brute force)'
          : a.accounts >= 3
            ? ' (credential stuffing)'
            : a.accounts > 0
              ? ' (brute force)'
              : '';
      const spread = `${from}${across}${kind}`;
      const samples = takeover && a.successAfterFailuresLine !== undefined ? [...new Set([...a.samples, a.successAfterFailuresLine])].sort((x, y) => x - y) : a.samples;
      out.report(
        samples,
        `${who} failed authentication ${plural(a.failures, 'time')}${spread} on ${a.endpoints.join(', ')} ${windowText(a)}, up to ${count(a.peakFailuresPerMinute)} in one minute; ${plural(a.successes, 'attempt')} succeeded.` +
          (takeover ? ` A login succeeded right after ${count(a.successAfterFailures)} consecutive failures (line ${a.successAfterFailuresLine}): check that account for takeover. Rated critical.` : '') +
          privacyNote(t),
        { endpoints: a.endpoints, severity, occurrences: a.failures },
      );
    }
  },
});
