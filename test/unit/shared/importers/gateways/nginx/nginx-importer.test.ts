import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceFolder } from '../../../../../../electron/node/files/evidence-folder.js';
import type { FileAccess } from '../../../../../../shared/importers/file-access.js';
import { regexToTemplate } from '../../../../../../shared/importers/gateways/common/b-model.js';
import { gatewayImportersB as gatewayImporters } from '../../../../../../shared/importers/gateways/group-b.js';
import { nginxImporter, sniffNginx } from '../../../../../../shared/importers/gateways/nginx/index.js';
import { ImportError } from '../../../../../../shared/importers/import-error.js';
import type { GatewayConfig, GatewayRoute } from '../../../../../../shared/model/gateway.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../../fixtures/gateways/nginx');

/** An in-memory folder: readText plus listDir over the given paths. */
function memory(files: Record<string, string>): FileAccess {
  return {
    readText: (p) => files[p],
    listDir: (dir) => {
      const prefix = dir ? `${dir}/` : '';
      const names = new Map<string, boolean>();
      for (const f of Object.keys(files)) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length);
        const slash = rest.indexOf('/');
        names.set(slash === -1 ? rest : rest.slice(0, slash), slash !== -1);
      }
      return names.size ? [...names].map(([name, isDir]) => ({ name, isDir })) : undefined;
    },
  };
}

function parse(files: Record<string, string>, root = 'nginx.conf'): GatewayConfig {
  return nginxImporter.parse(root, memory(files)).config;
}

function route(config: GatewayConfig, name: string): GatewayRoute {
  const r = config.routes.find((x) => x.name === name);
  if (!r) throw new Error(`no route ${name}: ${config.routes.map((x) => x.name).join(', ')}`);
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

describe('nginx sniff', () => {
  it('claims root configurations and top-level site files, nothing else', () => {
    expect(sniffNginx('nginx.conf', 'user nginx;\nevents { worker_connections 1024; }\nhttp { include conf.d/*.conf; }\n')).toBe(true);
    expect(sniffNginx('etc/nginx/nginx.conf', '# c\nhttp {\n server { listen 80; }\n}\n')).toBe(true);
    const site = 'server {\n    listen 8010;\n    location / { proxy_pass http://b; }\n}\n';
    expect(sniffNginx('frontend.conf', site)).toBe(true);
    // Included by a root configuration: left to it.
    expect(sniffNginx('conf.d/frontend.conf', site)).toBe(false);
    expect(sniffNginx('openid_connect_configuration.conf', 'map $host $x {\n default "";\n}\nkeyval_zone zone=a:1M;\n')).toBe(false);
    expect(sniffNginx('kong.yaml', '_format_version: "3.0"\nservices: []\n')).toBe(false);
    expect(sniffNginx('policy.xml', '<policies><inbound/></policies>')).toBe(false);
    expect(sniffNginx('envoy.json', '{"static_resources": {}}')).toBe(false);
    expect(sniffNginx('nomad.conf', 'server {\n  enabled = true\n}\n')).toBe(false);
    // A block named in a comment or a string does not count.
    expect(sniffNginx('x.conf', '# http {\nfoo "http {";\n')).toBe(false);
  });

  it('is registered in group B and claims only the root of the corpus configuration', () => {
    expect(gatewayImporters).toContain(nginxImporter);
    const folder = new EvidenceFolder(path.join(fixtures, 'oidc'));
    const claimed = folder.listFiles().filter((f) => gatewayImporters.some((g) => g.sniff(f, folder.head(f))));
    expect(claimed).toEqual(['nginx.conf']);
  });
});

describe('nginx-openid-connect (corpus, under an nginx.conf of ours)', () => {
  const folder = new EvidenceFolder(path.join(fixtures, 'oidc'));
  const { config, sources } = nginxImporter.parse('nginx.conf', folder);

  it('follows conf.d/*.conf and the include of the server snippet', () => {
    expect(config.format).toBe('nginx-conf');
    expect(config.files).toEqual(['nginx.conf', 'conf.d/frontend.conf', 'conf.d/openid_connect.server_conf', 'conf.d/openid_connect_configuration.conf']);
    expect(config.problems).toEqual([]);
  });

  it('lists the client-facing locations as routes; internal and named ones are not routes', () => {
    expect(config.routes.map((r) => `${r.rawPath} → ${r.pathTemplate}`)).toEqual([
      '= /_codexch → /_codexch',
      '= /logout → /logout',
      '= /front_channel_logout → /front_channel_logout',
      '= /_logout → /_logout',
      '/api/ → /api/{*}',
      '/ → /{*}',
    ]);
    expect(config.listeners).toEqual([expect.objectContaining({ protocol: 'http', port: 8010, redirectsToHttps: false })]);
    expect(config.routes.every((r) => r.protocols.join() === 'http')).toBe(true);
  });

  it('links each location to the listeners and the server block that serve it', () => {
    const two = parse({
      'nginx.conf':
        'http {\n  server {\n    listen 443 ssl;\n    listen 80;\n    server_name api.example.com;\n    location /a { proxy_pass http://b; }\n  }\n' +
        '  server {\n    listen 8080;\n    server_name admin.example.com;\n    location /b { proxy_pass http://b; }\n  }\n}\n',
    });
    expect(two.listeners.map((l) => l.name)).toEqual(['api.example.com:443', 'api.example.com:80', 'admin.example.com:8080']);
    expect(two.routes.map((r) => [r.pathTemplate, r.listeners, r.container?.scope, r.container?.name, r.container?.at.pointer])).toEqual([
      ['/a/{*}', ['api.example.com:443', 'api.example.com:80'], 'server', 'api.example.com', '/http/0/server/0'],
      ['/b/{*}', ['admin.example.com:8080'], 'server', 'admin.example.com', '/http/0/server/1'],
    ]);
  });

  it('reads auth_jwt on / and the allow/deny of the NGINX Plus API location', () => {
    const root = route(config, 'location /');
    expect(root.controls.authentication).toEqual([
      expect.objectContaining({ kind: 'jwt', forwardsCredentials: true, details: expect.objectContaining({ token: '$session_jwt', keyFile: '$oidc_jwt_keyfile' }) }),
    ]);
    expect(root.controls.authentication[0]!.origin.scope).toBe('location');
    expect(root.controls.logging).toEqual([expect.objectContaining({ kind: 'access_log', capturesBodies: false, capturesHeaders: false })]);
    const api = route(config, 'location /api/');
    expect(api.controls.authentication).toEqual([]);
    expect(api.controls.authorization).toEqual([expect.objectContaining({ kind: 'allow-deny', allow: ['127.0.0.1'], deny: ['all'] })]);
    expect(api.controls.logging).toEqual([]);
    const logout = route(config, 'location = /logout');
    expect(logout.controls.authentication).toEqual([]);
    expect(logout.controls.sizeLimit).toEqual({ maxBytes: 1048576, origin: expect.objectContaining({ scope: 'default', defaultNote: 'nginx client_max_body_size defaults to 1m' }) });
  });

  it('resolves upstream blocks and variables set by map', () => {
    const backend = config.upstreams.find((u) => u.url === 'http://my_backend')!;
    expect(backend).toMatchObject({ name: 'my_backend', scheme: 'http', host: '10.0.0.1', port: 80 });
    expect(backend.timeouts).toMatchObject({ connectMs: 60000, readMs: 60000, origin: { scope: 'default' } });
    const token = config.upstreams.filter((u) => u.url === '$oidc_token_endpoint');
    expect(token).toHaveLength(2);
    expect(token[0]).toMatchObject({ scheme: 'http', host: '127.0.0.1', port: 8080 });
    expect(token[0]!.dynamicFromRequest).toBeUndefined();
    expect(route(config, 'location /').upstreamId).toBe(backend.id);
  });

  it('finds the clear-text client secret and HMAC key without keeping them', () => {
    expect(config.secrets.map((s) => [s.kind, s.where])).toEqual([
      ['client-secret', 'map $oidc_client_secret (default)'],
      ['hmac-key', 'map $oidc_hmac_key (default)'],
    ]);
    const json = JSON.stringify(config);
    expect(json).not.toContain('my-client-secret');
    expect(json).not.toContain('ChangeMe');
    expect(sources.locate(config.secrets[0]!.at)).toMatchObject({ file: 'conf.d/openid_connect_configuration.conf', line: 47, column: 5 });
  });

  it('records defaults: server_tokens on, no HSTS', () => {
    expect(config.settings.server_tokens).toMatchObject({ value: 'on', origin: { scope: 'default' } });
    const root = route(config, 'location /');
    expect(config.settings[`route:${root.id}:strict-transport-security`]).toMatchObject({ value: null, origin: { scope: 'default' } });
  });

  it('places every node at its line and column in the file that holds it', () => {
    expect(sources.locate(route(config, 'location /').at)).toMatchObject({ file: 'conf.d/frontend.conf', line: 19, column: 5 });
    expect(sources.locate(route(config, 'location = /_logout').at)).toMatchObject({ file: 'conf.d/openid_connect.server_conf', line: 108, column: 5 });
    expect(sources.locate(config.listeners[0]!.at)).toMatchObject({ file: 'conf.d/frontend.conf', line: 17, column: 5 });
    const jwt = route(config, 'location /').controls.authentication[0]!;
    expect(sources.locate(jwt.origin.at)).toMatchObject({ line: 21, column: 9 });
  });

  it('reads the corpus files in their flat layout too (include found by file name, noted)', () => {
    const flat = new EvidenceFolder(path.join(fixtures, 'oidc/conf.d'));
    expect(nginxImporter.sniff('frontend.conf', flat.head('frontend.conf'))).toBe(true);
    const c = nginxImporter.parse('frontend.conf', flat).config;
    expect(c.files).toEqual(['frontend.conf', 'openid_connect.server_conf']);
    expect(c.problems.map((p) => p.message)).toEqual([expect.stringContaining('found by its file name only, as openid_connect.server_conf')]);
    expect(c.routes).toHaveLength(6);
    // Without the map file the token endpoint cannot be resolved.
    expect(c.upstreams.find((u) => u.url === '$oidc_token_endpoint')).toMatchObject({ host: '' });
  });
});

describe('api-gateway (a configuration of ours exercising the security directives)', () => {
  const folder = new EvidenceFolder(path.join(fixtures, 'api-gateway'));
  const { config, sources } = nginxImporter.parse('nginx.conf', folder);

  it('resolves the absolute conf.d glob and the snippet include; the missing stock mime.types is only a problem', () => {
    expect(config.files).toEqual(['nginx.conf', 'conf.d/api.conf', 'snippets/auth.conf']);
    expect(config.problems.map((p) => p.message)).toEqual(['include "mime.types" (a stock nginx file) is not in the imported folder; it was skipped']);
  });

  it('reads listeners: the http redirect server and the https server with its TLS versions', () => {
    expect(config.listeners.map((l) => [l.name, l.protocol, l.port, l.redirectsToHttps, l.tls?.protocols])).toEqual([
      ['api.example.com:80', 'http', 80, true, undefined],
      ['api.example.com:443', 'https', 443, false, ['TLSv1', 'TLSv1.1', 'TLSv1.2']],
      ['api.example.com:[::]:443', 'https', 443, false, ['TLSv1', 'TLSv1.1', 'TLSv1.2']],
    ]);
    expect(config.listeners[1]!.tls!.origin.scope).toBe('server');
    expect(config.routes).toHaveLength(9);
    expect(config.routes.every((r) => r.protocols.join() === 'https' && r.hosts.join() === 'api.example.com,beta.api.example.com')).toBe(true);
  });

  it('inherits auth_request from the server unless a location turns it off', () => {
    expect(route(config, 'location /api/').controls.authentication).toEqual([expect.objectContaining({ kind: 'auth-request', origin: expect.objectContaining({ scope: 'server' }) })]);
    expect(sources.locate(route(config, 'location /api/').controls.authentication[0]!.origin.at)).toMatchObject({ file: 'snippets/auth.conf', line: 2 });
    expect(route(config, 'location = /login').controls.authentication).toEqual([]);
    expect(route(config, 'location /fetch').controls.authentication).toEqual([]);
  });

  it('reads satisfy any with allow as anonymous access from the allowed addresses', () => {
    const admin = route(config, 'location /admin');
    expect(admin.controls.authentication).toEqual([
      expect.objectContaining({ kind: 'basic', allowsAnonymous: true, details: expect.objectContaining({ satisfy: 'any', allowedWithoutCredentials: ['10.0.0.0/8'], userFile: '/etc/nginx/htpasswd' }) }),
    ]);
    expect(admin.controls.authorization).toEqual([expect.objectContaining({ kind: 'allow-deny', allow: ['10.0.0.0/8'], deny: ['all'] })]);
  });

  it('reads limit_req zones, dry run and limit_conn', () => {
    expect(route(config, 'location /api/').controls.rateLimits).toEqual([
      expect.objectContaining({ kind: 'limit_req', limit: 10, windowSeconds: 1, keyedBy: 'ip', enforced: true, origin: expect.objectContaining({ scope: 'server' }) }),
    ]);
    expect(route(config, 'location = /login').controls.rateLimits).toEqual([
      expect.objectContaining({ kind: 'limit_req', limit: 600, windowSeconds: 60, keyedBy: 'host', enforced: false, notEnforcedWhy: expect.stringContaining('dry_run') }),
    ]);
    // A location that sets limit_conn keeps the server's limit_req (different directives).
    expect(route(config, 'location /upload').controls.rateLimits.map((r) => [r.kind, r.limit, r.unit])).toEqual([
      ['limit_req', 10, 'requests'],
      ['limit_conn', 10, 'connections'],
    ]);
    expect(config.settings.limit_req_status).toMatchObject({ value: 503, origin: { scope: 'default' } });
  });

  it('reads client_max_body_size, 0 disabling the check', () => {
    expect(route(config, 'location /api/').controls.sizeLimit).toMatchObject({ maxBytes: 10485760, origin: { scope: 'server' } });
    expect(route(config, 'location /upload').controls.sizeLimit).toMatchObject({ maxBytes: null, origin: { scope: 'location' } });
  });

  it('applies add_header inheritance: a location add_header drops the server HSTS', () => {
    const users = route(config, 'location ~ ^/users/(?<id>\\d+)$');
    expect(users.pathTemplate).toBe('/users/{id}');
    expect(users.match).toBe('regex');
    expect(users.controls.cors).toMatchObject({ origins: ['*'], credentials: true, origin: { scope: 'location' } });
    const hsts = config.settings[`route:${users.id}:strict-transport-security`]!;
    expect(hsts.value).toBeNull();
    expect(hsts.origin.defaultNote).toContain('conf.d/api.conf:10');
    const api = route(config, 'location /api/');
    expect(config.settings[`route:${api.id}:strict-transport-security`]).toMatchObject({ value: 'max-age=31536000; includeSubDomains', origin: { scope: 'server' } });
    expect(api.controls.cors).toBeUndefined();
  });

  it('reads upstream TLS verification, timeouts and request-derived upstreams', () => {
    const up = (url: string) => config.upstreams.find((u) => u.url === url)!;
    expect(up('https://orders_backend')).toMatchObject({ name: 'orders_backend', host: 'orders.internal', port: 8443, tlsVerify: { enabled: false, origin: { scope: 'default' } } });
    expect(up('https://orders_backend').timeouts).toMatchObject({ readMs: 120000, origin: { scope: 'server' } });
    expect(up('https://orders.internal:8443/login').tlsVerify).toMatchObject({ enabled: true, origin: { scope: 'location' } });
    expect(up('http://$arg_target').dynamicFromRequest).toMatchObject({ expression: 'http://$arg_target' });
    expect(up('http://users.internal:8080').tlsVerify).toBeUndefined();
    expect(up('http://auth.internal/verify')).toBeDefined();
  });

  it('reads limit_except, autoindex, access_log off / syslog and the AI provider upstream', () => {
    const reports = route(config, 'location /reports');
    expect(reports.methods).toEqual(['GET', 'HEAD']);
    expect(reports.controls.authorization).toEqual([expect.objectContaining({ kind: 'limit-except', allow: ['GET', 'HEAD'] })]);
    const files = route(config, 'location /files/');
    expect(files.controls.logging).toEqual([]);
    expect(config.settings[`route:${files.id}:autoindex`]).toMatchObject({ value: true, origin: { scope: 'location' } });
    const chat = route(config, 'location /v1/chat/completions');
    expect(chat.controls.logging).toEqual([expect.objectContaining({ kind: 'syslog', sink: 'logs.example.net:514', capturesBodies: true, capturesHeaders: true })]);
    expect(chat.controls.ai).toEqual([expect.objectContaining({ kind: 'llm-upstream', provider: 'openai', providerHost: 'api.openai.com' })]);
    expect(route(config, 'location /api/').controls.logging).toEqual([expect.objectContaining({ kind: 'access_log', origin: expect.objectContaining({ scope: 'global' }) })]);
  });

  it('records gateway-wide settings and clear-text credentials without their values', () => {
    expect(config.settings.server_tokens).toMatchObject({ value: 'off', origin: { scope: 'global' } });
    expect(config.settings.set_real_ip_from!.value).toEqual(['0.0.0.0/0']);
    expect(config.settings['log_format:api_json']!.value).toMatchObject({ escape: 'json' });
    expect(config.secrets.map((s) => s.kind)).toEqual(['api-key', 'authorization-header']);
    const json = JSON.stringify(config);
    expect(json).not.toContain('k3y-0f-the-upstream');
    expect(json).not.toContain('YWRtaW46czNjcjN0');
    expect(sources.locate(config.secrets[1]!.at)).toMatchObject({ file: 'conf.d/api.conf', line: 69, column: 9 });
  });
});

describe('nginx semantics on small configurations', () => {
  it('knows a server-level return answers everything, and a $scheme redirect makes http redirect only', () => {
    const c = parse({
      'nginx.conf': `http {
  server { listen 80 default_server; return 444; location / { proxy_pass http://a; } }
  server {
    listen 80; listen 443 ssl;
    server_name shop.example.com;
    if ($scheme = http) { return 301 https://$host$request_uri; }
    location / { proxy_pass http://b; }
  }
}`,
    });
    expect(c.routes.map((r) => [r.hosts.join(), r.protocols.join()])).toEqual([['shop.example.com', 'https']]);
    expect(c.listeners.map((l) => [l.protocol, l.redirectsToHttps])).toEqual([
      ['http', false],
      ['http', true],
      ['https', false],
    ]);
    expect(c.listeners[2]!.tls).toMatchObject({ protocols: ['TLSv1.2', 'TLSv1.3'], origin: { scope: 'default', defaultNote: expect.stringContaining('before 1.23.4') } });
  });

  it('records the default listen and converts location kinds to templates', () => {
    const c = parse({
      'nginx.conf': `http { server {
  location ^~ /static/ { root /srv; }
  location ~* \\.(png|jpg)$ { root /srv; }
  location ~ "^/orders/([0-9]{1,6})/items$" { proxy_pass http://o; }
  location =/health { return 200; }
} }`,
    });
    expect(c.listeners).toEqual([expect.objectContaining({ port: 80, protocol: 'http' })]);
    expect(Object.keys(c.settings)).toContain('server:server 0:listen');
    expect(c.routes.map((r) => [r.match, r.pathTemplate])).toEqual([
      ['prefix', '/static/{*}'],
      ['regex', '/{*}'],
      ['regex', '/orders/{param1}/items'],
      ['exact', '/health'],
    ]);
  });

  it('lets an add_header in an if block declare CORS, and a Plus JWT token taken from the query', () => {
    const c = parse({
      'nginx.conf': `http { server { listen 443 ssl;
  location /api {
    auth_jwt "api" token=$arg_access_token;
    if ($request_method = OPTIONS) { add_header Access-Control-Allow-Origin "https://app.example.com"; return 204; }
    proxy_pass http://api;
  }
} }`,
    });
    const r = c.routes[0]!;
    expect(r.controls.cors).toMatchObject({ origins: ['https://app.example.com'], credentials: false });
    expect(r.controls.authentication[0]).toMatchObject({ kind: 'jwt', credentialsInQuery: true });
  });

  it('follows a variable set from the request into proxy_pass', () => {
    const c = parse({ 'nginx.conf': 'http { server { location /p { set $t $http_x_target; proxy_pass https://$t; } location /q { proxy_pass http://backend$request_uri; } } }' });
    expect(c.upstreams[0]!.dynamicFromRequest).toMatchObject({ expression: 'https://$t' });
    expect(c.upstreams[1]!.dynamicFromRequest).toBeUndefined();
  });

  it('reads a stand-alone site file given as the root (http context)', () => {
    const c = parse({ 'site.conf': 'server { listen 8080; location / { proxy_pass http://x; } }' }, 'site.conf');
    expect(c.routes).toHaveLength(1);
    expect(c.problems).toEqual([]);
  });

  it('notes an include glob that matches nothing, and a configuration with no http block', () => {
    const c = parse({ 'nginx.conf': 'events {}\nhttp { include sites-enabled/*; }\n', 'sites-enabled/.keep': '' });
    expect(c.problems.map((p) => p.message)).toEqual([expect.stringContaining('matches no file')]);
    const none = parse({ 'nginx.conf': 'events { worker_connections 10; }\n' });
    expect(none.problems.map((p) => p.message)).toEqual([expect.stringContaining('no http block')]);
  });

  it('skips the Lua of *_by_lua_block and keeps reading after it', () => {
    const c = parse({ 'nginx.conf': 'http { server { location / { content_by_lua_block { local t = { a = "}" } -- }\n ngx.say(t.a) } proxy_pass http://z; } } }' });
    expect(c.upstreams.map((u) => u.host)).toEqual(['z']);
  });

  it('converts route regexes to templates where possible', () => {
    expect(regexToTemplate('^/users/(?<id>\\d+)$')).toEqual({ template: '/users/{id}', converted: true });
    expect(regexToTemplate('^/a/([^/]+)/b/(\\d+)$').template).toBe('/a/{param1}/b/{param2}');
    expect(regexToTemplate('^/files/(.*)$').template).toBe('/files/{*}');
    expect(regexToTemplate('^/v1/orders').template).toBe('/v1/orders/{*}');
    expect(regexToTemplate('\\.php$')).toEqual({ template: '/{*}', converted: false });
  });
});

describe('nginx broken input', () => {
  it('names the file, line and column of a syntax error', () => {
    const missingSemicolon = importError(() => parse({ 'nginx.conf': 'http {\n  server {\n    listen 80\n  }\n}\n' }));
    expect(missingSemicolon).toMatchObject({ file: 'nginx.conf', line: 4, column: 3 });
    expect(missingSemicolon.reason).toContain('not terminated by ";"');
    const unclosed = importError(() => parse({ 'nginx.conf': 'events {}\nhttp {\n  server {\n    listen 80;\n' }));
    expect(unclosed).toMatchObject({ file: 'nginx.conf', line: 3, column: 3 });
    expect(unclosed.reason).toContain('never closed');
    const stray = importError(() => parse({ 'nginx.conf': 'http { }\n}\n' }));
    expect(stray).toMatchObject({ line: 2, column: 1 });
    const quote = importError(() => parse({ 'nginx.conf': 'http {\n  log_format x "abc;\n}\n' }));
    expect(quote).toMatchObject({ line: 2, column: 16 });
    expect(quote.reason).toContain('unterminated');
  });

  it('refuses an include loop, naming the including file and line', () => {
    const e = importError(() =>
      parse({ 'nginx.conf': 'http {\n  include a.conf;\n}\n', 'a.conf': '# a\ninclude b.conf;\n', 'b.conf': 'server { listen 80; }\ninclude a.conf;\n' }),
    );
    expect(e).toMatchObject({ file: 'b.conf', line: 2, column: 1 });
    expect(e.reason).toBe('include loop: a.conf → b.conf → a.conf');
    const self = importError(() => parse({ 'nginx.conf': 'http {\n  include *.conf;\n}\n' }));
    expect(self).toMatchObject({ file: 'nginx.conf', line: 2 });
    expect(self.reason).toContain('include loop');
  });

  it('refuses a missing include, naming the including file and line', () => {
    const e = importError(() => parse({ 'nginx.conf': 'http {\n  server {\n    include /etc/letsencrypt/options-ssl-nginx.conf;\n  }\n}\n' }));
    expect(e).toMatchObject({ file: 'nginx.conf', line: 3, column: 5 });
    expect(e.reason).toContain('no such file in the imported folder');
    expect(e.message).toMatch(/^nginx\.conf:3:5: include/);
  });

  it('refuses binary and oversized input', () => {
    expect(importError(() => parse({ 'nginx.conf': 'http {\0}' })).reason).toContain('binary');
  });
});
