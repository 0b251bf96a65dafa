import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileAccess } from '../../../../../../shared/importers/file-access.js';
import { folder } from '../folder-access.js';
import { gatewayImporters } from '../../../../../../shared/importers/gateways/index.js';
import { prefixTemplate, regexToTemplate } from '../../../../../../shared/importers/gateways/common/a-path-template.js';
import { kongDeckImporter } from '../../../../../../shared/importers/gateways/kong/kong-importer.js';
import { ImportError } from '../../../../../../shared/importers/import-error.js';
import type { GatewayConfig, GatewayRoute } from '../../../../../../shared/model/gateway.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../../fixtures/gateways/kong');

const memory = (files: Record<string, string>): FileAccess => ({ readText: (p) => files[p] });

function load(file: string) {
  const access = folder(fixtures);
  const text = readFileSync(path.join(fixtures, file), 'utf8');
  expect(kongDeckImporter.sniff(file, text.slice(0, 65536))).toBe(true);
  const result = kongDeckImporter.parse(file, access);
  return { ...result, access, line: (r: GatewayRoute | { at: { file: string; pointer: string } }) => result.sources.locate(r.at).line };
}

function inline(text: string, file = 'kong.yaml') {
  return kongDeckImporter.parse(file, memory({ [file]: text }));
}

function route(config: GatewayConfig, id: string): GatewayRoute {
  const r = config.routes.find((x) => x.id === id);
  if (!r) throw new Error(`no route ${id} in ${config.routes.map((x) => x.id).join(', ')}`);
  return r;
}

function importError(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('expected an ImportError');
}

describe('gateway path templates', () => {
  it('converts regex paths segment by segment where it can, else keeps the literal prefix', () => {
    const t = (r: string) => regexToTemplate(r);
    expect(t('/users/(?<id>\\d+)$')).toEqual({ template: '/users/{id}', exact: true, converted: true });
    expect(t('^/items/(\\d+)/parts$').template).toBe('/items/{param1}/parts');
    expect(t('/v\\d+/users$').template).toBe('/{param1}/users');
    expect(t('/orders/[^/]+/lines/[0-9]+$').template).toBe('/orders/{param1}/lines/{param2}');
    expect(t('/files/.*').template).toBe('/files/{*}');
    expect(t('/v1/example/?$')).toEqual({ template: '/v1/example', exact: true, converted: true });
    expect(t('/static/file.json$').template).toBe('/static/file.json');
    expect(t('/api')).toEqual({ template: '/api/{*}', exact: false, converted: true });
    expect(t('/api/(a|b)/x$')).toEqual({ template: '/api/{*}', exact: false, converted: false });
    expect(t('/a|/b')).toMatchObject({ template: '/{*}', converted: false });
    expect([prefixTemplate('/'), prefixTemplate('/otto/'), prefixTemplate('r1')]).toEqual(['/{*}', '/otto/{*}', '/r1/{*}']);
  });
});

describe('Kong decK sniff', () => {
  it('claims every decK file of the corpus, with or without _format_version', () => {
    for (const f of ['kong.yaml', 'kong2kic-input.yaml', 'convert-11-input.yaml', 'sync-017-consumer-groups-rla.yaml', 'sync-025-consumer-groups-scoped-plugins.yaml', 'own/ai-and-limits.yaml']) {
      const head = readFileSync(path.join(fixtures, f), 'utf8').slice(0, 65536);
      expect(gatewayImporters.filter((g) => g.sniff(f, head)).map((g) => g.product), f).toEqual(['kong']);
    }
    expect(kongDeckImporter.sniff('k.json', '{"_format_version": "3.0", "services": []}')).toBe(true);
  });

  it('leaves other YAML and JSON alone', () => {
    const others: Record<string, string> = {
      'compose.yaml': 'services:\n  web:\n    image: nginx\nvolumes:\n  data: {}\n',
      'compose-only.yaml': 'services:\n  web:\n    image: nginx\n',
      'openapi.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n',
      'envoy.yaml': 'static_resources:\n  listeners: []\n',
      'k8s.yaml': 'apiVersion: v1\nkind: Service\n',
      'workflow.yml': 'name: ci\non: push\njobs: {}\n',
      'tyk.json': '{"api_id": "1", "proxy": {"listen_path": "/x/"}}',
      'plain.json': '{"services": [{"name": "a"}]}',
    };
    for (const [f, text] of Object.entries(others)) expect(kongDeckImporter.sniff(f, text), f).toBe(false);
  });
});

describe('Kong decK corpus configs', () => {
  it('kong.yaml: three services, routes without auth, a consumer-scoped limit, five clear-text secrets', () => {
    const { config, sources, line } = load('kong.yaml');
    expect(config).toMatchObject({ product: 'kong', format: 'deck', files: ['kong.yaml'] });
    expect(config.routes.map((r) => [r.id, r.methods.join(','), r.pathTemplate, r.match])).toEqual([
      ['r1', '', '/r1/{*}', 'prefix'],
      ['r2', '', '/r2/{*}', 'prefix'],
      ['r3', 'GET', '/r3/{*}', 'prefix'],
    ]);
    const r3 = route(config, 'r3');
    expect(line(r3)).toBe(26);
    expect(r3.controls.authentication).toEqual([]);
    expect(r3.protocols).toEqual(['http', 'https']);
    expect(r3.protocolsOrigin).toMatchObject({ scope: 'default', defaultNote: expect.stringContaining('["http", "https"]') });
    // The service a route is declared in is where one plugin would cover its siblings.
    expect(config.routes.map((r) => [r.id, r.container?.scope, r.container?.at.pointer])).toEqual([
      ['r1', 'service', '/services/0'],
      ['r2', 'service', '/services/1'],
      ['r3', 'service', '/services/2'],
    ]);
    // The consumer "yolo" has a rate limit of its own: it applies to that consumer only.
    expect(r3.controls.rateLimits).toEqual([
      expect.objectContaining({ kind: 'rate-limiting', limit: 10, windowSeconds: 60, keyedBy: 'consumer', origin: expect.objectContaining({ scope: 'consumer' }), details: expect.objectContaining({ appliesTo: 'consumer "yolo"', policy: 'redis' }) }),
    ]);
    const up = config.upstreams.find((u) => u.id === r3.upstreamId)!;
    expect(up).toMatchObject({ scheme: 'http', host: 'mockbin.org', port: 80 });
    expect(up.tlsVerify).toBeUndefined();
    expect(up.timeouts).toMatchObject({ connectMs: 60000, readMs: 60000, writeMs: 60000, origin: { scope: 'default', defaultNote: expect.stringContaining('60000 ms') } });
    expect(config.secrets.map((s) => s.kind).sort()).toEqual(['basic-auth-password', 'consumer-key', 'hmac-secret', 'jwt-secret', 'private-key']);
    const lines = Object.fromEntries(config.secrets.map((s) => [s.kind, sources.locate(s.at).line]));
    expect(lines).toMatchObject({ 'consumer-key': 104, 'hmac-secret': 107, 'jwt-secret': 111, 'basic-auth-password': 114, 'private-key': 60 });
    const json = JSON.stringify(config);
    for (const value of ['iwb6Djkk4HhUlOCmLilDIKh6nZrn90ts', 'yeNZBeqCuk0D3H85VX77Umacf91MwqRo', '6gkrxTKAraykMSpmnLNEGiEE3Yz8XL6U', 'this-password-cant-be-changed', 'MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCo']) expect(json).not.toContain(value);
    expect(config.settings['kong.select_tags']?.value).toEqual(['managed-by-deck', 'org-unit-42']);
    expect(config.settings['kong.other_plugins']?.value).toEqual(['prometheus']);
  });

  it('kong2kic input: one route entity with three paths (regex converted), route plugins over service plugins', () => {
    const { config, sources, line } = load('kong2kic-input.yaml');
    expect(config.routes).toHaveLength(3);
    const [regex, plain] = config.routes as [GatewayRoute, GatewayRoute, GatewayRoute];
    expect(regex).toMatchObject({ rawPath: '~/v1/example/?$', pathTemplate: '/v1/example', match: 'regex', methods: ['GET', 'POST'], hosts: ['example.com', 'another-example.com', 'yet-another-example.com'], version: 'v1' });
    expect(plain).toMatchObject({ rawPath: '/v1/another-example', pathTemplate: '/v1/another-example/{*}', match: 'prefix' });
    expect(line(regex)).toBe(225);
    const c = regex.controls;
    expect(c.authentication.map((a) => a.kind)).toEqual(['basic', 'jwt', 'key-auth', 'mtls']);
    const keyAuth = c.authentication.find((a) => a.kind === 'key-auth')!;
    expect(keyAuth).toMatchObject({ credentialsInQuery: true, forwardsCredentials: true, allowsAnonymous: false, origin: { scope: 'route', defaultNote: expect.stringContaining('key_in_query defaults to true') } });
    expect(keyAuth.details.defaults).toEqual(['key_in_query']);
    expect(sources.locate(keyAuth.origin.at).line).toBe(337);
    const jwt = c.authentication.find((a) => a.kind === 'jwt')!;
    expect(jwt).toMatchObject({ credentialsInQuery: true, details: { uriParamNames: ['token'], claimsToVerify: ['exp', 'nbf'], verifiesExpiry: true, maximumExpiration: 3600 } });
    expect(c.authorization.map((z) => [z.kind, z.allow, z.deny])).toEqual([
      ['ip-restriction', ['192.168.0.1/24'], ['192.168.0.2/32']],
      ['request-termination', [], ['*']],
      ['acl', ['admin'], []],
    ]);
    expect(c.cors).toMatchObject({ origins: ['example.com'], credentials: true, origin: { scope: 'route' } });
    // The route's rate-limiting-advanced shadows the service's; consumer and consumer-group ones stand beside it.
    expect(c.rateLimits.map((r) => [r.kind, r.limit, r.windowSeconds, r.origin.scope])).toEqual([
      ['rate-limiting-advanced', 5, 30, 'route'],
      ['response-ratelimiting', 10, 60, 'route'],
      ['rate-limiting-advanced', 5, 30, 'consumer'],
      ['rate-limiting-advanced', 5, 30, 'consumer-group'],
    ]);
    expect(c.logging.map((l) => [l.kind, l.sink, l.capturesBodies])).toEqual([
      ['file-log', 'file:/var/log/kong/kong.log', false],
      ['http-log', 'http://example.com/logs', false],
      ['tcp-log', 'tcp://example.com:1234', false],
    ]);
    const up = config.upstreams[0]!;
    expect(up).toMatchObject({ url: 'http://example-api.com', scheme: 'http', timeouts: { connectMs: 5000, readMs: 60000, writeMs: 60000, origin: { scope: 'service' } } });
    expect(config.secrets.map((s) => s.kind).sort()).toEqual(['aws-secret-key', 'basic-auth-password', 'consumer-key', 'jwt-secret', 'private-key', 'private-key']);
    expect(sources.locate(config.secrets.find((s) => s.kind === 'aws-secret-key')!.at).line).toBe(260);
    expect(JSON.stringify(config)).not.toMatch(/my_secret_key|my_basic_password|my_api_key|"my_secret"|MIIJKQIBAAKCAgEA/);
  });

  it('convert testdata 11: protocol defaults, service over global precedence, tls_verify defaults', () => {
    const { config, sources } = load('convert-11-input.yaml');
    expect(config.format).toBe('deck-3.0');
    expect(config.routes.map((r) => r.id)).toEqual(['r1-no-protocols', 'r1-with-protocols', 'r2', 'r3-no-protocols', 'r4-with-protocols']);
    const noProtocols = route(config, 'r1-no-protocols');
    const withProtocols = route(config, 'r1-with-protocols');
    expect([noProtocols.protocols, noProtocols.protocolsOrigin?.scope]).toEqual([['http', 'https'], 'default']);
    expect([withProtocols.protocols, withProtocols.protocolsOrigin?.scope]).toEqual([['https'], 'route']);
    // key-auth on the service beats the global key-auth for s1's routes; r2 only has the global one.
    expect(noProtocols.controls.authentication.filter((a) => a.details.plugin === 'key-auth').map((a) => a.origin.scope)).toEqual(['service']);
    expect(route(config, 'r2').controls.authentication.filter((a) => a.details.plugin === 'key-auth').map((a) => a.origin.scope)).toEqual(['global']);
    // basic-auth on the top-level route beats the global basic-auth.
    expect(route(config, 'r3-no-protocols').controls.authentication.find((a) => a.kind === 'basic')!.origin.scope).toBe('route');
    expect(route(config, 'r3-no-protocols').upstreamId).toBeUndefined();
    expect(noProtocols.controls.authentication.map((a) => a.kind)).toContain('openid-connect');
    const s2 = config.upstreams.find((u) => u.name === 's2-https-no-tls-verify')!;
    expect(s2.tlsVerify).toMatchObject({ enabled: false, origin: { scope: 'default', defaultNote: expect.stringContaining('tls_verify is unset') } });
    expect(config.upstreams.find((u) => u.name === 's7-https-tls-verify-set')!.tlsVerify).toMatchObject({ enabled: true, origin: { scope: 'service' } });
    expect(config.upstreams.find((u) => u.name === 's3-http')!.tlsVerify).toBeUndefined();
    expect(config.upstreams.map((u) => u.scheme)).toEqual(['https', 'https', 'http', 'tls', 'grpcs', 'wss', 'https']);
    const problems = config.problems.map((p) => [p.message, sources.locate(p.at).line]);
    expect(problems).toEqual([
      [expect.stringContaining('consumer "c1" has an authentication plugin (key-auth)'), 142],
      [expect.stringContaining('consumer "c1" has an authentication plugin (basic-auth)'), 144],
      [expect.stringContaining('plugin key-auth is declared twice'), 112],
      [expect.stringContaining('plugin http-log is declared twice'), 134],
    ]);
  });

  it('sync 017 and 025: global key-auth and rate-limiting-advanced, consumer-group limits beside it', () => {
    for (const f of ['sync-017-consumer-groups-rla.yaml', 'sync-025-consumer-groups-scoped-plugins.yaml']) {
      const { config } = load(f);
      expect(config.routes).toHaveLength(1);
      const r1 = config.routes[0]!;
      expect(r1.pathTemplate).toBe('/r1/{*}');
      expect(r1.controls.authentication.map((a) => [a.kind, a.origin.scope, a.credentialsInQuery])).toEqual([['key-auth', 'global', true]]);
      expect(r1.controls.rateLimits.map((r) => [r.limit, r.windowSeconds, r.origin.scope, (r as { details?: { appliesTo?: string } }).details?.appliesTo])).toEqual([
        [5, 60, 'global', undefined],
        [7, 60, 'consumer-group', 'consumer group "silver"'],
        [10, 60, 'consumer-group', 'consumer group "gold"'],
      ]);
      expect(config.secrets.map((s) => s.where)).toEqual([
        'consumer "foo" keyauth_credentials[0].key',
        'consumer "bar" keyauth_credentials[0].key',
        'consumer "baz" keyauth_credentials[0].key',
      ]);
      expect(config.settings['kong.consumer_groups']?.value).toHaveLength(2);
    }
  });
});

describe('Kong decK: own sample (AI plugins, precedence, defaults)', () => {
  const { config, sources } = load('own/ai-and-limits.yaml');

  it('converts a named-group regex and keeps the route protocols', () => {
    const chat = route(config, 'chat');
    expect(chat).toMatchObject({ rawPath: '~/chat/(?<session>[a-z0-9-]+)/messages$', pathTemplate: '/chat/{session}/messages', match: 'regex', methods: ['POST'], protocols: ['https'] });
    expect(route(config, 'files#0')).toMatchObject({ pathTemplate: '/files/{*}', match: 'regex' });
    expect(route(config, 'files#1')).toMatchObject({ pathTemplate: '/static/{*}', match: 'prefix' });
    expect(route(config, 'dyn')).toMatchObject({ pathTemplate: '/proxy/{*}', methods: ['GET'], match: 'prefix' });
  });

  it('reads the AI plugins: provider, model, max tokens, payload logging default, token limits', () => {
    const chat = route(config, 'chat');
    expect(chat.controls.ai.map((a) => a.kind)).toEqual(['ai-proxy', 'ai-prompt-guard', 'ai-prompt-decorator']);
    expect(chat.controls.ai[0]).toMatchObject({ provider: 'openai', model: 'gpt-4o', providerHost: 'api.openai.com', maxTokens: 512, logsPayloads: false, origin: { defaultNote: expect.stringContaining('log_payloads defaults to false') } });
    expect(chat.controls.ai[1]!.details).toMatchObject({ denyPatterns: ['.*ignore previous.*'], allowAllConversationHistory: false, matchAllRoles: false });
    const decorator = chat.controls.ai[2]!.details as { prepend: { content: string }[] };
    expect(decorator.prepend[0]!.content).toContain('[redacted]');
    expect(chat.controls.rateLimits.map((r) => [r.kind, r.unit, r.limit, r.windowSeconds])).toEqual([
      ['rate-limiting', 'requests', 5, 1],
      ['ai-rate-limiting-advanced', 'tokens', 1000, 60],
    ]);
    expect(chat.controls.authentication.map((a) => [a.kind, a.origin.scope])).toEqual([['openid-connect', 'route']]);
  });

  it('applies precedence: route+service beats route, a disabled plugin shadows nothing, protocols filter', () => {
    const files = route(config, 'files#0');
    expect(files.controls.rateLimits.map((r) => [r.limit, r.windowSeconds, r.origin.scope])).toEqual([[100, 3600, 'route']]);
    expect(sources.locate(files.controls.rateLimits[0]!.origin.at).line).toBe(57);
    expect(files.controls.sizeLimit).toMatchObject({ maxBytes: 128 * 1024 * 1024, origin: { scope: 'route', defaultNote: expect.stringContaining('defaults to 128') } });
    expect(route(config, 'chat').controls.sizeLimit).toMatchObject({ maxBytes: 64 * 1024, origin: { scope: 'global' } });
    expect(route(config, 'chat').controls.cors).toBeUndefined(); // the cors plugin runs on grpc only
    const global = route(config, 'dyn').controls.rateLimits[0]!;
    expect(global).toMatchObject({ keyedBy: 'ip', details: { policy: 'redis', faultTolerant: false } });
    expect(global.origin.defaultNote).toBeUndefined();
    expect(config.settings['kong.disabled_plugins']?.value).toEqual([{ plugin: 'rate-limiting', owner: 'route "files"' }]);
  });

  it('marks the upstream chosen from a request header, and TLS verification turned off', () => {
    const dyn = route(config, 'dyn');
    const up = config.upstreams.find((u) => u.id === dyn.upstreamId)!;
    expect(up.dynamicFromRequest?.expression).toContain('kong.service.set_target');
    expect(up.tlsVerify).toMatchObject({ enabled: false, origin: { scope: 'service' } });
    expect(up.timeouts).toMatchObject({ connectMs: 1000, origin: { scope: 'service', defaultNote: expect.stringContaining('read_timeout, write_timeout default') } });
    expect(config.upstreams.find((u) => u.id === 'service:proxy-svc')!.dynamicFromRequest).toBeUndefined();
  });

  it('reports clear-text secrets but not vault references', () => {
    expect(config.secrets.map((s) => [s.kind, sources.locate(s.at).line])).toEqual([
      ['provider-credential', 16],
      ['secret-in-prompt', 25],
      ['url-credentials', 66],
    ]);
    const json = JSON.stringify(config);
    expect(json).not.toContain('sk-proj-abcdefghijklmnopqrstuvwxyz0123');
    expect(json).not.toContain('ZXhhbXBsZXNlY3JldA');
    expect(json).not.toContain('s3cr3tpass');
  });
});

describe('Kong decK: formats and defaults in small configs', () => {
  it('reads JSON decK files and legacy regex paths without "~"', () => {
    const { config } = inline(JSON.stringify({ _format_version: '1.1', services: [{ name: 's', url: 'https://x.example.com', routes: [{ name: 'r', paths: ['/users/(?<id>\\d+)$', '/v1/items'] }] }] }), 'kong.json');
    expect(config.format).toBe('deck-1.1');
    expect(config.routes.map((r) => [r.pathTemplate, r.match])).toEqual([
      ['/users/{id}', 'regex'],
      ['/v1/items/{*}', 'prefix'],
    ]);
  });

  it('applies the rate-limiting and jwt defaults and names them', () => {
    const { config } = inline(`_format_version: "3.0"
routes:
  - name: r
    paths: [/x]
    plugins:
      - name: rate-limiting
        config: {minute: 10}
      - name: jwt
      - name: oauth2
        config: {enable_password_grant: true}
`);
    const c = config.routes[0]!.controls;
    expect(c.rateLimits[0]).toMatchObject({ keyedBy: 'consumer', details: { policy: 'local', faultTolerant: true, defaults: ['limit_by', 'policy', 'fault_tolerant'] } });
    expect(c.rateLimits[0]!.origin.defaultNote).toMatch(/limit_by defaults to consumer.*policy defaults to local.*fault_tolerant defaults to true/);
    const jwt = c.authentication.find((a) => a.kind === 'jwt')!;
    expect(jwt).toMatchObject({ credentialsInQuery: true, details: { uriParamNames: ['jwt'], claimsToVerify: [], verifiesExpiry: false, maximumExpiration: 0 } });
    expect(jwt.origin.defaultNote).toMatch(/claims_to_verify has no default/);
    expect(c.authentication.find((a) => a.kind === 'oauth2')!.details).toMatchObject({ passwordGrant: true, implicitGrant: false, tokenExpiration: 7200, pkce: 'lax' });
  });

  it('reads anonymous fallback, bot detection, request validation, log sinks and custom log fields', () => {
    const { config } = inline(`_format_version: "3.0"
routes:
  - name: r
    paths: [/x]
    plugins:
      - name: key-auth
        config: {anonymous: guest, key_in_query: false, hide_credentials: true}
      - name: bot-detection
        config: {deny: [curl]}
      - name: request-validator
        config: {body_schema: '[]'}
      - name: udp-log
        config: {host: logs.example.com, port: 514}
      - name: syslog
      - name: file-log
        config:
          path: /tmp/x.log
          custom_fields_by_lua:
            body: "return kong.request.get_raw_body()"
consumers:
  - username: app
    oauth2_credentials:
      - {name: app, client_id: abc, client_secret: very-secret-value}
`);
    const c = config.routes[0]!.controls;
    expect(c.authentication[0]).toMatchObject({ kind: 'key-auth', credentialsInQuery: false, forwardsCredentials: false, allowsAnonymous: true, details: { anonymous: 'guest' } });
    expect(c.authentication[0]!.origin.defaultNote).toBeUndefined();
    expect(c.authorization).toEqual([expect.objectContaining({ kind: 'bot-detection', deny: ['curl'] })]);
    expect(c.requestValidation).toMatchObject({ enabled: true, origin: { scope: 'route' } });
    expect(c.logging.map((l) => [l.kind, l.sink, l.capturesBodies])).toEqual([
      ['udp-log', 'udp://logs.example.com:514', false],
      ['syslog', undefined, false],
      ['file-log', 'file:/tmp/x.log', true],
    ]);
    expect(config.secrets).toEqual([expect.objectContaining({ kind: 'client-secret', where: 'consumer "app" oauth2_credentials[0].client_secret' })]);
  });

  it('one control stands for the consumer-scoped instances of a plugin when there are many', () => {
    const consumers = Array.from({ length: 8 }, (_, i) => `  - username: c${i}\n    plugins:\n      - name: rate-limiting\n        config: {second: ${i + 1}}`).join('\n');
    const { config } = inline(`_format_version: "3.0"\nroutes:\n  - name: r\n    paths: [/x]\nconsumers:\n${consumers}\n`);
    const limits = config.routes[0]!.controls.rateLimits;
    expect(limits).toHaveLength(1);
    expect(limits[0]).toMatchObject({ limit: 1, windowSeconds: 1, origin: { scope: 'consumer' }, details: { appliesTo: '8 consumers ("c0", "c1", "c2", "c3", "c4", …)' } });
  });

  it('records plugins that name missing entities as problems and does not apply them', () => {
    const { config, sources } = inline(`_format_version: "3.0"
routes:
  - name: r
    paths: [/x]
plugins:
  - name: key-auth
    route: nope
`);
    expect(config.routes[0]!.controls.authentication).toEqual([]);
    expect(config.problems).toHaveLength(1);
    expect(config.problems[0]!.message).toContain('names route "nope"');
    expect(sources.locate(config.problems[0]!.at).line).toBe(7);
  });

  it('reads only the named file', () => {
    const access = folder(fixtures);
    kongDeckImporter.parse('kong.yaml', access);
    expect(access.reads).toEqual(['kong.yaml']);
  });
});

describe('Kong decK: bad input', () => {
  it('broken YAML gives file, line and column', () => {
    const e = importError(() => inline('_format_version: "3.0"\nservices:\n  - name: a\n    url: [unclosed\n'));
    expect(e.file).toBe('kong.yaml');
    expect(e.line).toBeGreaterThanOrEqual(4);
  });

  it('duplicate keys and tabs are refused with their line', () => {
    expect(importError(() => inline('_format_version: "3.0"\nservices: []\nservices: []\n')).line).toBe(3);
    expect(importError(() => inline('_format_version: "3.0"\nservices:\n\t- name: a\n')).line).toBe(3);
  });

  it('broken JSON gives file and line', () => {
    const e = importError(() => inline('{\n  "_format_version": "3.0",\n  "services": [\n    {"name": "a",}\n  ]\n}\n', 'kong.json'));
    expect([e.file, e.line]).toEqual(['kong.json', 4]);
  });

  it('wrong shapes are refused at the node: a list that is not a list, an entity that is not a mapping, a plugin without a name', () => {
    const notList = importError(() => inline('_format_version: "3.0"\nservices:\n  name: a\n'));
    expect([notList.line, notList.reason]).toEqual([2, 'services must be a list (found a mapping)']);
    const notMap = importError(() => inline('_format_version: "3.0"\nservices:\n  - just-a-string\n'));
    expect([notMap.line, notMap.reason]).toEqual([3, 'services[0] must be a mapping (found a string)']);
    const noName = importError(() => inline('_format_version: "3.0"\nplugins:\n  - config: {}\n'));
    expect([noName.line, noName.reason]).toEqual([3, 'plugin of global has no name']);
    const paths = importError(() => inline('_format_version: "3.0"\nroutes:\n  - name: r\n    paths: /x\n    methods: {GET: true}\n'));
    expect([paths.line, paths.reason]).toEqual([5, 'methods must be a list (found a mapping)']);
  });

  it('a document that is not a decK config is refused', () => {
    expect(importError(() => inline('- a\n- b\n')).reason).toMatch(/not a Kong decK declarative config/);
    expect(importError(() => inline('foo: 1\n')).reason).toMatch(/no services, routes, consumers or plugins \(found: foo\)/);
    expect(importError(() => kongDeckImporter.parse('missing.yaml', memory({}))).reason).toBe('file not found');
  });
});
