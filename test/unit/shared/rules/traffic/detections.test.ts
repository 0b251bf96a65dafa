import { describe, expect, it } from 'vitest';
import { findRequirement } from '../../../../../shared/controls/index.js';
import { compileLogFormat } from '../../../../../shared/importers/traffic/nginx-format.js';
import { trafficRules } from '../../../../../shared/rules/traffic/index.js';
import { clfAt, combined, fixture, HARS, LOGS } from '../../importers/traffic/import-helper.js';
import { auditTraffic, only, SPEC } from './traffic-audit.js';

const log = (lines: string[]): string => lines.join('\n') + '\n';
/** n lines built by f(i). */
const many = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
const background = (n: number, seconds = 3600): string[] =>
  many(n, (i) => combined({ ip: `192.0.2.${i % 50}`, user: `user${i % 20}`, path: '/api/v1/orders', time: clfAt(Math.floor((i * seconds) / n)) }));

describe('the traffic rule catalog', () => {
  it('maps every rule to known controls and cites lines of the log', () => {
    for (const r of trafficRules) {
      expect(r.source).toBe('traffic');
      for (const c of r.controls) expect(findRequirement(c), `${r.id} → ${c}`).toBeDefined();
    }
    const { findings } = auditTraffic(log(background(5)), { spec: SPEC });
    const retention = only(findings, 'traffic.gdpr.log-retention')[0]!;
    expect(retention.locations[0]).toEqual({ file: 'access.log', line: 1, column: 1, pointer: '/line/1' });
  });
});

describe('API9: shadow and deprecated endpoints', () => {
  it('reports an undocumented endpoint that answers, with its callers; not without a spec, not static files', () => {
    const text = log([
      ...background(20),
      ...many(12, (i) => combined({ ip: '198.51.100.4', user: 'ops', path: `/api/v1/internal/export/${i}`, time: clfAt(i) })),
      ...many(5, (i) => combined({ path: `/api/v1/static/app${i}.js`, time: clfAt(i) })),
      combined({ path: '/blog/post/1' }),
    ]);
    const shadow = only(auditTraffic(text, { spec: SPEC }).findings, 'traffic.inventory.shadow-endpoint');
    expect(shadow).toHaveLength(1);
    expect(shadow[0]!.endpoints).toEqual(['GET /api/v1/internal/export/{param}']);
    expect(shadow[0]!.message).toMatch(/answered 12 successful requests.*from 1 caller \(top: principal ops \(12\)\)/);
    expect(shadow[0]!.locations.map((l) => l.line)).toEqual([21, 22, 23, 24, 25]);
    expect(only(auditTraffic(text).findings, 'traffic.inventory.shadow-endpoint')).toEqual([]);
  });

  it('reports a deprecated endpoint still called, with each caller', () => {
    const text = log([...background(10), ...many(6, (i) => combined({ user: `partner${i % 2}`, path: '/api/v1/legacy/report' }))]);
    const [f] = only(auditTraffic(text, { spec: SPEC }).findings, 'traffic.inventory.deprecated-endpoint-called');
    expect(f!.message).toMatch(/GET \/legacy\/report is deprecated in api\.yaml but was called 6 times.*principal partner0 \(3\), principal partner1 \(3\)/);
    expect(only(auditTraffic(log(background(10)), { spec: SPEC }).findings, 'traffic.inventory.deprecated-endpoint-called')).toEqual([]);
  });
});

describe('API2: authentication', () => {
  it('reports successful anonymous calls to a protected endpoint when the log records identities', () => {
    const text = log([...background(10), combined({ path: '/api/v1/orders' }), combined({ path: '/api/v1/orders', status: 401 })]);
    const [f] = only(auditTraffic(text, { spec: SPEC }).findings, 'traffic.auth.unauthenticated-success');
    expect(f).toMatchObject({ endpoints: ['GET /orders'], severity: 'high' });
    expect(f!.message).toMatch(/1 request to GET \/orders succeeded with no identity in the log \(10 carried one\).*api\.yaml requires authentication/);
    expect(f!.locations[0]!.line).toBe(11);
  });

  it('says nothing when the log records no identity at all, or the endpoint is public', () => {
    const anonymous = log(many(10, () => combined({ path: '/api/v1/orders' })));
    expect(only(auditTraffic(anonymous, { spec: SPEC }).findings, 'traffic.auth.unauthenticated-success')).toEqual([]);
    const pub = log([...background(3), combined({ path: '/api/v1/products' })]);
    expect(only(auditTraffic(pub, { spec: SPEC }).findings, 'traffic.auth.unauthenticated-success')).toEqual([]);
  });

  it('reports credential stuffing per IP, a takeover after a failure streak, and distributed brute force per account', () => {
    const stuffing = many(30, (i) => combined({ ip: '203.0.113.9', user: `victim${i}`, method: 'POST', path: '/api/v1/login', status: i === 29 ? 200 : 401, time: clfAt(i) }));
    const distributed = many(12, (i) => combined({ ip: `198.51.${i}.7`, user: 'ceo', method: 'POST', path: '/api/v1/login', status: 401, time: clfAt(100 + i) }));
    const findings = only(auditTraffic(log([...stuffing, ...distributed]), { spec: SPEC }).findings, 'traffic.auth.credential-stuffing');
    const byIp = findings.find((f) => f.message.startsWith('IP 203.0.113.9'))!;
    expect(byIp.severity).toBe('critical');
    expect(byIp.message).toMatch(/failed authentication 29 times against 30 accounts \(credential stuffing\) on POST \/login.*succeeded right after 29 consecutive failures \(line 30\)/);
    expect(byIp.locations.map((l) => l.line)).toContain(30);
    const byAccount = findings.find((f) => f.message.startsWith('account ceo'))!;
    expect(byAccount.message).toMatch(/12 times from 12 IP addresses \(distributed brute force\)/);
    expect(findings.some((f) => f.message.startsWith('subnet 203.0.113.0/24'))).toBe(false); // same as the IP finding
  });

  it('leaves a few failed logins alone', () => {
    const text = log(many(4, (i) => combined({ ip: '203.0.113.9', method: 'POST', path: '/api/v1/login', status: 401, time: clfAt(i) })));
    expect(only(auditTraffic(text, { spec: SPEC }).findings, 'traffic.auth.credential-stuffing')).toEqual([]);
  });
});

describe('API1: object-id enumeration', () => {
  it('reports one principal walking through account ids', () => {
    const text = log(many(80, (i) => combined({ user: 'mallory', path: `/api/v1/accounts/${5000 + i}/statements`, status: i % 10 ? 403 : 200, time: clfAt(i * 2) })));
    const [f] = only(auditTraffic(text, { spec: SPEC }).findings, 'traffic.access.object-enumeration');
    expect(f!.endpoints).toEqual(['GET /accounts/{accountId}/statements']);
    expect(f!.message).toMatch(/principal mallory requested at least 64 distinct ids on GET \/accounts\/{accountId}\/statements in 80 requests.*79 of them the previous id \+ 1; answers: 8 successful, 0 not found, 72 denied/);
  });

  it('leaves a user reading their own account over and over alone', () => {
    const text = log(many(200, (i) => combined({ user: 'alice', path: '/api/v1/accounts/42/statements', time: clfAt(i * 30) })));
    expect(only(auditTraffic(text, { spec: SPEC }).findings, 'traffic.access.object-enumeration')).toEqual([]);
  });
});

describe('API4: rates without 429', () => {
  const scraper = many(300, (i) => combined({ ip: '203.0.113.50', path: `/api/v1/products?page=${i}`, time: clfAt(Math.floor(i / 5)) }));
  it('reports a caller far above the baseline when nothing was ever answered 429', () => {
    const [f] = only(auditTraffic(log([...background(100), ...scraper]), { spec: SPEC }).findings, 'traffic.resource.no-rate-limiting');
    expect(f!.message).toMatch(/No request in access\.log was answered 429, yet 1 caller peaked at 120\+ requests a minute.*ip 203\.0\.113\.50 300\/min/);
    expect(f!.endpoints).toContain('GET /products');
  });

  it('says nothing once some request was answered 429', () => {
    const limited = [...scraper, combined({ ip: '203.0.113.50', path: '/api/v1/products', status: 429, time: clfAt(61) })];
    expect(only(auditTraffic(log(limited), { spec: SPEC }).findings, 'traffic.resource.no-rate-limiting')).toEqual([]);
  });
});

describe('LLM10: AI consumption per key (Kong AI usage fields)', () => {
  it('reports the key that used over a million tokens in a day, and not the light user', () => {
    const { findings } = auditTraffic(fixture(LOGS, 'own/kong-ai.ndjson'), { file: 'kong.ndjson' });
    const ai = only(findings, 'traffic.llm.unbounded-consumption');
    expect(ai).toHaveLength(1);
    expect(ai[0]!.message).toMatch(/principal svc-extractor sent 1 request.*1,100,000 tokens \(600,000 prompt, 500,000 completion\) on gpt-4o-2024-08-06: 1,100,000 tokens in one day/);
  });
});

describe('secrets and personal data in URLs', () => {
  const text = log([
    ...many(3, (i) => combined({ path: `/api/v1/products?api_key=sk_live_${i}abcdefghij`, time: clfAt(i) })),
    ...many(2, (i) => combined({ path: `/api/v1/orders?email=jane${i}%40mail.example`, time: clfAt(i) })),
    combined({ path: '/api/v1/products?page=2' }),
  ]);

  it('reports the parameter and the kind, never the value', () => {
    const { findings } = auditTraffic(text, { spec: SPEC });
    const [secret] = only(findings, 'traffic.data.secrets-in-urls');
    const [personal] = only(findings, 'traffic.data.personal-data-in-urls');
    expect(secret!.message).toMatch(/3 requests to GET \/products carried a credential .* in query parameter `api_key`.*masked before anything was stored/);
    expect(personal!.message).toMatch(/2 requests to GET \/orders carried an e-mail address in query parameter `email`/);
    expect(JSON.stringify(findings)).not.toMatch(/sk_live|jane/);
    const unmasked = auditTraffic(text, { spec: SPEC, maskUrls: false }).findings;
    expect(JSON.stringify(unmasked)).not.toMatch(/sk_live|jane/);
  });

  it('finds nothing in clean URLs', () => {
    const { findings } = auditTraffic(log([combined({ path: '/api/v1/products?page=2&sort=name' })]), { spec: SPEC });
    expect(findings.filter((f) => f.ruleId.startsWith('traffic.data.'))).toEqual([]);
  });
});

describe('API7: SSRF payloads', () => {
  it('reports internal targets in parameters, decoded', () => {
    const text = log([
      combined({ method: 'POST', path: '/api/v1/hooks/test?url=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2F' }),
      combined({ method: 'POST', path: '/api/v1/hooks/test?url=http%253A%252F%252F127.0.0.1%252Fadmin', status: 400 }),
      combined({ method: 'POST', path: '/api/v1/hooks/test?url=https%3A%2F%2Fpartner.example%2Fhook' }),
    ]);
    const findings = only(auditTraffic(text, { spec: SPEC }).findings, 'traffic.ssrf.internal-target-in-parameter');
    expect(findings.map((f) => [f.severity, f.message.match(/at (the [^(]+?)(?: \(| between| at )/)?.[1]])).toEqual([
      ['high', 'the cloud metadata service'],
      ['medium', 'the server itself'],
    ]);
  });
});

describe('API8: server errors, stack traces, transport', () => {
  it('reports a minute of mostly 5xx, and not scattered errors', () => {
    const burst = many(30, (i) => combined({ path: '/api/v1/products', status: 503, time: clfAt(600 + (i % 50)) }));
    const [f] = only(auditTraffic(log([...background(50), ...burst]), { spec: SPEC }).findings, 'traffic.errors.server-error-burst');
    expect(f!.message).toMatch(/30 requests of 3[01] ended in 5xx in 1 minute from 2026-03-01 10:10 UTC \(on GET \/products\)/);
    const scattered = many(30, (i) => combined({ path: '/api/v1/products', status: i % 10 ? 200 : 500, time: clfAt(i * 10) }));
    expect(only(auditTraffic(log(scattered), { spec: SPEC }).findings, 'traffic.errors.server-error-burst')).toEqual([]);
  });

  it('reports stack traces in HAR bodies, and not in clean captures', () => {
    const leaks = only(auditTraffic(fixture(HARS, 'own/leaks.har'), { file: 'leaks.har' }).findings, 'traffic.errors.stack-trace-in-response');
    expect(leaks.map((f) => f.message.match(/carried a (.+?) in the body/)?.[1]).sort()).toEqual(['Java stack trace', 'Python traceback']);
    expect(only(auditTraffic(fixture(HARS, 'chrome.har'), { file: 'chrome.har' }).findings, 'traffic.errors.stack-trace-in-response')).toEqual([]);
  });

  it('reports legacy TLS and plain HTTP where the log records them, and nothing where it does not', () => {
    const logFormat = compileLogFormat(fixture(LOGS, 'own/nginx-custom.format'));
    const { findings } = auditTraffic(fixture(LOGS, 'own/nginx-custom.log'), { logFormat, file: 'nginx.log' });
    expect(only(findings, 'traffic.transport.legacy-tls')[0]!.message).toMatch(/2 requests of 4 with a recorded TLS version used TLSv1, TLSv1.1/);
    expect(only(findings, 'traffic.transport.plaintext')[0]!.message).toMatch(/1 request came over plain HTTP/);
    const apache = auditTraffic(fixture(LOGS, 'apache_logs').slice(0, 100_000)).findings;
    expect(apache.filter((f) => f.ruleId.startsWith('traffic.transport.'))).toEqual([]);
  });
});

describe('API6: automation on business flows', () => {
  it('reports python-requests on checkout, and not browsers', () => {
    const bots = many(8, (i) => combined({ ip: `198.51.100.${i}`, user: `u${i}`, method: 'POST', path: '/api/v1/checkout', ua: 'python-requests/2.31.0', time: clfAt(i) }));
    const people = many(8, (i) => combined({ user: `u${i}`, method: 'POST', path: '/api/v1/checkout', time: clfAt(i) }));
    const [f] = only(auditTraffic(log([...bots, ...people]), { spec: SPEC }).findings, 'traffic.business.automation-on-flows');
    expect(f!.message).toMatch(/8 requests from python-requests clients \(8 client IPs\) reached the checkout flow POST \/checkout/);
    expect(only(auditTraffic(log(people), { spec: SPEC }).findings, 'traffic.business.automation-on-flows')).toEqual([]);
  });
});

describe('GDPR 5(1)(e): what the log holds and for how long', () => {
  it('states the span and the personal data (pseudonymized or not)', () => {
    const [f] = only(auditTraffic(fixture(LOGS, 'apache_logs')).findings, 'traffic.gdpr.log-retention');
    expect(f!.message).toMatch(/holds 9,999 requests from 2015-05-17 10:05 UTC to 2015-05-20 21:05 UTC \(3\.5 days; oldest entry on line 15\), with client IP addresses, user agents: 1,753 distinct client IPs, 557 distinct user agents.*1 malformed line could not be read/);
    expect(f!.severity).toBe('low');
    const keyed = only(auditTraffic(fixture(LOGS, 'apache_logs').slice(0, 5000), { pseudonymize: (k, v) => `#${v.length}` }).findings, 'traffic.gdpr.log-retention')[0]!;
    expect(keyed.message).toMatch(/keeps them pseudonymized/);
  });
});
