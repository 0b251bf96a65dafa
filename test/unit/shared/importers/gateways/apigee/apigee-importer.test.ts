import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EvidenceFolder } from '../../../../../../electron/node/files/evidence-folder.js';
import { openZip } from '../../../../../../electron/node/files/zip-folder.js';
import { apigeeImporter, sniffApigee } from '../../../../../../shared/importers/gateways/apigee/index.js';
import { readCondition } from '../../../../../../shared/importers/gateways/apigee/apigee-conditions.js';
import { gatewayImportersB as gatewayImporters } from '../../../../../../shared/importers/gateways/group-b.js';
import { ImportError } from '../../../../../../shared/importers/import-error.js';
import type { GatewayConfig, GatewayRoute } from '../../../../../../shared/model/gateway.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../../fixtures/gateways/apigee');
const folder = new EvidenceFolder(fixtures);
const parse = (file: string): ReturnType<typeof apigeeImporter.parse> => apigeeImporter.parse(file, folder);

function only(config: GatewayConfig): GatewayRoute {
  expect(config.routes).toHaveLength(1);
  return config.routes[0]!;
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

/** A folder of the fixtures as a zip archive, the folder's own name as the top level. */
function zipOf(rel: string, extra: Zippable = {}): string {
  const add = (dir: string, into: Zippable): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) add(full, (into[name] = {}) as Zippable);
      else into[name] = new Uint8Array(readFileSync(full));
    }
  };
  const root: Zippable = { ...extra };
  add(path.join(fixtures, rel), root);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'gatehouse-apigee-')), 'bundle.zip');
  writeFileSync(file, zipSync(root));
  return file;
}

describe('Apigee sniff', () => {
  it('claims only the root descriptor of each bundle', () => {
    const claimed = folder.listFiles().filter((f) => gatewayImporters.some((g) => g.sniff(f, folder.head(f))));
    expect(claimed).toEqual([
      'learn-edge/quota-1/apiproxy/learn-edge.xml',
      'learn-edge/simplest-proxy/apiproxy/learn-edge.xml',
      'own/payments/apiproxy/payments.xml',
      'sample-proxies/apikey/apiproxy/ApiKeySample.xml',
      'sample-proxies/graphql-sample/graphql-proxy/apiproxy/graphql-proxy.xml',
      'sample-proxies/oauth-verify-accesstoken/apiproxy/OAuthVerifyTokenSample.xml',
      'sample-proxies/regex-protection/apiproxy/regex-protection.xml',
    ]);
    for (const f of claimed) expect(gatewayImporters.find((g) => g.sniff(f, folder.head(f)))).toBe(apigeeImporter);
    expect(sniffApigee('apiproxy/policies/Quota.xml', '<Quota name="q"/>')).toBe(false);
    expect(sniffApigee('sharedflowbundle/x.xml', '<SharedFlowBundle name="x"/>')).toBe(false);
  });
});

describe('Apigee corpus bundles', () => {
  it('learn-edge quota-1: API key from the query string (kept for the target), product quota', () => {
    const { config, sources } = parse('learn-edge/quota-1/apiproxy/learn-edge.xml');
    expect(config.files).toEqual([
      'learn-edge/quota-1/apiproxy/learn-edge.xml',
      'learn-edge/quota-1/apiproxy/policies/EnforceQuota.xml',
      'learn-edge/quota-1/apiproxy/policies/VerifyApiKey.xml',
      'learn-edge/quota-1/apiproxy/proxies/default.xml',
      'learn-edge/quota-1/apiproxy/targets/default.xml',
    ]);
    const r = only(config);
    expect(r).toMatchObject({ pathTemplate: '/v1/learn-edge/{*}', methods: [], protocols: ['http', 'https'], api: 'learn-edge' });
    expect(r.controls.authentication).toEqual([
      expect.objectContaining({ kind: 'api-key', credentialsInQuery: true, forwardsCredentials: true, details: { ref: 'request.queryparam.apikey' }, origin: expect.objectContaining({ scope: 'api' }) }),
    ]);
    expect(r.controls.rateLimits).toEqual([expect.objectContaining({ kind: 'Quota', limit: 20, windowSeconds: 360000, keyedBy: 'credential', enforced: true })]);
    expect(r.controls.sizeLimit).toMatchObject({ maxBytes: 10485760, origin: { scope: 'default' } });
    expect(config.upstreams).toEqual([
      expect.objectContaining({ url: 'http://mocktarget.apigee.net', scheme: 'http', host: 'mocktarget.apigee.net', timeouts: expect.objectContaining({ connectMs: 3000, readMs: 55000 }) }),
    ]);
    expect(config.upstreams[0]!.tlsVerify).toBeUndefined();
    expect(config.listeners.map((l) => [l.name, l.protocol])).toEqual([
      ['default', 'http'],
      ['secure', 'https'],
    ]);
    expect(sources.locate(r.controls.authentication[0]!.origin.at)).toMatchObject({ file: 'learn-edge/quota-1/apiproxy/policies/VerifyApiKey.xml', line: 1, column: 1 });
    expect(sources.locate(r.at)).toMatchObject({ file: 'learn-edge/quota-1/apiproxy/proxies/default.xml', line: 12, column: 3 });
  });

  it('simplest proxy: a pass-through with no security at all and no target', () => {
    const { config } = parse('learn-edge/simplest-proxy/apiproxy/learn-edge.xml');
    const r = only(config);
    expect(r.controls.authentication).toEqual([]);
    expect(r.controls.rateLimits).toEqual([]);
    expect(r.upstreamId).toBeUndefined();
    expect(config.problems).toEqual([]);
  });

  it('apikey sample: the key is stripped from the query before the target', () => {
    const { config } = parse('sample-proxies/apikey/apiproxy/ApiKeySample.xml');
    const r = only(config);
    expect(r.controls.authentication).toEqual([expect.objectContaining({ kind: 'api-key', credentialsInQuery: true, forwardsCredentials: false })]);
    expect(r.controls.rateLimits).toEqual([expect.objectContaining({ kind: 'Quota', limit: 5, windowSeconds: 60, keyedBy: 'credential' })]);
  });

  it('OAuth sample: VerifyAccessToken in an unconditional flow, without scopes', () => {
    const { config } = parse('sample-proxies/oauth-verify-accesstoken/apiproxy/OAuthVerifyTokenSample.xml');
    const r = only(config);
    expect(r.name).toBe('default default');
    expect(r.protocols).toEqual(['https']);
    expect(r.controls.authentication).toEqual([expect.objectContaining({ kind: 'oauth2', credentialsInQuery: false, forwardsCredentials: true, details: expect.objectContaining({ scopes: [] }) })]);
    expect(r.controls.authentication[0]!.origin.scope).toBe('operation');
    expect(r.controls.authorization).toEqual([]);
    expect(r.controls.rateLimits).toEqual([expect.objectContaining({ kind: 'Quota', keyedBy: 'credential' })]);
    expect(r.controls.rateLimits[0]!.limit).toBeUndefined();
  });

  it('regex protection: threat protection in force, its fault rule counted', () => {
    const { config } = parse('sample-proxies/regex-protection/apiproxy/regex-protection.xml');
    const r = only(config);
    expect(r.controls.requestValidation).toMatchObject({ enabled: true, origin: { scope: 'api' } });
    expect(config.settings[`route:${r.id}:threat-protection`]!.value).toEqual([expect.objectContaining({ type: 'RegularExpressionProtection' })]);
    expect(config.settings['proxy:default:fault-rules']!.value).toBe(1);
    expect(config.problems).toEqual([]);
    expect(r.controls.authentication).toEqual([]);
  });

  it('GraphQL policies (corpus) under a bundle of ours: spike arrest, CORS headers, unverified https target', () => {
    const { config } = parse('sample-proxies/graphql-sample/graphql-proxy/apiproxy/graphql-proxy.xml');
    const r = only(config);
    expect(r.controls.rateLimits).toEqual([expect.objectContaining({ kind: 'SpikeArrest', limit: 30, windowSeconds: 1, keyedBy: 'constant', enforced: true })]);
    expect(r.controls.cors).toMatchObject({ origins: ['*'], credentials: false });
    expect(config.upstreams[0]).toMatchObject({ scheme: 'https', tlsVerify: { enabled: false, origin: { scope: 'default', defaultNote: expect.stringContaining('no <SSLInfo>') } } });
  });
});

describe('Apigee payments bundle (ours): conditions, continueOnError, disabled policies', () => {
  const { config, sources } = parse('own/payments/apiproxy/payments.xml');
  const route = (name: string): GatewayRoute => config.routes.find((r) => r.name === name)!;

  it('makes a route of each conditional flow; the RaiseFault catch-all leaves no base-path route', () => {
    expect(config.routes.map((r) => [r.name, r.methods.join(), r.pathTemplate, r.match])).toEqual([
      ['default get-payment', 'GET', '/v2/payments-api/payments/{p1}', 'template'],
      ['default create-payment', 'POST', '/v2/payments-api/payments', 'template'],
    ]);
    expect(sources.locate(route('default get-payment').at)).toMatchObject({ file: 'own/payments/apiproxy/proxies/default.xml', line: 16, column: 9 });
  });

  it('reads a step condition that skips auth, continueOnError on VerifyJWT and scopes', () => {
    const get = route('default get-payment');
    expect(get.controls.authentication).toEqual([
      expect.objectContaining({ kind: 'oauth2', allowsAnonymous: true, details: expect.objectContaining({ stepCondition: 'proxy.pathsuffix !MatchesPath "/public/**"', scopes: ['payments.read', 'payments.write'] }) }),
      expect.objectContaining({ kind: 'jwt', allowsAnonymous: true, credentialsInQuery: true, details: expect.objectContaining({ continueOnError: true, algorithm: 'HS256' }) }),
    ]);
    expect(get.controls.authorization).toEqual([expect.objectContaining({ kind: 'scopes', allow: ['payments.read', 'payments.write'] })]);
    expect(route('default create-payment').controls.authentication.map((a) => a.kind)).toEqual(['oauth2']);
  });

  it('reads a quota with no identifier as one shared counter and a disabled spike arrest as not enforced', () => {
    expect(route('default create-payment').controls.rateLimits).toEqual([
      expect.objectContaining({ kind: 'Quota', limit: 1000, windowSeconds: 86400, keyedBy: 'constant', enforced: true }),
      expect.objectContaining({ kind: 'SpikeArrest', enforced: false, notEnforcedWhy: 'the policy has enabled="false"' }),
    ]);
    expect(config.problems.map((p) => p.message)).toEqual([
      'policy Spike-Disabled (SpikeArrest) is attached but enabled="false": it never runs',
      'policy Unused-Key-Check (VerifyAPIKey) is defined but no Step attaches it: it never runs',
    ]);
  });

  it('reads CORS, message logging, threat protection and the target', () => {
    const get = route('default get-payment');
    expect(get.controls.cors).toMatchObject({ origins: ['*'], credentials: true });
    expect(get.controls.logging).toEqual([expect.objectContaining({ kind: 'message-logging', sink: 'tcp://logs.example.net:6514', capturesBodies: true, capturesHeaders: false })]);
    expect(get.controls.requestValidation).toMatchObject({ enabled: true });
    const up = config.upstreams[0]!;
    expect(up).toMatchObject({ url: 'https://payments.internal.example.com/v2', tlsVerify: { enabled: false, origin: { scope: 'service' } }, timeouts: { readMs: 120000, connectMs: 3000 } });
    expect(up.dynamicFromRequest).toMatchObject({ expression: 'target.url = request.queryparam.callback' });
    expect(config.settings[`route:${get.id}:backend-authentication`]!.value).toEqual([{ kind: 'basic', user: 'private.backend.user' }]);
  });

  it('finds clear-text secrets once, without their values', () => {
    expect(config.secrets.map((s) => [s.kind, s.where])).toEqual([
      ['password', 'BasicAuthentication Basic-To-Backend Password'],
      ['jwt-secret', 'VerifyJWT Verify-JWT SecretKey'],
    ]);
    const json = JSON.stringify(config);
    expect(json).not.toContain('backend-pass-in-clear');
    expect(json).not.toContain('hs256-shared-secret-in-the-bundle');
    expect(sources.locate(config.secrets[1]!.at)).toMatchObject({ file: 'own/payments/apiproxy/policies/Verify-JWT.xml', line: 5, column: 9 });
  });

  it('reads flow conditions', () => {
    expect(readCondition('(proxy.pathsuffix MatchesPath "/a/**") and (request.verb = "GET" or request.verb = "HEAD")')).toEqual({ methods: ['GET', 'HEAD'], suffix: '/a/{*}', match: 'prefix' });
    expect(readCondition('proxy.pathsuffix ~~ "/items/(\\d+)"')).toMatchObject({ suffix: '/items/{param1}', match: 'regex' });
    expect(readCondition('proxy.pathsuffix = "/status"')).toMatchObject({ suffix: '/status', match: 'exact' });
    expect(readCondition('request.header.x = "1"')).toEqual({ methods: [], match: 'template' });
  });
});

describe('Apigee bundle as a zip archive', () => {
  it('reads the same bundle from a .zip through the archive container', () => {
    const zip = openZip(zipOf('sample-proxies/apikey'));
    const roots = zip.listFiles().filter((f) => gatewayImporters.some((g) => g.sniff(f, zip.head(f))));
    expect(roots).toEqual(['apiproxy/ApiKeySample.xml']);
    const { config, sources } = apigeeImporter.parse(roots[0]!, zip);
    expect(config.files).toHaveLength(6);
    expect(only(config).controls.authentication).toEqual([expect.objectContaining({ kind: 'api-key', forwardsCredentials: false })]);
    expect(sources.locate(only(config).at)).toMatchObject({ file: 'apiproxy/proxies/default.xml', line: 11 });
    expect([...zip.read.keys()].sort()).toEqual([...config.files].sort());
  });

  it('refuses a bundle archive with a zip slip entry', () => {
    const e = importError(() => openZip(zipOf('sample-proxies/apikey', { '../evil.xml': new TextEncoder().encode('<x/>') })));
    expect(e.message).toContain('entry "../evil.xml" was refused');
  });
});

describe('Apigee broken input', () => {
  const memory = (files: Record<string, string>) => ({ readText: (p: string) => files[p] });

  it('names the file and line of malformed XML in any bundle file', () => {
    const e = importError(() =>
      apigeeImporter.parse(
        'apiproxy/x.xml',
        memory({ 'apiproxy/x.xml': '<APIProxy name="x"><ProxyEndpoints><ProxyEndpoint>default</ProxyEndpoint></ProxyEndpoints></APIProxy>', 'apiproxy/proxies/default.xml': '<ProxyEndpoint name="default">\n  <PreFlow>\n    <Request>\n  </PreFlow>\n</ProxyEndpoint>' }),
      ),
    );
    expect(e).toMatchObject({ file: 'apiproxy/proxies/default.xml', line: 4 });
  });

  it('refuses a descriptor that is not an APIProxy and a proxy file of the wrong kind', () => {
    expect(importError(() => apigeeImporter.parse('a.xml', memory({ 'a.xml': '<SharedFlowBundle/>' }))).reason).toContain('root element is <SharedFlowBundle>');
    const e = importError(() =>
      apigeeImporter.parse('apiproxy/x.xml', memory({ 'apiproxy/x.xml': '<APIProxy name="x"><ProxyEndpoints><ProxyEndpoint>p</ProxyEndpoint></ProxyEndpoints></APIProxy>', 'apiproxy/proxies/p.xml': '<TargetEndpoint name="p"/>' })),
    );
    expect(e).toMatchObject({ file: 'apiproxy/proxies/p.xml', line: 1, column: 1 });
  });

  it('notes steps naming missing policies and a bundle without proxies (descriptor lists used without listDir)', () => {
    const c = apigeeImporter.parse(
      'apiproxy/x.xml',
      memory({
        'apiproxy/x.xml': '<APIProxy name="x"><ProxyEndpoints><ProxyEndpoint>p</ProxyEndpoint></ProxyEndpoints></APIProxy>',
        'apiproxy/proxies/p.xml': '<ProxyEndpoint name="p"><PreFlow><Request><Step><Name>Gone</Name></Step></Request></PreFlow><HTTPProxyConnection><BasePath>/x</BasePath></HTTPProxyConnection></ProxyEndpoint>',
      }),
    ).config;
    expect(c.problems.map((p) => p.message)).toEqual(['Step names policy "Gone", which is not in the bundle']);
    expect(c.routes).toHaveLength(1);
    const empty = apigeeImporter.parse('apiproxy/y.xml', memory({ 'apiproxy/y.xml': '<APIProxy name="y"/>' })).config;
    expect(empty.problems.map((p) => p.message)).toEqual([expect.stringContaining('no ProxyEndpoint')]);
  });
});
