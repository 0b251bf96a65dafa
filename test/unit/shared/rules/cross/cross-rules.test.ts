import { describe, expect, it } from 'vitest';
import { runRules } from '../../../../../shared/engine/run.js';
import { importOpenApi } from '../../../../../shared/importers/openapi/index.js';
import type { Finding } from '../../../../../shared/model/finding.js';
import { crossRules } from '../../../../../shared/rules/cross/index.js';
import { gateway, jwtAuth, only, rateLimit, type ConfigInput } from '../gateway/build-config.js';

/** A small shop API: jwt on everything, a 429 on the order list, a deprecated v1 lookup, an AI chat endpoint. */
const SPEC = `openapi: 3.0.3
info: {title: Shop, version: "2"}
servers:
  - url: https://api.shop.example.net/v2
security:
  - jwt: []
components:
  securitySchemes:
    jwt: {type: http, scheme: bearer, bearerFormat: JWT}
paths:
  /orders:
    get:
      responses:
        "200": {description: ok}
        "429": {description: slow down}
  /orders/{orderId}:
    get:
      parameters:
        - {name: orderId, in: path, required: true, schema: {type: string}}
      responses: {"200": {description: ok}}
    delete:
      deprecated: true
      parameters:
        - {name: orderId, in: path, required: true, schema: {type: string}}
      responses: {"204": {description: gone}}
  /chat/completions:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                messages: {type: array, items: {type: object}}
                max_tokens: {type: integer}
      responses: {"200": {description: ok}}
  /reports:
    get:
      responses: {"200": {description: ok}}
`;

function cross(config: ConfigInput | ConfigInput[], spec: string | null = SPEC): Finding[] {
  const specs = spec === null ? [] : [importOpenApi('api.yaml', { readText: (f) => (f === 'api.yaml' ? spec : undefined) })];
  const gateways = (Array.isArray(config) ? config : [config]).map((c) => gateway({ file: 'kong.yaml', ...c }));
  const result = runRules({ specs, gateways }, crossRules);
  if (result.ruleFailures.length) throw new Error(result.ruleFailures.map((f) => `${f.ruleId}: ${f.message}`).join('\n'));
  return result.findings;
}

const of = (list: Finding[], id: string) => list.filter((f) => f.ruleId === id);

/** The gateway serving the shop as documented: every operation routed with the spec's controls. */
const ROUTES: ConfigInput['routes'] = [
  { path: '/v2/orders', methods: ['GET'] },
  { path: '/v2/orders/{id}', methods: ['GET', 'DELETE'] },
  { path: '/v2/chat/completions', methods: ['POST'], controls: { rateLimits: [rateLimit(), rateLimit({ kind: 'ai-rate-limiting-advanced', unit: 'tokens', limit: 20000 })] } },
  { path: '/v2/reports', methods: ['GET'] },
];

describe('cross rules need a spec and a gateway of the same API', () => {
  it('a faithful gateway yields only the deprecated-operation finding', () => {
    expect(cross({ routes: ROUTES }).map((f) => f.ruleId)).toEqual(['cross.inventory.deprecated-still-routed']);
  });
  it('stay silent without a spec, or when spec and gateway share no endpoint or host', () => {
    expect(cross({ routes: [{ path: '/internal/debug', controls: { authentication: [] } }] }, null)).toEqual([]);
    expect(cross({ routes: [{ path: '/billing/invoices', controls: { authentication: [] } }] })).toEqual([]);
  });
});

describe('cross.inventory.shadow-route', () => {
  const id = 'cross.inventory.shadow-route';

  it('reports an undocumented route of the same API, high when unauthenticated', () => {
    const f = only(of(cross({ routes: [...ROUTES!, { path: '/v2/internal/export', methods: ['GET'], controls: { authentication: [] } }] }), id));
    expect(f.severity).toBe('high');
    expect(f.source).toBe('cross');
    expect(f.endpoints).toEqual(['GET /v2/internal/export']);
    expect(f.message).toContain('exposes GET /v2/internal/export, which no spec of this API documents (api.yaml): a shadow endpoint.');
    expect(f.message).toContain('Nothing authenticates callers on it');
    expect(f.locations[0]).toMatchObject({ file: 'kong.yaml', pointer: '/routes/4' });
  });

  it('reports undocumented methods on a documented path as medium', () => {
    const routes = ROUTES!.map((r) => (r.path === '/v2/reports' ? { ...r, methods: ['GET', 'POST'] } : r));
    const f = only(of(cross({ routes }), id));
    expect(f.severity).toBe('medium');
    expect(f.endpoints).toEqual(['POST /v2/reports']);
  });

  it('reports the beta host route of a documented endpoint', () => {
    const f = only(of(cross({ routes: [{ path: '/v2/orders', hosts: ['api.shop.example.net'] }, { path: '/v2/orders', hosts: ['beta.api.shop.example.net'] }] }), id));
    // Undocumented routes are grouped by the block they are declared in (here none: the config root), the route next.
    expect(f.locations.map((l) => l.pointer)).toEqual(['', '/routes/1']);
    expect(f.occurrences).toBe(1);
    expect(f.message).toContain('on beta.api.shop.example.net');
  });

  it('does not report routes of another API (service) on the same gateway', () => {
    const routes = [...ROUTES!.map((r) => ({ ...r, api: 'shop' })), { path: '/billing/invoices', api: 'billing' }];
    expect(of(cross({ routes }), id)).toEqual([]);
  });
});

describe('cross.inventory.orphan-documentation', () => {
  const id = 'cross.inventory.orphan-documentation';
  it('reports documented operations the linked gateway does not route, at the operation', () => {
    const f = only(of(cross({ routes: ROUTES!.filter((r) => r.path !== '/v2/reports') }), id));
    expect(f.severity).toBe('low');
    expect(f.endpoints).toEqual(['GET /reports']);
    expect(f.locations[0]).toMatchObject({ file: 'api.yaml', pointer: '/paths/~1reports/get' });
    expect(f.message).toContain('GET /reports is documented in api.yaml but no route of kong.yaml');
  });
  it('counts a prefix route as routing everything under it', () => {
    expect(of(cross({ routes: [{ path: '/v2/{*}', methods: [] }] }), id)).toEqual([]);
  });
});

describe('cross.inventory.deprecated-still-routed', () => {
  it('reports the route that still serves a deprecated operation, with the operation as related place', () => {
    const f = only(of(cross({ routes: ROUTES }), 'cross.inventory.deprecated-still-routed'));
    expect(f.endpoints).toEqual(['DELETE /orders/{orderId}']);
    expect(f.message).toContain('still routes the deprecated operation DELETE /orders/{orderId} (api.yaml) (via /v2/orders/{id} behind the server base path /v2)');
    expect(f.locations.map((l) => l.file)).toEqual(['kong.yaml', 'api.yaml']);
  });
});

describe('cross.auth.spec-auth-not-enforced', () => {
  const id = 'cross.auth.spec-auth-not-enforced';
  it('reports a route without authentication serving operations the spec protects, once per route', () => {
    const routes = ROUTES!.map((r) => (r.path === '/v2/orders/{id}' ? { ...r, controls: { authentication: [] } } : r));
    const f = only(of(cross({ routes }), id));
    expect(f.severity).toBe('high');
    expect(f.endpoints).toEqual(['DELETE /orders/{orderId}', 'GET /orders/{orderId}']);
    expect(f.message).toContain('require authentication (jwt)');
    expect(f.message).toContain('enforces no authentication');
  });
  it('names authentication that lets anonymous callers through', () => {
    const routes = ROUTES!.map((r) => (r.path === '/v2/reports' ? { ...r, controls: { authentication: [jwtAuth({ kind: 'key-auth', allowsAnonymous: true })] } } : r));
    expect(only(of(cross({ routes }), id)).message).toContain('only has authentication that lets anonymous callers through (key-auth)');
  });
  it('uses the most specific route: an authenticated exact route beats an open catch-all', () => {
    expect(of(cross({ routes: [...ROUTES!, { path: '/{*}', methods: [], controls: { authentication: [] } }] }), id)).toEqual([]);
  });
});

describe('cross.limits.promised-rate-limit-missing', () => {
  it('reports a route without a limit for an operation documenting 429', () => {
    const routes = ROUTES!.map((r) => (r.path === '/v2/orders' ? { ...r, controls: { rateLimits: [] } } : r));
    const f = only(of(cross({ routes }), 'cross.limits.promised-rate-limit-missing'));
    expect(f.endpoints).toEqual(['GET /orders']);
    expect(f.message).toContain('documents rate limiting (a 429 response)');
    expect(f.message).toContain('has no enforced rate limit or quota');
  });
  it('is silent when the route enforces a limit, or the spec promises none', () => {
    expect(of(cross({ routes: ROUTES!.map((r) => (r.path === '/v2/reports' ? { ...r, controls: { rateLimits: [] } } : r)) }), 'cross.limits.promised-rate-limit-missing')).toEqual([]);
  });
});

describe('cross.ai.documented-ai-without-token-limit', () => {
  const id = 'cross.ai.documented-ai-without-token-limit';
  it('reports the documented chat endpoint routed without a token limit', () => {
    const routes = ROUTES!.map((r) => (r.path === '/v2/chat/completions' ? { ...r, controls: { rateLimits: [rateLimit()] } } : r));
    const f = only(of(cross({ routes }), id));
    expect(f.severity).toBe('medium');
    expect(f.endpoints).toEqual(['POST /chat/completions']);
    expect(f.message).toContain('is an AI endpoint');
    expect(f.controls).toContain('LLM10:2025');
  });
  it('is high when no rate limit either', () => {
    const routes = ROUTES!.map((r) => (r.path === '/v2/chat/completions' ? { ...r, controls: { rateLimits: [] } } : r));
    expect(only(of(cross({ routes }), id)).severity).toBe('high');
  });
});

describe('cross.inventory.weaker-variant', () => {
  const id = 'cross.inventory.weaker-variant';
  it('compares the same API in a production and a staging config', () => {
    const prod = { file: 'kong-prod.yaml', routes: ROUTES };
    const staging = { file: 'kong-staging.yaml', routes: ROUTES!.map((r) => ({ ...r, controls: { ...r.controls, rateLimits: [] } })) };
    const list = of(cross([prod, staging]), id);
    expect(list.length).toBe(4);
    expect(list.every((f) => f.locations[0]!.file === 'kong-staging.yaml')).toBe(true);
    expect(list[0]!.message).toContain('config kong-staging.yaml) in kong-staging.yaml is a weaker variant of the same endpoint: no rate limit where');
  });
  it('leaves variants inside one config to the gateway rule', () => {
    expect(of(cross({ routes: [...ROUTES!, { path: '/v1/orders', controls: { rateLimits: [] } }] }), id)).toEqual([]);
  });
});
