import { describe, expect, it } from 'vitest';
import { findings, jwtAuth, only, origin, rateLimit, ref } from './build-config.js';

describe('gateway.limits.no-rate-limit', () => {
  const id = 'gateway.limits.no-rate-limit';

  it('reports a route with no limit at any scope as medium', () => {
    const f = only(findings({ routes: [{ path: '/items', controls: { rateLimits: [] } }] }, id));
    expect(f.severity).toBe('medium');
    expect(f.endpoints).toEqual(['GET /items']);
    expect(f.message).toContain('has no rate limit, quota or connection limit at any scope');
  });

  it('rates sign-in and AI routes high', () => {
    const list = findings({ routes: [{ path: '/login', methods: ['POST'], controls: { rateLimits: [] } }, { path: '/v1/chat/completions', methods: ['POST'], controls: { rateLimits: [] } }] }, id);
    expect(list.map((f) => f.severity)).toEqual(['high', 'high']);
    expect(list.map((f) => f.message).join(' ')).toContain('sign-in, token or verification path');
    expect(list.map((f) => f.message).join(' ')).toContain('unlimited model spend');
  });

  it('does not count a product-default limit, and says it relies on the default', () => {
    const account = rateLimit({ kind: 'account-throttle', limit: 10000, windowSeconds: 1, keyedBy: 'account', origin: { scope: 'default', at: ref('/'), defaultNote: 'AWS account-level regional throttling: 10,000 requests per second' } });
    const f = only(findings({ product: 'aws-apigateway', routes: [{ controls: { rateLimits: [account] } }] }, id));
    expect(f.message).toContain('Only the product default applies: account-throttle 10000 requests/second by account');
    expect(f.message).toContain('relies on the product default');
  });

  it('counts connection limits and configured-but-unenforced ones are left to their own rule', () => {
    expect(findings({ routes: [{ controls: { rateLimits: [rateLimit({ kind: 'limit_conn', unit: 'connections', limit: 10 })] } }] }, id)).toEqual([]);
    expect(findings({ routes: [{ controls: { rateLimits: [rateLimit({ enforced: false })] } }] }, id)).toEqual([]);
  });
});

describe('gateway.limits.rate-limit-not-enforced', () => {
  const id = 'gateway.limits.rate-limit-not-enforced';

  it('reports NGINX dry-run once at the directive, with every route', () => {
    const dry = rateLimit({ kind: 'limit_req', keyedBy: 'consumer', enforced: false, notEnforcedWhy: 'limit_req_dry_run is on: excess requests are only counted, never rejected', origin: origin('server', '/http/server/0/limit_req/0') });
    const f = only(findings({ product: 'nginx', routes: [{ path: '/a', controls: { rateLimits: [dry] } }, { path: '/b', controls: { rateLimits: [dry] } }] }, id));
    expect(f.severity).toBe('medium');
    expect(f.endpoints).toEqual(['GET /a', 'GET /b']);
    expect(f.message).toContain('limit_req 100 requests/minute by consumer is configured but does not enforce (limit_req_dry_run is on');
    expect(f.message).toContain('no other limit is enforced there');
  });

  it('names the Envoy 0 % default', () => {
    const envoy = rateLimit({
      kind: 'local_ratelimit',
      keyedBy: 'connection',
      enforced: false,
      notEnforcedWhy: 'filter_enforced is 0 %',
      origin: origin('listener', '/static_resources/listeners/0/filter_chains/0/filters/0', 'envoy local_ratelimit filter_enabled and filter_enforced default to 0 %'),
    });
    const f = only(findings({ product: 'envoy', routes: [{ controls: { rateLimits: [envoy] } }] }, id));
    expect(f.message).toContain('relies on the product default (envoy local_ratelimit filter_enabled and filter_enforced default to 0 %)');
  });

  it('rates it low when another limit is enforced, and is silent when all limits enforce', () => {
    const dry = rateLimit({ enforced: false, origin: origin('route', '/routes/0/plugins/5') });
    expect(only(findings({ routes: [{ controls: { rateLimits: [rateLimit(), dry] } }] }, id)).severity).toBe('low');
    expect(findings({}, id)).toEqual([]);
  });
});

describe('gateway.limits.weak-rate-limit-key', () => {
  const id = 'gateway.limits.weak-rate-limit-key';

  it('reports constant and client-chosen keys as medium', () => {
    const constant = only(findings({ routes: [{ controls: { rateLimits: [rateLimit({ kind: 'rate-limit-by-key', keyedBy: 'constant' })] } }] }, id));
    expect(constant.severity).toBe('medium');
    expect(constant.message).toContain('keyed on a constant, so all callers share one counter');
    const header = only(findings({ routes: [{ controls: { rateLimits: [rateLimit({ keyedBy: 'header:x-client' })] } }] }, id));
    expect(header.message).toContain('a value the client chooses (header:x-client)');
  });

  it('reports IP keys: spoofable when every forwarded address is trusted, otherwise low', () => {
    const ipLimit = rateLimit({ kind: 'limit_req', keyedBy: 'ip' });
    const spoof = only(
      findings({ product: 'nginx', routes: [{ controls: { rateLimits: [ipLimit] } }], settings: { set_real_ip_from: { value: ['0.0.0.0/0'], origin: origin('global', '/http/set_real_ip_from') } } }, id),
    );
    expect(spoof.severity).toBe('medium');
    expect(spoof.message).toContain('trusts forwarded client addresses from anywhere (0.0.0.0/0)');
    const plain = only(findings({ product: 'nginx', routes: [{ controls: { rateLimits: [ipLimit] } }] }, id));
    expect(plain.severity).toBe('low');
    expect(plain.message).toContain('keyed on the client IP only');
  });

  it('reports consumer keys on unauthenticated routes (Kong falls back to the IP), naming the default', () => {
    const kong = rateLimit({ keyedBy: 'consumer', origin: origin('global', '/plugins/1', 'Kong rate-limiting limit_by defaults to consumer (falls back to the client IP when no consumer is identified)') });
    (kong as typeof kong & { details: Record<string, unknown> }).details = { defaults: ['limit_by'] };
    const f = only(findings({ routes: [{ controls: { authentication: [], rateLimits: [kong] } }] }, id));
    expect(f.message).toContain('nothing authenticates callers');
    expect(f.message).toContain('relies on the product default (Kong rate-limiting limit_by defaults to consumer');
  });

  it('is silent for consumer keys on authenticated routes', () => {
    expect(findings({}, id)).toEqual([]);
  });
});

describe('gateway.limits.request-size', () => {
  const id = 'gateway.limits.request-size';

  it('reports a body route without a size limit at the route', () => {
    const f = only(findings({ routes: [{ path: '/upload', methods: ['POST'], controls: { sizeLimit: undefined } }] }, id));
    expect(f.severity).toBe('medium');
    expect(f.message).toContain('accepts request bodies with no size limit');
  });

  it('reports a disabled limit (client_max_body_size 0) at the directive', () => {
    const off = { maxBytes: null, origin: origin('server', '/http/server/0/client_max_body_size') };
    const f = only(findings({ routes: [{ path: '/a', methods: ['POST'], controls: { sizeLimit: off } }, { path: '/b', methods: [], controls: { sizeLimit: off } }] }, id));
    expect(f.endpoints).toEqual(['* /b', 'POST /a']);
    expect(f.message).toContain('The request size limit is disabled');
  });

  it('reports Kong\'s 128 MB default as low, saying it relies on the default', () => {
    const big = { maxBytes: 128 * 1024 * 1024, origin: origin('global', '/plugins/4', 'Kong request-size-limiting allowed_payload_size defaults to 128; size_unit defaults to megabytes') };
    const f = only(findings({ routes: [{ methods: ['PUT'], controls: { sizeLimit: big } }] }, id));
    expect(f.severity).toBe('low');
    expect(f.message).toContain('is 128 MB');
    expect(f.message).toContain('relies on the product default (Kong request-size-limiting allowed_payload_size defaults to 128)');
  });

  it('is silent for read-only routes and for sensible limits', () => {
    expect(findings({ routes: [{ methods: ['GET'], controls: { sizeLimit: undefined } }, { methods: ['POST'] }] }, id)).toEqual([]);
  });
});

describe('gateway.logging rules', () => {
  const httpLog = { kind: 'http-log', sink: 'http://logs.example.net/ingest', capturesBodies: false, capturesHeaders: true, masksPersonalData: false, origin: origin('global', '/plugins/7', 'Kong log plugins record request and response headers, query strings and the client IP; only Authorization and Proxy-Authorization headers are redacted') };

  it('full-body: reports body capture, naming AI payloads', () => {
    const id = 'gateway.logging.full-body';
    const bodies = { ...httpLog, capturesBodies: true };
    const f = only(findings({ routes: [{ path: '/v1/chat/completions', methods: ['POST'], controls: { logging: [bodies] } }] }, id));
    expect(f.message).toContain('http-log records request or response bodies to http://logs.example.net/ingest');
    expect(f.message).toContain('prompts and completions are logged');
    expect(f.controls).toContain('GDPR-5(1)(c)');
    expect(findings({ routes: [{ controls: { logging: [httpLog] } }] }, id)).toEqual([]);
  });

  it('unmasked-personal-data: reports header capture without masking, relying on the Kong default', () => {
    const id = 'gateway.logging.unmasked-personal-data';
    const f = only(findings({ routes: [{ controls: { logging: [httpLog] } }] }, id));
    expect(f.severity).toBe('low');
    expect(f.message).toContain('records request headers');
    expect(f.message).toContain('relies on the product default (Kong log plugins record request and response headers');
    expect(findings({ routes: [{ controls: { logging: [{ ...httpLog, masksPersonalData: true }] } }] }, id)).toEqual([]);
  });

  it('insecure-sink: reports http sinks (low when internal), silent for https', () => {
    const id = 'gateway.logging.insecure-sink';
    const f = only(findings({ routes: [{ controls: { logging: [httpLog] } }] }, id));
    expect(f.severity).toBe('medium');
    expect(f.message).toContain('over unencrypted http');
    expect(only(findings({ routes: [{ controls: { logging: [{ ...httpLog, sink: 'udp://10.1.2.3:514' }] } }] }, id)).severity).toBe('low');
    expect(findings({ routes: [{ controls: { logging: [{ ...httpLog, sink: 'https://logs.example.net' }] } }] }, id)).toEqual([]);
  });

  it('recipients: lists every remote sink once, as info', () => {
    const id = 'gateway.logging.recipients';
    const syslog = { ...httpLog, kind: 'syslog', sink: 'syslog.corp.example.net:514', origin: origin('server', '/http/access_log/1') };
    const file = { ...httpLog, kind: 'file-log', sink: 'file:/var/log/kong.log', origin: origin('global', '/plugins/8') };
    const f = only(findings({ routes: [{ path: '/a', controls: { logging: [httpLog, syslog, file] } }, { path: '/b', controls: { logging: [httpLog] } }] }, id));
    expect(f.severity).toBe('info');
    expect(f.message).toContain('sends logs to 2 remote recipients: http://logs.example.net/ingest (http-log, 2 routes); syslog.corp.example.net:514 (syslog, 1 route)');
    expect(f.controls).toEqual(expect.arrayContaining(['GDPR-30', 'GDPR-44']));
    expect(findings({ routes: [{ controls: { logging: [file] } }] }, id)).toEqual([]);
  });
});

describe('authentication stays the default in these tests', () => {
  it('the builder route is authenticated', () => {
    expect(findings({ routes: [{ controls: { authentication: [jwtAuth()] } }] }, 'gateway.auth.unauthenticated-route')).toEqual([]);
  });
});
