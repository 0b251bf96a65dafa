import { describe, expect, it } from 'vitest';
import { findings, jwtAuth, only, origin, ref } from './build-config.js';

describe('gateway.access.admin-without-authorization', () => {
  const id = 'gateway.access.admin-without-authorization';

  it('reports an authenticated admin route with no ACL as high', () => {
    const f = only(findings({ routes: [{ path: '/admin/users', methods: ['GET', 'DELETE'] }] }, id));
    expect(f.severity).toBe('high');
    expect(f.endpoints).toEqual(['DELETE /admin/users', 'GET /admin/users']);
    expect(f.message).toContain('admin-style path with no authorization check');
    expect(f.message).toContain('any authenticated consumer can call it');
  });

  it('rates it critical when nobody authenticates, and names deny-only lists', () => {
    const deny = { kind: 'acl', allow: [], deny: ['guests'], details: {}, origin: origin('route', '/routes/0/plugins/0') };
    const f = only(findings({ routes: [{ path: '/internal/jobs', controls: { authentication: [], authorization: [deny] } }] }, id));
    expect(f.severity).toBe('critical');
    expect(f.message).toContain('restricted only by deny entries');
    expect(f.message).toContain('anyone can call it');
  });

  it('is silent for admin routes with an allow-list and for ordinary routes', () => {
    const acl = { kind: 'acl', allow: ['admins'], deny: [], details: {}, origin: origin('route', '/routes/0/plugins/0') };
    expect(findings({ routes: [{ path: '/admin/users', controls: { authorization: [acl] } }, { path: '/users' }] }, id)).toEqual([]);
  });
});

describe('gateway.access.admin-all-methods', () => {
  const id = 'gateway.access.admin-all-methods';
  it('reports an admin route without methods', () => {
    const f = only(findings({ routes: [{ path: '/actuator/{*}', methods: [] }] }, id));
    expect(f.endpoints).toEqual(['* /actuator/{*}']);
    expect(f.severity).toBe('medium');
    expect(f.message).toContain('proxies every HTTP method');
  });
  it('is silent when the methods are listed or the path is not admin', () => {
    expect(findings({ routes: [{ path: '/admin', methods: ['GET'] }, { path: '/items', methods: [] }] }, id)).toEqual([]);
  });
});

describe('gateway.access.admin-interface-exposed', () => {
  const id = 'gateway.access.admin-interface-exposed';
  it('reports an admin API listening on every interface', () => {
    const f = only(findings({ settings: { admin_listen: { value: '0.0.0.0:8001, 0.0.0.0:8444 ssl', origin: origin('global', '/admin_listen') } } }, id));
    expect(f.severity).toBe('high');
    expect(f.message).toContain('admin interface (admin_listen) listens on 0.0.0.0:8001, 0.0.0.0:8444');
  });
  it('is silent on loopback', () => {
    expect(findings({ settings: { adminListen: { value: '127.0.0.1:8001', origin: origin('global', '/admin_listen') } } }, id)).toEqual([]);
  });
});

describe('gateway.tls.legacy-protocol', () => {
  const id = 'gateway.tls.legacy-protocol';

  it('reports TLS 1.0/1.1 as medium and SSLv3 as high', () => {
    const tls11 = only(findings({ listeners: [{ tls: { protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], origin: origin('server', '/http/server/0/ssl_protocols') } }] }, id));
    expect(tls11.severity).toBe('medium');
    expect(tls11.message).toContain('accepts TLSv1.0, TLSv1.1');
    const ssl = only(findings({ listeners: [{ tls: { protocols: ['SSLv3', 'TLSv1.2'], origin: origin('server', '/x') } }] }, id));
    expect(ssl.severity).toBe('high');
  });

  it('reports a version-dependent default as low, saying it relies on the default', () => {
    const note = 'ssl_protocols is not set: nginx 1.27.3 and later default to TLSv1.2 TLSv1.3, but 1.23.4–1.27.2 default to TLSv1 TLSv1.1 TLSv1.2 TLSv1.3';
    const f = only(findings({ product: 'nginx', listeners: [{ tls: { protocols: ['TLSv1.2', 'TLSv1.3'], origin: { scope: 'default', at: ref('/http/server/0'), defaultNote: note } } }] }, id));
    expect(f.severity).toBe('low');
    expect(f.message).toContain('the product default accepts TLSv1.0, TLSv1.1 in some versions');
    expect(f.message).toContain('This relies on the product default (ssl_protocols is not set');
  });

  it('is silent for TLS 1.2 and 1.3 configured', () => {
    expect(findings({}, id)).toEqual([]);
  });
});

describe('gateway.tls.plain-http-listener', () => {
  const id = 'gateway.tls.plain-http-listener';
  it('reports a plain-http listener that serves the API', () => {
    const f = only(findings({ listeners: [{ name: 'api:80', protocol: 'http', port: 80, tls: undefined, hostnames: ['api.example.net'] }] }, id));
    expect(f.message).toContain('Listener api:80 (port 80) for api.example.net serves plain http and does not redirect to https');
  });
  it('is silent for redirect-only and loopback listeners', () => {
    expect(findings({ listeners: [{ protocol: 'http', tls: undefined, redirectsToHttps: true }, { protocol: 'http', tls: undefined, host: '127.0.0.1' }] }, id)).toEqual([]);
  });
});

describe('gateway.tls.route-accepts-http', () => {
  const id = 'gateway.tls.route-accepts-http';
  it('reports a route accepting http, naming the default when the importer says so', () => {
    const f = only(
      findings(
        { routes: [{ path: '/items', protocols: ['http', 'https'], protocolsOrigin: origin('default', '/services/0/routes/0', 'Kong route protocols default to ["http", "https"]') }] },
        id,
      ),
    );
    expect(f.message).toContain('accepts plain http (protocols: http, https)');
    expect(f.message).toContain('relies on the product default (Kong route protocols default to ["http", "https"])');
  });
  it('reports routes served on a plain-http listener that does not redirect once, at that listener', () => {
    const list = findings(
      {
        listeners: [{ name: 'api:443' }, { name: 'api:80', protocol: 'http', port: 80, tls: undefined }, { name: 'admin:80', protocol: 'http', port: 80, tls: undefined, redirectsToHttps: true }],
        routes: [
          { path: '/a', protocols: ['http', 'https'], listeners: ['api:443', 'api:80'] },
          { path: '/b', protocols: ['http', 'https'], listeners: ['api:443', 'api:80'] },
          { path: '/c', protocols: ['http'], listeners: ['admin:80'], container: { scope: 'server', name: 'admin', at: ref('/http/server/1') } },
        ],
      },
      id,
    );
    expect(list.map((f) => [f.locations[0]!.pointer, f.occurrences])).toEqual([
      ['/http/server/1', 1],
      ['/listeners/1', 2],
    ]);
    expect(list[1]!.message).toContain('2 routes (route-0, route-1) accept plain http (protocols: http, https) on listener api:80, which does not redirect to https');
  });
  it('is silent for https-only routes', () => {
    expect(findings({}, id)).toEqual([]);
  });
});

describe('gateway.tls.missing-hsts', () => {
  const id = 'gateway.tls.missing-hsts';
  it('reports routes whose HSTS header an add_header dropped, once per place', () => {
    const dropped = { scope: 'default' as const, at: ref('/http/server/0/location/1/add_header/0'), defaultNote: "this level's add_header replaces every add_header above it" };
    const f = only(
      findings(
        {
          routes: [{ path: '/a' }, { path: '/b' }],
          settings: { 'route:r0:strict-transport-security': { value: null, origin: dropped }, 'route:r1:strict-transport-security': { value: null, origin: dropped } },
        },
        id,
      ),
    );
    expect(f.endpoints).toEqual(['GET /a', 'GET /b']);
    expect(f.message).toContain("send no Strict-Transport-Security header: this level's add_header replaces every add_header above it");
  });
  it('is silent when the header is set', () => {
    expect(findings({ settings: { 'route:r0:strict-transport-security': { value: 'max-age=31536000', origin: origin('server', '/x') } } }, id)).toEqual([]);
  });
});

describe('gateway.upstream rules', () => {
  it('plain-http: reports a public http upstream, high when it is an LLM provider, silent for internal hosts', () => {
    const id = 'gateway.upstream.plain-http';
    const f = only(findings({ upstreams: [{ url: 'http://mockbin.org', scheme: 'http', host: 'mockbin.org', tlsVerify: undefined }] }, id));
    expect(f.severity).toBe('medium');
    expect(f.endpoints).toEqual(['GET /items']);
    expect(f.message).toContain('is reached over plain http at mockbin.org, a host outside the private network');
    const llm = only(findings({ upstreams: [{ url: 'http://api.openai.com', scheme: 'http', host: 'api.openai.com', tlsVerify: undefined }] }, id));
    expect(llm.severity).toBe('high');
    expect(llm.message).toContain('LLM provider OpenAI');
    expect(findings({ upstreams: [{ url: 'http://orders:8080', scheme: 'http', host: 'orders', tlsVerify: undefined }, { url: 'http://10.0.0.5', scheme: 'http', host: '10.0.0.5' }] }, id)).toEqual([]);
  });

  it('tls-verify-off: reports a product default once at the config root with the upstream next; medium for internal hosts', () => {
    const id = 'gateway.upstream.tls-verify-off';
    const note = 'nginx proxy_ssl_verify defaults to off: the upstream certificate is not verified';
    const f = only(
      findings({ upstreams: [{ url: 'https://payments.example.net', host: 'payments.example.net', tlsVerify: { enabled: false, origin: { scope: 'default', at: ref('/http/server/0/location/0/proxy_pass'), defaultNote: note } } }] }, id),
    );
    expect(f.severity).toBe('high');
    expect(f.locations.map((l) => l.pointer)).toEqual(['', '/http/server/0/location/0/proxy_pass']);
    expect(f.message).toContain('without verifying its certificate');
    expect(f.message).toContain(`relies on the product default (${note})`);
    expect(only(findings({ upstreams: [{ tlsVerify: { enabled: false, origin: origin('service', '/s') } }] }, id)).severity).toBe('medium');
    expect(findings({}, id)).toEqual([]);
  });

  it('dynamic-target: reports an upstream taken from request data', () => {
    const id = 'gateway.upstream.dynamic-target';
    const f = only(findings({ upstreams: [{ url: 'http://$arg_host', host: '$arg_host', scheme: 'http', dynamicFromRequest: { expression: 'http://$arg_host', at: ref('/http/server/0/location/0/proxy_pass') } }] }, id));
    expect(f.severity).toBe('high');
    expect(f.message).toContain('is chosen from request data (http://$arg_host)');
    expect(f.controls).toContain('API7:2023');
    expect(findings({}, id)).toEqual([]);
  });

  it('timeouts: reports disabled (medium), very long (low) and missing timeouts; silent for short ones', () => {
    const id = 'gateway.upstream.timeouts';
    const zero = only(findings({ upstreams: [{ timeouts: { readMs: 0, origin: origin('route', '/routes/0/timeout') } }] }, id));
    expect(zero.severity).toBe('medium');
    expect(zero.message).toContain('the read timeout is 0 (no limit)');
    const long = only(findings({ upstreams: [{ timeouts: { connectMs: 5000, readMs: 900_000, origin: origin('service', '/services/0') } }] }, id));
    expect(long.severity).toBe('low');
    expect(long.message).toContain('very long timeouts (read 900 s)');
    expect(only(findings({ upstreams: [{ timeouts: undefined }] }, id)).message).toContain('has no timeout in the config');
    expect(findings({}, id)).toEqual([]);
  });
});

describe('gateway.auth and access interplay', () => {
  it('an authenticated admin route with an ACL has no access findings', () => {
    const acl = { kind: 'acl', allow: ['admins'], deny: [], details: {}, origin: origin('route', '/routes/0/plugins/0') };
    const list = findings({ routes: [{ path: '/admin/users', controls: { authentication: [jwtAuth()], authorization: [acl] } }] }, 'gateway.access.admin-without-authorization');
    expect(list).toEqual([]);
  });
});
