import { describe, expect, it } from 'vitest';
import { fixture, HARS } from '../../importers/traffic/import-helper.js';
import { auditTraffic, only, SPEC } from './traffic-audit.js';

const weak = (): ReturnType<typeof auditTraffic> => auditTraffic(fixture(HARS, 'own/headers-weak.har'), { spec: SPEC, file: 'headers-weak.har' });
const sound = (): ReturnType<typeof auditTraffic> => auditTraffic(fixture(HARS, 'own/headers-sound.har'), { spec: SPEC, file: 'headers-sound.har' });
const HEADER_RULES = ['traffic.headers.hsts-missing', 'traffic.headers.version-banner', 'traffic.headers.permissive-cors', 'traffic.auth.weak-jwt'];

describe('HAR header checks (API8, API2)', () => {
  it('reports HTTPS responses without HSTS or with max-age=0, per host, with the entries', () => {
    const hsts = only(weak().findings, 'traffic.headers.hsts-missing');
    expect(hsts.map((f) => f.message)).toEqual([
      expect.stringMatching(/^1 HTTPS response from api\.shop\.example had no Strict-Transport-Security header at 2026-03-01 10:00 UTC \(log\.entries\[0\]\)\. See line \d+ of headers-weak\.har\.$/),
      expect.stringMatching(/^1 HTTPS response from cdn\.shop\.example had Strict-Transport-Security: max-age=0 .*\(log\.entries\[3\]\)/),
    ]);
    expect(hsts[0]).toMatchObject({ severity: 'low', controls: expect.arrayContaining(['API8:2023']), endpoints: ['GET /orders'] });
    // Plain-HTTP entries are the plaintext rule's business, not HSTS's.
    expect(hsts.some((f) => f.message.includes('legacy.shop.example'))).toBe(false);
  });

  it('reports Server / X-Powered-By banners that carry a version, not bare product names', () => {
    const banners = only(weak().findings, 'traffic.headers.version-banner').map((f) => f.message);
    expect(banners).toHaveLength(2);
    expect(banners[0]).toMatch(/^1 response from api\.shop\.example announced `Server: nginx\/1\.18\.0 \(Ubuntu\)` .*\(log\.entries\[0\]\)/);
    expect(banners[1]).toMatch(/from cdn\.shop\.example announced `X-Powered-By: PHP\/7\.4\.3`.*\(log\.entries\[3\]\)/);
    expect(banners.join(' ')).not.toMatch(/Express|Apache/);
  });

  it('reports CORS reflecting arbitrary origins with credentials, and a wildcard with credentials', () => {
    const cors = only(weak().findings, 'traffic.headers.permissive-cors');
    expect(cors).toHaveLength(2);
    const reflected = cors.find((f) => f.message.startsWith('api.shop.example'))!;
    expect(reflected.severity).toBe('high');
    expect(reflected.message).toMatch(
      /^api\.shop\.example echoed 2 different Origins \(https:\/\/evil\.example, https:\/\/attacker\.test\) back in `Access-Control-Allow-Origin` with `Access-Control-Allow-Credentials: true` in 2 responses .*\(log\.entries\[1\], \[2\]\)/,
    );
    expect(reflected.endpoints.sort()).toEqual(['GET /orders', 'GET /products']);
    const wildcard = cors.find((f) => f.message.includes('cdn.shop.example'))!;
    expect(wildcard.message).toMatch(/allowed any origin \(`Access-Control-Allow-Origin: \*`\) together with `Access-Control-Allow-Credentials: true`.*log\.entries\[3\]/);
    expect(wildcard.severity).toBe('medium');
  });

  it('reports JWTs with alg none, without exp, or valid for days, without printing the token or its subject', () => {
    const { findings } = weak();
    const jwt = only(findings, 'traffic.auth.weak-jwt');
    const messages = jwt.map((f) => `${f.severity} ${f.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^critical 1 request sent an unsigned JWT \(`"alg": "none"`\) — authorization JWT, alg none, issuer https:\/\/auth\.shop\.example — .*\(log\.entries\[0\]\)/),
        expect.stringMatching(/^high 1 request sent a JWT without an `exp` claim \(it never expires\) — authorization JWT, alg none.*\(log\.entries\[0\]\)/),
        expect.stringMatching(/^medium 1 request sent a JWT valid for 30 days — authorization JWT, alg RS256, issuer https:\/\/auth\.shop\.example — .*\(log\.entries\[1\]\)/),
      ]),
    );
    expect(jwt).toHaveLength(3);
    expect(jwt[0]!.controls).toContain('API2:2023');
    const text = JSON.stringify(findings);
    expect(text).not.toMatch(/eyJ|c2lnbmF0dXJl|alice|bob/);
  });

  it('stays silent on a capture with HSTS, bare banners, an allow-listed origin, short-lived tokens', () => {
    const { findings, summary } = sound();
    expect(summary.volume.requests).toBe(6);
    expect(findings.filter((f) => HEADER_RULES.includes(f.ruleId))).toEqual([]);
    // The one allow-listed origin echoed with credentials is recorded, but one origin is no proof of reflecting any.
    expect(summary.headers).toEqual([expect.objectContaining({ kind: 'cors-reflected-origin-credentials', subject: 'api.shop.example', values: ['https://app.shop.example'], entries: [0, 1] })]);
  });

  it('collects no header facts from access logs', () => {
    const { summary, findings } = auditTraffic('192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "GET /api/v1/orders HTTP/1.1" 200 10 "-" "curl/8"\n', { spec: SPEC });
    expect(summary.headers).toEqual([]);
    expect(findings.filter((f) => HEADER_RULES.includes(f.ruleId))).toEqual([]);
  });
});
