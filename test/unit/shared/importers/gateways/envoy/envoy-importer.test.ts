import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceFolder } from '../../../../../../electron/node/files/evidence-folder.js';
import { durationMs } from '../../../../../../shared/importers/gateways/envoy/envoy-model.js';
import { envoyImporter, sniffEnvoy } from '../../../../../../shared/importers/gateways/envoy/index.js';
import { gatewayImportersB as gatewayImporters } from '../../../../../../shared/importers/gateways/group-b.js';
import { ImportError } from '../../../../../../shared/importers/import-error.js';
import type { GatewayConfig, GatewayRoute } from '../../../../../../shared/model/gateway.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../../fixtures/gateways/envoy');
const folder = new EvidenceFolder(fixtures);
const parse = (file: string): ReturnType<typeof envoyImporter.parse> => envoyImporter.parse(file, folder);
const memory = (files: Record<string, string>) => ({ readText: (p: string) => files[p] });

function importError(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('expected an ImportError');
}

const byName = (config: GatewayConfig, name: string): GatewayRoute => {
  const r = config.routes.find((x) => x.name === name);
  if (!r) throw new Error(`no route ${name}: ${config.routes.map((x) => x.name).join(', ')}`);
  return r;
};

describe('Envoy sniff', () => {
  it('claims static bootstrap files, nothing else', () => {
    const claimed = folder.listFiles().filter((f) => gatewayImporters.some((g) => g.sniff(f, folder.head(f))));
    expect(claimed).toEqual([
      'cors/backend/envoy.yaml',
      'ext_authz/config/http-service.yaml',
      'front-proxy/envoy.yaml',
      'local_ratelimit/envoy.yaml',
      'own/api-gateway.yaml',
      'rbac/envoy.yaml',
      'tls/envoy-https-http.yaml',
    ]);
    for (const f of claimed) expect(gatewayImporters.find((g) => g.sniff(f, folder.head(f)))).toBe(envoyImporter);
    expect(sniffEnvoy('envoy.json', '{\n  "static_resources": {"listeners": []}\n}')).toBe(true);
    expect(sniffEnvoy('kong.yaml', '_format_version: "3.0"\nservices: []\n')).toBe(false);
    expect(sniffEnvoy('values.yaml', 'envoy:\n  static_resources:\n    listeners: []\n')).toBe(false);
    expect(sniffEnvoy('nginx.conf', 'static_resources: {}')).toBe(false);
  });
});

describe('Envoy corpus configurations', () => {
  it('front-proxy: a plain and a TLS listener (default TLS versions), private key in the file', () => {
    const { config, sources } = parse('front-proxy/envoy.yaml');
    expect(config.listeners.map((l) => [l.name, l.protocol, l.host, l.port, l.tls?.protocols])).toEqual([
      ['listener 0', 'http', '0.0.0.0', 8080, undefined],
      ['listener 1', 'https', '0.0.0.0', 8443, ['TLSv1.2', 'TLSv1.3']],
    ]);
    expect(config.listeners[1]!.tls!.origin).toMatchObject({ scope: 'default', defaultNote: expect.stringContaining('TLSv1_2') });
    // Each route is linked to the listener whose route table holds it, and grouped under that listener's HTTP connection manager.
    expect(new Set(config.routes.map((r) => `${r.protocols.join()} ${r.listeners?.join()} ${r.container?.at.pointer}`))).toEqual(
      new Set([
        'http listener 0 /static_resources/listeners/0/filter_chains/0/filters/0/typed_config',
        'https listener 1 /static_resources/listeners/1/filter_chains/0/filters/0/typed_config',
      ]),
    );
    expect(config.routes.map((r) => [r.pathTemplate, r.protocols.join(), r.upstreamId])).toEqual([
      ['/service/1/{*}', 'http', 'cluster:service1-envoy'],
      ['/service/2/{*}', 'http', 'cluster:service2-envoy'],
      ['/service/1/{*}', 'https', 'cluster:service1-envoy'],
      ['/service/2/{*}', 'https', 'cluster:service2-envoy'],
    ]);
    expect(config.routes.every((r) => r.controls.authentication.length === 0 && r.controls.rateLimits.length === 0 && r.controls.logging.length === 0)).toBe(true);
    expect(config.upstreams.map((u) => [u.url, u.timeouts?.connectMs, u.timeouts?.readMs])).toEqual([
      ['http://service-envoy-1:8000', 5000, 15000],
      ['http://service-envoy-2:8000', 5000, 15000],
    ]);
    expect(config.secrets).toEqual([expect.objectContaining({ kind: 'private-key', where: 'private_key.inline_string' })]);
    expect(sources.locate(config.secrets[0]!.at)).toMatchObject({ line: 100, column: 17 });
    expect(JSON.stringify(config)).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC2GdiSpVAFf5aD');
    expect(config.settings['admin.address']!.value).toBe('0.0.0.0:8001');
    expect(config.settings['admin.listens-on-all-interfaces']!.value).toBe(true);
    expect(sources.locate(config.routes[2]!.at)).toMatchObject({ file: 'front-proxy/envoy.yaml', line: 52, column: 17 });
  });

  it('ext_authz: every route behind the HTTP authorization service, failing closed by default', () => {
    const { config } = parse('ext_authz/config/http-service.yaml');
    expect(config.routes).toHaveLength(1);
    expect(config.routes[0]!.controls.authentication).toEqual([
      expect.objectContaining({ kind: 'ext-authz', details: expect.objectContaining({ failureModeAllow: false, service: 'ext_authz', cluster: 'ext_authz-http-service', defaultsApplied: ['failure_mode_allow defaults to false (fails closed)'] }) }),
    ]);
    expect(config.routes[0]!.controls.authentication[0]!.allowsAnonymous).toBeUndefined();
    expect(config.settings['listener:listener 0:use_remote_address']).toMatchObject({ value: false, origin: { scope: 'default' } });
  });

  it('local_ratelimit: a token bucket enforced at 100 %', () => {
    const { config } = parse('local_ratelimit/envoy.yaml');
    expect(config.routes.map((r) => r.controls.rateLimits)).toEqual([
      [expect.objectContaining({ kind: 'local_ratelimit', limit: 2, windowSeconds: 5, keyedBy: 'constant', enforced: true })],
      [expect.objectContaining({ kind: 'local_ratelimit', limit: 2, windowSeconds: 5, enforced: true })],
    ]);
    expect(config.upstreams.map((u) => u.timeouts)).toEqual([
      expect.objectContaining({ connectMs: 250, origin: expect.objectContaining({ scope: 'service' }) }),
      expect.objectContaining({ connectMs: 250 }),
    ]);
  });

  it('cors: virtual-host policy, a route turning it off, a restricted route; stdout access log', () => {
    const { config } = parse('cors/backend/envoy.yaml');
    const cors = (p: string) => config.routes.find((r) => r.rawPath === p)!.controls.cors;
    expect(cors('/cors/open')).toMatchObject({ origins: ['*'], credentials: false, origin: { scope: 'server' } });
    expect(cors('/cors/disabled')).toBeUndefined();
    expect(cors('/cors/restricted')).toMatchObject({ origins: ['.*\\.envoyproxy\\.io'], origin: { scope: 'route' } });
    expect(config.routes[0]!.controls.logging).toEqual([expect.objectContaining({ kind: 'stdout', capturesHeaders: false })]);
  });

  it('rbac: matcher actions read as allow / deny', () => {
    const { config } = parse('rbac/envoy.yaml');
    expect(config.routes[0]!.controls.authorization).toEqual([expect.objectContaining({ kind: 'rbac', allow: ['all-pass'], deny: ['illegal-referer'], details: expect.objectContaining({ enforced: true }) })]);
  });

  it('tls: TLS termination in front of a plain-http upstream', () => {
    const { config } = parse('tls/envoy-https-http.yaml');
    expect(config.listeners).toEqual([expect.objectContaining({ protocol: 'https', port: 10000, tls: expect.objectContaining({ protocols: ['TLSv1.2', 'TLSv1.3'] }) })]);
    expect(config.upstreams).toEqual([expect.objectContaining({ scheme: 'http', host: 'service-http', port: 80 })]);
    expect(config.upstreams[0]!.tlsVerify).toBeUndefined();
    expect(config.settings['admin.address']).toBeUndefined();
  });
});

describe('Envoy api-gateway (a configuration of ours)', () => {
  const { config, sources } = parse('own/api-gateway.yaml');

  it('reads the redirecting listener and the weak TLS minimum', () => {
    expect(config.listeners.map((l) => [l.name, l.protocol, l.redirectsToHttps, l.hostnames, l.tls?.protocols])).toEqual([
      ['http_redirect', 'http', true, [], undefined],
      ['https_api', 'https', false, ['api.example.com'], ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']],
    ]);
    expect(config.listeners[1]!.tls!.origin.scope).toBe('listener');
    expect(config.routes.map((r) => [r.name, r.methods.join(), r.pathTemplate, r.match])).toEqual([
      ['public-health', '', '/health', 'exact'],
      ['get-order', 'GET', '/orders/{id}', 'regex'],
      ['orders', '', '/orders/{*}', 'prefix'],
      ['chat', '', '/v1/chat/{*}', 'prefix'],
      ['fetch', '', '/fetch/{*}', 'prefix'],
    ]);
    expect(config.settings['listener:https_api:xff_num_trusted_hops']).toMatchObject({ value: 3, origin: { scope: 'listener' } });
    expect(config.settings['admin.listens-on-all-interfaces']!.value).toBe(false);
  });

  it('reads jwt_authn rules: allow_missing, a provider without audiences taking the token from the query, routes no rule covers', () => {
    const orders = byName(config, 'orders');
    const jwt = orders.controls.authentication.find((a) => a.kind === 'jwt')!;
    expect(jwt).toMatchObject({ allowsAnonymous: true, forwardsCredentials: true, credentialsInQuery: true, details: expect.objectContaining({ providers: ['issuer1'], audiences: [] }) });
    expect(sources.locate(jwt.origin.at)).toMatchObject({ line: 113, column: 17 });
    expect(byName(config, 'get-order').controls.authentication.find((a) => a.kind === 'jwt')).toMatchObject({ allowsAnonymous: true });
    const chat = byName(config, 'chat').controls.authentication.find((a) => a.kind === 'jwt')!;
    expect(chat).toMatchObject({ forwardsCredentials: false, credentialsInQuery: true, details: expect.objectContaining({ providers: ['legacy'], audiences: ['orders-api'], fromParams: ['token'] }) });
    expect(chat.allowsAnonymous).toBeUndefined();
    const health = byName(config, 'public-health');
    expect(health.controls.authentication).toEqual([]);
    expect(config.settings[`route:${health.id}:jwt-authn`]).toMatchObject({ value: expect.stringContaining('no jwt_authn rule matches'), origin: { scope: 'default' } });
  });

  it('reads ext_authz failing open and disabled per route, rbac in shadow mode', () => {
    expect(byName(config, 'orders').controls.authentication.find((a) => a.kind === 'ext-authz')).toMatchObject({ allowsAnonymous: true, details: expect.objectContaining({ failureModeAllow: true, service: 'authz' }) });
    expect(byName(config, 'public-health').controls.authentication.some((a) => a.kind === 'ext-authz')).toBe(false);
    expect(byName(config, 'orders').controls.authorization).toEqual([expect.objectContaining({ kind: 'rbac', details: expect.objectContaining({ shadowOnly: true, enforced: false, shadowPolicies: ['block-admin'] }) })]);
  });

  it('reads local_ratelimit left at 0 % as not enforced, the global ratelimit failing open', () => {
    const orders = byName(config, 'orders');
    expect(orders.controls.rateLimits).toEqual([
      expect.objectContaining({ kind: 'local_ratelimit', limit: 100, windowSeconds: 1, enforced: false, notEnforcedWhy: expect.stringContaining('filter_enabled is not set (0 % by default)') }),
      expect.objectContaining({ kind: 'ratelimit', keyedBy: 'ip', enforced: true }),
    ]);
    expect(byName(config, 'chat').controls.rateLimits[0]).toMatchObject({ limit: 10, windowSeconds: 60, enforced: false, notEnforcedWhy: expect.stringContaining('filter_enforced'), origin: { scope: 'route' } });
    expect(config.settings[`route:${orders.id}:ratelimit-failure-mode-deny`]).toMatchObject({ value: false, origin: { scope: 'default' } });
  });

  it('reads body size, access log with the Authorization header, upstream TLS and timeouts, dynamic forward proxy, AI provider', () => {
    const orders = byName(config, 'orders');
    expect(orders.controls.sizeLimit).toMatchObject({ maxBytes: 1048576, origin: { scope: 'listener' } });
    expect(orders.controls.logging).toEqual([expect.objectContaining({ kind: 'file', capturesHeaders: true })]);
    const up = (id: string | undefined) => config.upstreams.find((u) => u.id === id)!;
    expect(up(orders.upstreamId)).toMatchObject({ host: 'orders.internal', port: 8443, scheme: 'https', tlsVerify: { enabled: true }, timeouts: { connectMs: 2000, readMs: 15000 } });
    expect(up(byName(config, 'get-order').upstreamId).timeouts).toMatchObject({ readMs: 0, origin: { scope: 'route' } });
    const chat = byName(config, 'chat');
    expect(up(chat.upstreamId)).toMatchObject({ host: 'api.openai.com', tlsVerify: { enabled: false, origin: { scope: 'default' } }, timeouts: { readMs: 120000 } });
    expect(chat.controls.ai).toEqual([expect.objectContaining({ kind: 'llm-upstream', provider: 'openai' })]);
    expect(up(byName(config, 'fetch').upstreamId).dynamicFromRequest).toMatchObject({ expression: expect.stringContaining('dynamic_forward_proxy') });
    expect(up(orders.upstreamId).dynamicFromRequest).toBeUndefined();
  });

  it('finds the symmetric JWT key without keeping it', () => {
    expect(config.secrets).toEqual([expect.objectContaining({ kind: 'jwt-secret' })]);
    expect(JSON.stringify(config)).not.toContain('c2VjcmV0LWhtYWMta2V5');
  });

  it('reads protobuf durations', () => {
    expect([durationMs('0s'), durationMs('0.25s'), durationMs('1.5s'), durationMs({ seconds: 2, nanos: 500000000 }), durationMs('5m')]).toEqual([0, 250, 1500, 2500, undefined]);
  });
});

describe('Envoy broken input', () => {
  it('names the file, line and column of broken YAML', () => {
    const e = importError(() => envoyImporter.parse('envoy.yaml', memory({ 'envoy.yaml': 'static_resources:\n  listeners:\n  - address: [unclosed\n' })));
    expect(e.file).toBe('envoy.yaml');
    expect(e.line).toBeGreaterThan(0);
    const dup = importError(() => envoyImporter.parse('envoy.yaml', memory({ 'envoy.yaml': 'static_resources:\n  listeners: []\n  listeners: []\n' })));
    expect(dup).toMatchObject({ file: 'envoy.yaml', line: 3 });
  });

  it('notes routes from RDS, unknown clusters and a v2 configuration', () => {
    const c = envoyImporter.parse(
      'envoy.yaml',
      memory({
        'envoy.yaml': `static_resources:
  listeners:
  - address: {socket_address: {address: 0.0.0.0, port_value: 80}}
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          rds: {route_config_name: r}
  - address: {socket_address: {address: 0.0.0.0, port_value: 81}}
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          route_config:
            virtual_hosts:
            - name: a
              domains: ["*"]
              routes:
              - match: {prefix: "/"}
                route: {cluster: nowhere}
`,
      }),
    ).config;
    expect(c.problems.map((p) => p.message)).toEqual([expect.stringContaining('routes come from RDS'), expect.stringContaining('cluster "nowhere"')]);
    const v2 = envoyImporter.parse('e.yaml', memory({ 'e.yaml': 'static_resources:\n  clusters:\n  - name: x\n    "@type": type.googleapis.com/envoy.api.v2.Cluster\n' })).config;
    expect(v2.problems.map((p) => p.message)).toEqual([expect.stringContaining('v2 API')]);
  });
});
