import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { folder } from '../folder-access.js';
import { gatewayImporters } from '../../../../../../shared/importers/gateways/index.js';
import { tykImporter } from '../../../../../../shared/importers/gateways/tyk/tyk-importer.js';
import { isExpired, tlsVersionName, durationSeconds } from '../../../../../../shared/importers/gateways/tyk/tyk-shared.js';
import { ImportError } from '../../../../../../shared/importers/import-error.js';
import type { GatewayConfig, GatewayRoute } from '../../../../../../shared/model/gateway.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../../fixtures/gateways/tyk');

function load(file: string) {
  const access = folder(fixtures);
  const head = readFileSync(path.join(fixtures, file), 'utf8').slice(0, 65536);
  expect(gatewayImporters.filter((g) => g.sniff(file, head)).map((g) => g.product), file).toEqual(['tyk']);
  const result = tykImporter.parse(file, access);
  expect(access.reads).toEqual([file]);
  return { ...result, line: (x: { at: { file: string; pointer: string } }) => result.sources.locate(x.at).line };
}

const inline = (text: string, file = 'api.json') => tykImporter.parse(file, { readText: (p) => (p === file ? text : undefined) });

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

describe('Tyk sniff', () => {
  it('claims classic and OAS definitions (JSON or YAML) and nothing else', () => {
    expect(tykImporter.sniff('a.json', '{"api_definition": {"api_id": "x", "proxy": {"listen_path": "/x/"}}}')).toBe(true);
    expect(tykImporter.sniff('p.json', '{"rate": 10, "per": 1, "access_rights": {}}')).toBe(false);
    expect(tykImporter.sniff('o.yaml', 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n')).toBe(false);
    expect(tykImporter.sniff('k.yaml', '_format_version: "3.0"\nservices: []\n')).toBe(false);
  });
});

describe('Tyk corpus definitions', () => {
  it('app_sample: not keyless and no method flag → the standard auth token (a default), forwarded upstream', () => {
    const { config, line } = load('app_sample.json');
    expect(config).toMatchObject({ product: 'tyk', format: 'tyk-classic' });
    expect(config.routes).toHaveLength(1);
    const r = config.routes[0]!;
    expect(r).toMatchObject({ rawPath: '/otto/', pathTemplate: '/{*}', match: 'prefix', methods: [], api: 'Tyk Test API' });
    expect(line(r)).toBe(29);
    expect(r.controls.authentication).toEqual([
      expect.objectContaining({ kind: 'auth-token', credentialsInQuery: false, forwardsCredentials: true, details: expect.objectContaining({ header: 'authorization' }) }),
    ]);
    expect(r.controls.authentication[0]!.origin.defaultNote).toMatch(/standard auth token.*strip_auth_data defaults to false/);
    expect(r.controls.rateLimits).toEqual([]);
    expect(r.controls.logging).toEqual([expect.objectContaining({ kind: 'analytics', capturesBodies: false, origin: expect.objectContaining({ scope: 'default' }) })]);
    const up = config.upstreams.find((u) => u.id === r.upstreamId)!;
    expect(up).toMatchObject({ url: 'http://127.0.0.1/', scheme: 'http', host: '127.0.0.1', port: 80 });
    expect(config.settings['tyk.listen_path']?.value).toBe('/otto/');
    expect(config.settings['tyk.versions']?.value).toMatchObject({ notVersioned: true, versions: [{ name: 'Default', expires: '3000-01-02 15:04', expired: false }] });
  });

  it('quickstart: keyless to a plain-http upstream', () => {
    const { config, sources } = load('quickstart.json');
    const r = config.routes[0]!;
    expect(r.controls.authentication).toEqual([]);
    expect(config.settings['tyk.use_keyless']).toMatchObject({ value: true, origin: { scope: 'api' } });
    expect(sources.locate(config.settings['tyk.use_keyless']!.origin.at).line).toBe(9);
    expect(config.upstreams[0]).toMatchObject({ url: 'http://httpbin.org/', host: 'httpbin.org' });
  });

  it('simple_oas: no server.authentication → keyless although the OpenAPI document asks for a key', () => {
    const { config, line } = load('simple_oas-oas.json');
    expect(config.format).toBe('tyk-oas');
    expect(config.routes.map((r) => [r.pathTemplate, r.rawPath, r.methods])).toEqual([['/{*}', '/new-listen-path2/', []]]);
    expect(config.routes[0]!.controls.authentication).toEqual([]);
    expect(line(config.routes[0]!)).toBe(42);
    expect(config.settings['tyk.use_keyless']).toMatchObject({ value: true, origin: { scope: 'default', defaultNote: expect.stringContaining('does not enforce the OpenAPI security requirements') } });
    expect(config.upstreams[0]).toMatchObject({ url: 'http://127.0.0.1:8080/new-listen-path/', port: 8080 });
  });
});

describe('Tyk classic: own sample with most security fields', () => {
  const { config, sources, line } = load('own/classic-full.json');

  it('one catch-all per version (url versioning) and a route per configured endpoint', () => {
    expect(config.routes.map((r) => [r.id, r.pathTemplate, r.version, r.deprecated ?? false])).toEqual([
      ['Payments API v1 /payments/*', '/v1/{*}', 'v1', true],
      ['Payments API v2 /payments/*', '/v2/{*}', 'v2', false],
      ['Payments API GET /health', '/v2/health', 'v2', false],
      ['Payments API DELETE /admin/{id}', '/v2/admin/{id}', 'v2', false],
      ['Payments API POST /charges', '/v2/charges', 'v2', false],
      ['Payments API GET /fetch', '/v2/fetch', 'v2', false],
    ]);
    expect(line(route(config, 'Payments API GET /health'))).toBe(40);
  });

  it('auth: token in the query string, JWT with a shared HMAC secret and skipped kid', () => {
    const c = route(config, 'Payments API v2 /payments/*').controls;
    expect(c.authentication.map((a) => [a.kind, a.credentialsInQuery])).toEqual([
      ['jwt', false],
      ['auth-token', true],
    ]);
    expect(c.authentication[0]!.details).toMatchObject({ signingMethod: 'hmac', sharedSecret: true, skipKid: true, expiresAtValidationSkew: 3600 });
    expect(c.authentication[1]!.details).toMatchObject({ header: 'X-Api-Key', paramName: 'key' });
    expect(route(config, 'Payments API GET /health').controls.authentication).toEqual([]);
    expect(route(config, 'Payments API DELETE /admin/{id}').controls.authorization.map((z) => z.kind)).toEqual(['ip-restriction', 'black-list']);
  });

  it('limits switched off, CORS * with credentials, detailed recording, insecure upstream TLS 1.0', () => {
    const v2 = route(config, 'Payments API v2 /payments/*').controls;
    expect(v2.rateLimits.map((r) => [r.kind, r.enforced, r.notEnforcedWhy])).toEqual([
      ['global-rate-limit', false, 'global_rate_limit rate or per is 0'],
      ['key-rate-limit', false, 'disable_rate_limit is true: the rates of keys and policies are not applied'],
      ['key-quota', false, 'disable_quota is true: the quotas of keys and policies are not applied'],
    ]);
    expect(v2.cors).toMatchObject({ origins: ['*'], credentials: true });
    expect(v2.logging).toEqual([expect.objectContaining({ kind: 'analytics', capturesBodies: true, origin: expect.objectContaining({ scope: 'api' }) })]);
    const charges = route(config, 'Payments API POST /charges').controls;
    expect(charges.rateLimits.at(-1)).toMatchObject({ kind: 'endpoint-rate-limit', limit: 10, windowSeconds: 60, enforced: true });
    expect(charges.sizeLimit).toMatchObject({ maxBytes: 1024 });
    expect(charges.requestValidation).toMatchObject({ enabled: true });
    const up = config.upstreams.find((u) => u.id === 'api:Payments API')!;
    expect(up.tlsVerify).toMatchObject({ enabled: false, origin: { scope: 'api' } });
    expect(sources.locate(up.tlsVerify!.origin.at).line).toBe(27);
    expect(config.settings['tyk.upstream_ssl_min_version']?.value).toBe('TLSv1.0');
  });

  it('a URL rewrite to a host taken from a header is a request-chosen upstream', () => {
    const fetch = route(config, 'Payments API GET /fetch');
    const up = config.upstreams.find((u) => u.id === fetch.upstreamId)!;
    expect(up.dynamicFromRequest?.expression).toBe('/fetch → http://$tyk_context.headers_X_Target/data');
  });

  it('clear-text secrets: the shared JWT secret and a static Authorization header, values not kept', () => {
    expect(config.secrets.map((s) => [s.kind, sources.locate(s.at).line])).toEqual([
      ['jwt-secret', 12],
      ['static-credential-header', 38],
    ]);
    const json = JSON.stringify(config);
    expect(json).not.toContain('c2VjcmV0LXNoYXJlZC1obWFjLWtleQ');
    expect(json).not.toContain('dXNlcjpwYXNzd29yZA');
  });
});

describe('Tyk OAS: own sample (YAML)', () => {
  const { config, line } = load('own/oas-full.yaml');

  it('routes for the operations, the catch-all closed by the allow list', () => {
    expect(config.routes.map((r) => [r.id, r.pathTemplate, r.methods.join(',')])).toEqual([
      ['Pets /pets-api/*', '/{*}', ''],
      ['GET /pets', '/pets', 'GET'],
      ['POST /pets', '/pets', 'POST'],
      ['GET /health', '/health', 'GET'],
    ]);
    expect(route(config, 'Pets /pets-api/*').controls.authorization).toEqual([expect.objectContaining({ kind: 'allow-list', deny: ['*'] })]);
    expect(line(route(config, 'POST /pets'))).toBe(22);
    expect(config.routes.every((r) => r.deprecated)).toBe(true); // info.expiration is in the past
  });

  it('authentication from the enabled scheme (query source allowed), ignored on /health', () => {
    const a = route(config, 'GET /pets').controls.authentication;
    expect(a).toEqual([expect.objectContaining({ kind: 'auth-token', credentialsInQuery: true, forwardsCredentials: true })]);
    expect(a[0]!.origin.defaultNote).toMatch(/stripAuthorizationData defaults to false/);
    expect(route(config, 'GET /health').controls.authentication).toEqual([]);
  });

  it('limits, validation, size, CORS, detailed logs and upstream TLS', () => {
    expect(route(config, 'GET /pets').controls.rateLimits.map((r) => [r.kind, r.limit, r.windowSeconds])).toEqual([
      ['global-rate-limit', 100, 60],
      ['endpoint-rate-limit', 5, 1],
    ]);
    const post = route(config, 'POST /pets').controls;
    expect(post.requestValidation).toMatchObject({ enabled: true, origin: { scope: 'operation' } });
    expect(post.sizeLimit).toMatchObject({ maxBytes: 2048 });
    expect(post.cors).toMatchObject({ origins: ['*'], credentials: true });
    expect(post.logging).toEqual([expect.objectContaining({ kind: 'analytics', capturesBodies: true })]);
    expect(config.upstreams[0]).toMatchObject({ url: 'https://pets.internal', tlsVerify: { enabled: false }, details: { sslMinVersion: 'TLSv1.0' } });
    expect(config.settings['tyk.listen_path']?.value).toBe('/pets-api/');
  });
});

describe('Tyk helpers', () => {
  it('TLS constants, Go durations and expiry dates', () => {
    expect([tlsVersionName(769), tlsVersionName(771), tlsVersionName('1.3'), tlsVersionName(0)]).toEqual(['TLSv1.0', 'TLSv1.2', 'TLSv1.3', undefined]);
    expect([durationSeconds('1s'), durationSeconds('1m30s'), durationSeconds(60), durationSeconds('x')]).toEqual([1, 90, 60, undefined]);
    expect([isExpired('2020-01-01 00:00'), isExpired('3000-01-02 15:04'), isExpired(''), isExpired('-1')]).toEqual([true, false, false, false]);
  });
});

describe('Tyk: small configs and bad input', () => {
  it('reads the Dashboard export wrapper and tolerates legacy path lists', () => {
    const { config } = inline(JSON.stringify({ api_definition: { name: 'w', api_id: 'w', use_keyless: true, proxy: { listen_path: '/w/', target_url: 'https://w.example.com' }, version_data: { not_versioned: true, versions: { Default: { paths: { ignored: ['/open'], black_list: ['/closed'] } } } } } }));
    expect(config.routes.map((r) => [r.pathTemplate, r.controls.authorization.map((z) => z.kind)])).toEqual([
      ['/{*}', []],
      ['/open', []],
      ['/closed', ['black-list']],
    ]);
    expect(config.upstreams[0]!.tlsVerify).toMatchObject({ enabled: true, origin: { scope: 'default' } });
  });

  it('broken JSON gives file and line', () => {
    const e = importError(() => inline('{\n  "api_id": "x",\n  "proxy": {"listen_path": "/x/",}\n}'));
    expect([e.file, e.line]).toEqual(['api.json', 3]);
  });

  it('a classic definition without proxy, or an x-tyk-api-gateway that is not a mapping, is refused at its line', () => {
    const noProxy = importError(() => inline('{\n  "api_id": "x",\n  "name": "x"\n}'));
    expect(noProxy.reason).toMatch(/needs a proxy section/);
    const badProxy = importError(() => inline('{\n  "api_id": "x",\n  "proxy": "/x/"\n}'));
    expect([badProxy.line, badProxy.reason]).toEqual([3, 'proxy must be a mapping (found a string)']);
    const oas = importError(() => inline('openapi: 3.0.3\npaths: {}\nx-tyk-api-gateway: [1]\n', 'api.yaml'));
    expect([oas.line, oas.reason]).toEqual([3, 'x-tyk-api-gateway must be a mapping (found a list)']);
    expect(importError(() => inline('[1, 2]')).reason).toMatch(/not a Tyk API definition/);
    expect(importError(() => inline('{"name": "x"}')).reason).toMatch(/no api_id or proxy/);
  });
});
