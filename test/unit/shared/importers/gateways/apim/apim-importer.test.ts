import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceFolder } from '../../../../../../electron/node/files/evidence-folder.js';
import { apimImporter, sniffApim } from '../../../../../../shared/importers/gateways/apim/index.js';
import { readPolicyDoc } from '../../../../../../shared/importers/gateways/apim/apim-policies.js';
import { neutralizeExpressions, type XmlElement } from '../../../../../../shared/importers/gateways/common/b-xml.js';
import { gatewayImportersB as gatewayImporters } from '../../../../../../shared/importers/gateways/group-b.js';
import { ImportError } from '../../../../../../shared/importers/import-error.js';
import { MappedSources } from '../../../../../../shared/importers/text/mapped-sources.js';
import type { GatewayConfig, GatewayRoute } from '../../../../../../shared/model/gateway.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../../fixtures/gateways/apim');
const folder = new EvidenceFolder(fixtures);
const EXAMPLES = 'policy-snippets/examples';

function parse(file: string): ReturnType<typeof apimImporter.parse> {
  return apimImporter.parse(file, folder);
}

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

function find(el: XmlElement, name: string): XmlElement | undefined {
  if (el.name === name) return el;
  for (const c of el.children) {
    const hit = find(c, name);
    if (hit) return hit;
  }
  return undefined;
}

describe('APIM sniff', () => {
  it('claims lone policy documents and the service policy of an APIOps export, nothing else', () => {
    const claimed = folder.listFiles().filter((f) => gatewayImporters.some((g) => g.sniff(f, folder.head(f))));
    expect(claimed).toEqual([
      'ai-gateway/access-controlling.policy.xml',
      'ai-gateway/finops-products-policy.xml',
      'apiops/policy.xml',
      `${EXAMPLES}/Authorize requests using external authorizer.policy.xml`,
      `${EXAMPLES}/Filter on IP Address when using Application Gateway.policy.xml`,
      `${EXAMPLES}/Get OAuth2 access token from AAD and forward it to the backend.policy.xml`,
      `${EXAMPLES}/Perform basic authentication.policy.xml`,
      `${EXAMPLES}/Pre-authorize requests based on HTTP method with validate-jwt.policy.xml`,
      `${EXAMPLES}/Use custom error messages for jwt-validate policy with on-error handler.policy.xml`,
    ]);
    for (const f of claimed) expect(gatewayImporters.find((g) => g.sniff(f, folder.head(f)))).toBe(apimImporter);
    expect(sniffApim('apiproxy/policies/Quota.xml', '<Quota name="q"/>')).toBe(false);
    expect(sniffApim('policyFragments/x/policy.xml', '<fragment><base/></fragment>')).toBe(false);
    expect(sniffApim('policy.json', '{"policies": "<policies/>"}')).toBe(false);
  });
});

describe('APIM policy expressions (not well-formed XML)', () => {
  it('blanks expression bodies without moving any offset, and restores them in values', () => {
    const text = '<policies>\n  <inbound>\n    <set-variable name="v" value="@(context.Request.Headers.GetValueOrDefault("A") == "x" && 1 < 2)" />\n    <set-body>@{\n  var l = new List<string>(); // it\'s "fine" ) }\n  return l.Count > 0 ? "a" : "b";\n}</set-body>\n  </inbound>\n</policies>';
    const out = neutralizeExpressions(text);
    expect(out.text).toHaveLength(text.length);
    expect(out.text.split('\n').map((l) => l.length)).toEqual(text.split('\n').map((l) => l.length));
    expect(out.expressions).toHaveLength(2);
    const doc = readPolicyDoc(text, 'p.xml', 'api', new MappedSources());
    expect(find(doc.root, 'set-variable')!.attrs.value).toBe('@(context.Request.Headers.GetValueOrDefault("A") == "x" && 1 < 2)');
    expect(find(doc.root, 'set-body')!.text).toBe(text.slice(text.indexOf('@{'), text.indexOf('</set-body>')));
    expect(find(doc.root, 'set-body')!.line).toBe(4);
  });

  it('reads each of the six corpus snippet files that are not well-formed XML', () => {
    for (const f of folder.listFiles().filter((x) => x.startsWith(EXAMPLES))) {
      const text = readFileSync(path.join(fixtures, f), 'utf8');
      const doc = readPolicyDoc(text, f, 'api', new MappedSources());
      expect(doc.root.name).toBe('policies');
    }
    const ip = readPolicyDoc(readFileSync(path.join(fixtures, `${EXAMPLES}/Filter on IP Address when using Application Gateway.policy.xml`), 'utf8'), 'ip.xml', 'api', new MappedSources());
    const value = find(ip.root, 'value')!.text;
    expect(value).toMatch(/^@\{\n\s+int HostToNetworkOrder\(int host\)/);
    expect(value).toContain('List<string> cidrList = new List<string>(){');
    expect(value).toMatch(/return ipAddress; \}$/);
  });

  it('reads every policy template of the VS Code snippet pack inside a policy document', () => {
    const pack = JSON.parse(readFileSync(path.join(fixtures, 'policy-snippets/vscode-snippets/xml.json'), 'utf8')) as Record<string, { body: string | string[] }>;
    expect(Object.keys(pack)).toHaveLength(47);
    for (const [name, snippet] of Object.entries(pack)) {
      const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
      const xml = body.startsWith('<policies>') ? body : `<policies><inbound>${body}</inbound></policies>`;
      if (name === 'validate-jwt') {
        // The pack's own template leaves <openid-config url="$8"> open: a real error, reported where it shows.
        expect(importError(() => readPolicyDoc(xml, 'validate-jwt.xml', 'api', new MappedSources()))).toMatchObject({ file: 'validate-jwt.xml', line: 17 });
        expect(() => readPolicyDoc(xml.replace('<openid-config url="$8">', '<openid-config url="$8" />'), 'fixed.xml', 'api', new MappedSources())).not.toThrow();
      } else expect(() => readPolicyDoc(xml, `${name}.xml`, 'api', new MappedSources()), name).not.toThrow();
    }
  });
});

describe('APIM corpus policies (one file each: API scope)', () => {
  it('access-controlling: validate-azure-ad-token, managed identity to the backend', () => {
    const { config } = parse('ai-gateway/access-controlling.policy.xml');
    const r = only(config);
    expect(r).toMatchObject({ pathTemplate: '/{*}', methods: [], match: 'prefix', name: 'access-controlling' });
    expect(r.controls.authentication.map((a) => [a.kind, a.origin.scope])).toEqual([
      ['subscription-key', 'default'],
      ['validate-azure-ad-token', 'api'],
    ]);
    expect(r.controls.authentication[0]).toMatchObject({ credentialsInQuery: true, origin: { defaultNote: expect.stringContaining('subscriptionRequired defaults to true') } });
    expect(r.controls.authentication[1]!.details).toMatchObject({ tenantId: '{aad-tenant-id}', clientApplicationIds: ['{aad-client-application-id}'] });
    expect(config.settings[`route:${r.id}:backend-authentication`]!.value).toEqual([expect.objectContaining({ kind: 'managed-identity', resource: 'https://cognitiveservices.azure.com' })]);
    expect(config.upstreams).toEqual([expect.objectContaining({ url: 'backend:{backend-id}', name: '{backend-id}' })]);
    expect(r.upstreamId).toBe(config.upstreams[0]!.id);
    expect(config.problems.map((p) => p.message)).toEqual([expect.stringContaining('inherits (<base/>)')]);
  });

  it('finops products policy: azure-openai-token-limit per subscription, product scope from the file name', () => {
    const { config, sources } = parse('ai-gateway/finops-products-policy.xml');
    const r = only(config);
    expect(r.controls.rateLimits).toEqual([expect.objectContaining({ kind: 'azure-openai-token-limit', unit: 'tokens', windowSeconds: 60, keyedBy: 'subscription', enforced: true })]);
    expect(r.controls.rateLimits[0]!.limit).toBeUndefined(); // "{tokens-per-minute}" is a placeholder
    expect(r.controls.rateLimits[0]!.origin.scope).toBe('product');
    expect(r.controls.ai).toEqual([expect.objectContaining({ kind: 'azure-openai-token-limit', details: expect.objectContaining({ counterKey: '@(context.Subscription.Id)' }) })]);
    expect(sources.locate(r.controls.rateLimits[0]!.origin.at)).toMatchObject({ line: 4, column: 9 });
  });

  it('external authorizer: send-request with the client Authorization header', () => {
    const { config } = parse(`${EXAMPLES}/Authorize requests using external authorizer.policy.xml`);
    const r = only(config);
    expect(r.controls.authentication.map((a) => a.kind)).toEqual(['subscription-key', 'external-authorizer']);
    expect(r.controls.authentication[1]!.details.url).toBe('{{authorizer-url}}');
    expect(config.upstreams).toEqual([expect.objectContaining({ url: '{{authorizer-url}}', name: 'send-request', timeouts: expect.objectContaining({ readMs: 10000 }) })]);
    expect(config.upstreams[0]!.dynamicFromRequest).toBeUndefined();
  });

  it('IP filter via X-Forwarded-For: check-header as an allow-list that trusts the forwarded header', () => {
    const { config, sources } = parse(`${EXAMPLES}/Filter on IP Address when using Application Gateway.policy.xml`);
    const r = only(config);
    expect(r.controls.authorization).toEqual([
      expect.objectContaining({ kind: 'check-header', allow: ['10.33.215.173', '10.33.215.175', '{{ipValidated}}'], details: expect.objectContaining({ trustsForwardedFor: true }) }),
    ]);
    expect(sources.locate(r.controls.authorization[0]!.origin.at)).toMatchObject({ line: 72, column: 3 });
    expect(r.controls.authentication.map((a) => a.kind)).toEqual(['subscription-key']);
  });

  it('AAD token to the backend: the subscription key is deleted before the backend; named values are not secrets', () => {
    const { config } = parse(`${EXAMPLES}/Get OAuth2 access token from AAD and forward it to the backend.policy.xml`);
    const r = only(config);
    expect(r.controls.authentication).toEqual([expect.objectContaining({ kind: 'subscription-key', forwardsCredentials: false })]);
    expect(config.upstreams).toEqual([expect.objectContaining({ url: '{{authorizationServer}}', timeouts: expect.objectContaining({ readMs: 20000 }) })]);
    expect(config.secrets).toEqual([]);
  });

  it('basic authentication in a policy expression, and check-header on Authorization', () => {
    const { config } = parse(`${EXAMPLES}/Perform basic authentication.policy.xml`);
    const r = only(config);
    expect(r.controls.authentication.map((a) => [a.kind, a.forwardsCredentials])).toEqual([
      ['subscription-key', true],
      ['check-header', false],
      ['basic', false],
    ]);
    expect(String(r.controls.authentication[2]!.details.condition)).toContain('AsBasic()');
  });

  it('validate-jwt in every branch of a choose is unconditional; required claims become authorization', () => {
    const { config } = parse(`${EXAMPLES}/Pre-authorize requests based on HTTP method with validate-jwt.policy.xml`);
    const r = only(config);
    const jwts = r.controls.authentication.filter((a) => a.kind === 'validate-jwt');
    expect(jwts).toHaveLength(3);
    expect(jwts.every((a) => a.allowsAnonymous === undefined)).toBe(true);
    expect(r.controls.authorization.map((a) => a.allow)).toEqual([['edit=true'], ['create=true']]);
    expect(config.secrets).toEqual([]); // {{signing-key}} is a named value
  });

  it('validate-jwt defaults are recorded', () => {
    const { config, sources } = parse(`${EXAMPLES}/Use custom error messages for jwt-validate policy with on-error handler.policy.xml`);
    const jwt = only(config).controls.authentication.find((a) => a.kind === 'validate-jwt')!;
    expect(jwt).toMatchObject({ credentialsInQuery: false, forwardsCredentials: true });
    expect(jwt.details).toMatchObject({
      headerName: 'Authorization',
      requireExpirationTime: true,
      requireSignedTokens: true,
      clockSkewSeconds: 0,
      audiences: [],
      issuers: [],
      failedValidationHttpCode: 401,
      defaultsApplied: ['require-expiration-time defaults to true', 'require-signed-tokens defaults to true', 'clock-skew defaults to 0 seconds'],
    });
    expect(sources.locate(jwt.origin.at)).toMatchObject({ line: 4, column: 9 });
    expect(config.settings[`route:${only(config).id}:removes-x-powered-by`]).toMatchObject({ value: false, origin: { scope: 'default' } });
  });
});

describe('APIM APIOps export (a fixture of ours): global → product → API → operation', () => {
  const { config, sources } = parse('apiops/policy.xml');
  const route = (name: string): GatewayRoute => config.routes.find((r) => r.name === name)!;

  it('reads every API and operation as a route with its URL template', () => {
    expect(config.format).toBe('apim-apiops');
    expect(config.routes.map((r) => [r.name, r.methods.join(), r.pathTemplate, r.protocols.join()])).toEqual([
      ['chat', '', '/openai/{*}', 'http,https'],
      ['orders getOrder', 'GET', '/orders/{orderId}', 'https'],
      ['orders createOrder', 'POST', '/orders', 'https'],
      ['orders listOrders', 'GET', '/orders', 'https'],
    ]);
    expect(route('orders getOrder')).toMatchObject({ match: 'template', version: 'v1', api: 'orders' });
    expect(sources.locate(route('orders getOrder').at)).toMatchObject({ file: 'apiops/apis/orders/specification.yaml', line: 7 });
    expect(config.files).toEqual(expect.arrayContaining(['apiops/policy.xml', 'apiops/apis/orders/policy.xml', 'apiops/apis/orders/operations/getOrder/policy.xml', 'apiops/policyFragments/block-ranges/policy.xml', 'apiops/backends/orders-backend/backendInformation.json']));
  });

  it('composes <base/>: product limits, API validate-jwt, fragment and operation limit on getOrder', () => {
    const get = route('orders getOrder');
    expect(get.controls.authentication.map((a) => [a.kind, a.origin.scope])).toEqual([
      ['subscription-key', 'api'],
      ['validate-jwt', 'api'],
    ]);
    expect(get.controls.authentication[1]!.details).toMatchObject({ requireExpirationTime: false, clockSkewSeconds: 600 });
    expect(get.controls.rateLimits.map((r) => [r.kind, r.limit, r.windowSeconds, r.keyedBy, r.origin.scope])).toEqual([
      ['rate-limit', 5, 60, 'subscription', 'product'],
      ['quota', 100, 604800, 'subscription', 'product'],
      ['rate-limit-by-key', 10, 1, 'ip', 'operation'],
    ]);
    expect(get.controls.authorization).toEqual([expect.objectContaining({ kind: 'ip-filter', deny: ['203.0.113.0-203.0.113.255'] })]);
    expect(sources.locate(get.controls.authorization[0]!.origin.at)).toMatchObject({ file: 'apiops/policyFragments/block-ranges/policy.xml', line: 2 });
    expect(get.controls.cors).toMatchObject({ origins: ['*'], credentials: true, origin: { scope: 'global' } });
    expect(config.settings[`route:${get.id}:removes-x-powered-by`]).toMatchObject({ value: true, origin: { scope: 'global' } });
  });

  it('an operation without <base/> loses everything above it', () => {
    const create = route('orders createOrder');
    expect(create.controls.authentication.map((a) => a.kind)).toEqual(['subscription-key']);
    expect(create.controls.rateLimits).toEqual([]);
    expect(create.controls.cors).toBeUndefined();
    expect(create.controls.sizeLimit).toMatchObject({ maxBytes: 102400, origin: { scope: 'operation' } });
    expect(create.controls.requestValidation).toMatchObject({ enabled: true });
    const up = config.upstreams.find((u) => u.id === create.upstreamId)!;
    expect(up.dynamicFromRequest?.expression).toBe('@(context.Request.Headers.GetValueOrDefault("X-Backend", "https://orders.internal"))');
  });

  it('reads backend entities: TLS validation turned off, forward-request timeout from the global scope', () => {
    const up = config.upstreams.find((u) => u.id === route('orders listOrders').upstreamId)!;
    expect(up).toMatchObject({ url: 'https://orders.internal.example.com/api', name: 'orders-backend', host: 'orders.internal.example.com', tlsVerify: { enabled: false, origin: { scope: 'service' } } });
    expect(up.timeouts).toMatchObject({ readMs: 30000, origin: { scope: 'global' } });
  });

  it('reads the AI API: no subscription, token in the query, token limits keyed on a constant', () => {
    const chat = route('chat');
    expect(chat.controls.authentication).toEqual([expect.objectContaining({ kind: 'validate-jwt', credentialsInQuery: true, forwardsCredentials: true })]);
    expect(chat.controls.authentication[0]!.details).toMatchObject({ requireSignedTokens: false, audiences: ['api://chat'] });
    expect(chat.controls.authorization).toEqual([expect.objectContaining({ kind: 'required-claims', allow: ['roles=chat.user'] })]);
    expect(chat.controls.rateLimits.map((r) => [r.limit, r.windowSeconds, r.unit, r.keyedBy])).toEqual([
      [5000, 60, 'tokens', 'constant'],
      [100000, 2592000, 'tokens', 'constant'],
    ]);
    expect(chat.controls.ai.map((a) => [a.kind, a.provider])).toEqual([
      ['llm-token-limit', undefined],
      ['llm-content-safety', undefined],
      ['llm-upstream', 'azure-openai'],
    ]);
    expect(chat.controls.logging).toEqual([expect.objectContaining({ kind: 'log-to-eventhub', sink: 'chat-logger', capturesBodies: true })]);
    expect(config.upstreams.find((u) => u.id === chat.upstreamId)).toMatchObject({ host: 'contoso-eastus.openai.azure.com', tlsVerify: { enabled: true, origin: { scope: 'default' } } });
  });

  it('finds clear-text secrets once each, without their values', () => {
    expect(config.secrets.map((s) => [s.kind, s.where])).toEqual([
      ['password', 'authentication-basic password'],
      ['jwt-secret', 'validate-jwt issuer-signing-keys'],
    ]);
    expect(sources.locate(config.secrets[0]!.at)).toMatchObject({ file: 'apiops/apis/chat/policy.xml', line: 16, column: 51 });
    const json = JSON.stringify(config);
    expect(json).not.toContain('P4ssw0rd-in-clear');
    expect(json).not.toContain('c2VjcmV0LXNpZ25pbmcta2V5LWluLWNsZWFy');
  });
});

describe('APIM broken input', () => {
  const memory = (files: Record<string, string>) => ({ readText: (p: string) => files[p] });

  it('names the file and line of malformed XML', () => {
    const e = importError(() => apimImporter.parse('p.xml', memory({ 'p.xml': '<policies>\n  <inbound>\n    <rate-limit calls="5">\n  </inbound>\n</policies>\n' })));
    expect(e).toMatchObject({ file: 'p.xml', line: 4 });
    expect(e.reason).toContain('XML could not be read');
    const attr = importError(() => apimImporter.parse('p.xml', memory({ 'p.xml': '<policies>\n<inbound>\n<cors allow-credentials=true/>\n</inbound>\n</policies>' })));
    expect(attr).toMatchObject({ file: 'p.xml', line: 3 });
  });

  it('refuses a document that is not a policy document', () => {
    const e = importError(() => apimImporter.parse('p.xml', memory({ 'p.xml': '<?xml version="1.0"?>\n<configuration/>\n' })));
    expect(e).toMatchObject({ file: 'p.xml', line: 2, column: 1 });
    expect(e.reason).toContain('root element is <configuration>');
  });

  it('notes a missing policy fragment and refuses a fragment that includes itself', () => {
    const c = apimImporter.parse('p.xml', memory({ 'p.xml': '<policies><inbound><include-fragment fragment-id="gone"/></inbound></policies>' })).config;
    expect(c.problems.map((p) => p.message)).toEqual([expect.stringContaining('policy fragment "gone" is not in the evidence')]);
    const e = importError(() =>
      apimImporter.parse(
        'p.xml',
        memory({ 'p.xml': '<policies><inbound><include-fragment fragment-id="a"/></inbound></policies>', 'fragments/a.xml': '<fragment>\n<include-fragment fragment-id="a"/>\n</fragment>' }),
      ),
    );
    expect(e.reason).toContain('includes itself');
  });
});
