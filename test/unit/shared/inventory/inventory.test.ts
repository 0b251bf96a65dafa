import { describe, expect, it } from 'vitest';
import { importOpenApi } from '../../../../shared/importers/openapi/index.js';
import { buildInventory, isRouteLinked, isSpecLinked } from '../../../../shared/inventory/build-inventory.js';
import { controlsInForce } from '../../../../shared/inventory/controls-in-force.js';
import { documentedFromSummary, inventoryFromSummaries } from '../../../../shared/inventory/from-summaries.js';
import type { Inventory } from '../../../../shared/inventory/inventory.js';
import { inventoryCounts, inventoryRows } from '../../../../shared/inventory/inventory-view.js';
import { hostsMatch, matchPath, pathKey, splitServerUrl } from '../../../../shared/inventory/path-match.js';
import type { SpecModel } from '../../../../shared/model/spec.js';
import { gateway, type RouteInput } from '../rules/gateway/build-config.js';

function spec(paths: Record<string, string[]>, servers: string[] = [], file = 'api.yaml'): SpecModel {
  const lines = ['openapi: 3.0.3', 'info: {title: Shop, version: "1"}'];
  if (servers.length) lines.push('servers:', ...servers.map((s) => `  - url: ${s}`));
  lines.push('paths:');
  for (const [p, methods] of Object.entries(paths)) {
    lines.push(`  ${p}:`);
    for (const m of methods) lines.push(`    ${m}:`, `      responses: {"200": {description: ok}}`);
  }
  return importOpenApi(file, { readText: (f) => (f === file ? lines.join('\n') + '\n' : undefined) }).model;
}

function join(s: SpecModel[], routes: RouteInput[], extra: Parameters<typeof gateway>[0] = {}): Inventory {
  return buildInventory(s, [gateway({ ...extra, routes }).config]);
}

const row = (inv: Inventory, endpoint: string) => inv.endpoints.find((e) => e.endpoint === endpoint);

describe('path matching', () => {
  it('erases parameter names and trailing slashes', () => {
    expect(pathKey('/users/{userId}/')).toBe('/users/{}');
    expect(matchPath('/users/{id}', 'exact', '/users/{userId}')).toBe('exact');
  });
  it('lets a parameter on either side stand for a literal, and embedded parameters match by pattern', () => {
    expect(matchPath('/users/{id}', 'template', '/users/me')).toBe('template');
    expect(matchPath('/files/{name}.json', 'template', '/files/report.json')).toBe('template');
    expect(matchPath('/files/{name}.json', 'template', '/files/report.xml')).toBeUndefined();
    expect(matchPath('/users', 'exact', '/users/{id}')).toBeUndefined();
  });
  it('matches prefix routes above documented paths, the root prefix above everything', () => {
    expect(matchPath('/v2/{*}', 'prefix', '/v2/users/{id}')).toBe('prefix');
    expect(matchPath('/v2/{*}', 'prefix', '/v2')).toBe('prefix');
    expect(matchPath('/v2/{*}', 'prefix', '/v3/users')).toBeUndefined();
    expect(matchPath('/{*}', 'prefix', '/anything/at/all')).toBe('prefix');
    expect(matchPath('/v2', 'prefix', '/v2/users')).toBe('prefix');
  });
  it('splits server URLs into host and base path', () => {
    expect(splitServerUrl('https://api.x.com:8443/v2/')).toEqual({ host: 'api.x.com', basePath: '/v2' });
    expect(splitServerUrl('/v1')).toEqual({ basePath: '/v1' });
    expect(splitServerUrl('https://{region}.api.x.com')).toEqual({ host: '{region}.api.x.com', basePath: '' });
  });
  it('matches hosts with wildcards and variables', () => {
    expect(hostsMatch('*.example.com', 'api.example.com')).toBe(true);
    expect(hostsMatch('{region}.api.x.com', 'eu.api.x.com')).toBe(true);
    expect(hostsMatch('beta.api.x.com', 'api.x.com')).toBe(false);
    expect(hostsMatch('.example.com', 'example.com')).toBe(true);
  });
});

describe('the inventory join', () => {
  it('joins documented operations and routes by method and template, and lists shadow methods', () => {
    const inv = join([spec({ '/users/{userId}': ['get'] })], [{ path: '/users/{id}', methods: ['GET', 'DELETE'] }]);
    const get = row(inv, 'GET /users/{userId}')!;
    expect(get.documented).toHaveLength(1);
    expect(get.exposed.map((x) => [x.match, x.effective])).toEqual([['exact', true]]);
    const del = row(inv, 'DELETE /users/{id}')!;
    expect(del.documented).toEqual([]);
    expect(del.exposed[0]!.match).toBe('none');
    expect(inv.links).toEqual([{ spec: 'api.yaml', gateway: 'gateway.yaml', sharedEndpoints: 1, sharedHosts: [] }]);
  });

  it('lets a prefix route expose every documented operation under it, and every-method routes expose every method', () => {
    const inv = join([spec({ '/v2/users': ['get', 'post'], '/v2/users/{id}': ['delete'], '/v3/x': ['get'] })], [{ path: '/v2/{*}', methods: [] }]);
    for (const e of ['GET /v2/users', 'POST /v2/users', 'DELETE /v2/users/{id}']) expect(row(inv, e)!.exposed.map((x) => x.match), e).toEqual(['prefix']);
    expect(row(inv, 'GET /v3/x')!.exposed).toEqual([]);
    expect(inv.endpoints.some((e) => e.endpoint === '* /v2/{*}')).toBe(false);
  });

  it('puts the spec server base path in front of documented paths (and tries them as written)', () => {
    const inv = join([spec({ '/users': ['get'], '/orders': ['get'] }, ['https://api.x.com/v2'])], [{ path: '/v2/users' }, { path: '/orders' }]);
    const users = row(inv, 'GET /users')!;
    expect(users.exposed[0]).toMatchObject({ match: 'exact', basePath: '/v2' });
    expect(row(inv, 'GET /orders')!.exposed[0]!.basePath).toBeUndefined();
    expect(inv.endpoints.filter((e) => !e.documented.length)).toEqual([]);
  });

  it('compares hosts when both sides state them: a beta host route is not the documented endpoint', () => {
    const inv = join(
      [spec({ '/users': ['get'] }, ['https://api.x.com'])],
      [
        { path: '/users', hosts: ['api.x.com'] },
        { path: '/users', hosts: ['beta.api.x.com'], controls: { rateLimits: [] } },
      ],
    );
    const documented = row(inv, 'GET /users')!;
    expect(documented.exposed.map((x) => x.route.hosts[0])).toEqual(['api.x.com']);
    const shadow = inv.endpoints.find((e) => !e.documented.length)!;
    expect(shadow.exposed[0]!.route.hosts).toEqual(['beta.api.x.com']);
    expect(inv.links[0]!.sharedHosts).toEqual(['api.x.com']);
  });

  it('ignores hosts the gateway does not know at all (a spec listing its backend or localhost)', () => {
    const inv = join([spec({ '/users': ['get'] }, ['http://localhost:3000', 'https://backend.internal.example.org'])], [{ path: '/users', hosts: ['api.x.com'] }]);
    expect(row(inv, 'GET /users')!.exposed).toHaveLength(1);
  });

  it('marks the most specific route of each gateway effective', () => {
    const inv = join([spec({ '/v2/users/{id}': ['get'] })], [{ path: '/v2/{*}', methods: [] }, { path: '/v2/users/{id}' }, { path: '/{*}', methods: [] }]);
    const e = row(inv, 'GET /v2/users/{id}')!;
    expect(e.exposed.map((x) => [x.route.pathTemplate, x.effective])).toEqual([
      ['/v2/{*}', false],
      ['/v2/users/{id}', true],
      ['/{*}', false],
    ]);
  });

  it('links a spec only to the API (service) of the gateway that serves it', () => {
    const inv = join([spec({ '/orders': ['get'] })], [{ path: '/orders', api: 'orders' }, { path: '/billing', api: 'billing' }]);
    expect(inv.links).toEqual([{ spec: 'api.yaml', gateway: 'gateway.yaml', api: 'orders', sharedEndpoints: 1, sharedHosts: [] }]);
    const [orders, billing] = gateway({ routes: [{ path: '/orders', api: 'orders' }, { path: '/billing', api: 'billing' }] }).config.routes;
    expect(isRouteLinked(inv, 'gateway.yaml', orders!)).toBe(true);
    expect(isRouteLinked(inv, 'gateway.yaml', billing!)).toBe(false);
    expect(isSpecLinked(inv, 'api.yaml')).toBe(true);
  });

  it('matches a route an importer read from a spec operation (APIM API path prefix) at that operation', () => {
    const s = spec({ '/{orderId}': ['get'] }, [], 'orders/specification.yaml');
    const inv = join([s], [{ path: '/orders/{orderId}', at: s.operations[0]!.at, api: 'orders' }], { file: 'orders/specification.yaml' });
    const e = row(inv, 'GET /{orderId}')!;
    expect(e.exposed[0]).toMatchObject({ match: 'exact', basePath: '/orders' });
    expect(inv.links).toEqual([{ spec: 'orders/specification.yaml', gateway: 'orders/specification.yaml', api: 'orders', sharedEndpoints: 1, sharedHosts: [] }]);
  });

  it('does not link through catch-all or all-parameter routes, and skips base paths still holding a variable', () => {
    const inv = join([spec({ '/chat': ['post'] }, ['https://x.example.org/{basePath}'])], [{ path: '/{*}', methods: [] }, { path: '/proxy/{host}/{*}', methods: [] }]);
    expect(row(inv, 'POST /chat')!.exposed.map((x) => x.route.pathTemplate)).toEqual(['/{*}']);
    expect(inv.links).toEqual([]);
  });

  it('uses server variable defaults for base paths', () => {
    const file = 'api.yaml';
    const text = 'openapi: 3.0.3\ninfo: {title: S, version: "1"}\nservers:\n  - url: https://api.x.com/{version}\n    variables: {version: {default: v3}}\npaths:\n  /users:\n    get:\n      responses: {"200": {description: ok}}\n';
    const model = importOpenApi(file, { readText: (f) => (f === file ? text : undefined) }).model;
    const inv = buildInventory([model], [gateway({ routes: [{ path: '/v3/users' }] }).config]);
    expect(row(inv, 'GET /users')!.exposed[0]).toMatchObject({ basePath: '/v3', match: 'exact' });
  });

  it('has no links when spec and gateway share nothing', () => {
    expect(join([spec({ '/a': ['get'] })], [{ path: '/b' }]).links).toEqual([]);
  });
});

describe('the inventory from workspace summaries', () => {
  const summary = {
    version: '3.0.3',
    title: 'Shop',
    servers: ['https://api.x.com/v2'],
    operations: [
      { endpoint: 'GET /users', method: 'get', path: '/users', operationId: 'listUsers', auth: 'required', security: [{ jwt: [] }], deprecated: false, at: { file: 'api.yaml', pointer: '/paths/~1users/get' } },
      { endpoint: 'DELETE /users/{id}', method: 'delete', path: '/users/{id}', operationId: null, auth: 'none', security: [], deprecated: true, at: { file: 'api.yaml', pointer: '/paths/~1users~1{id}/delete' } },
    ],
  };

  it('reads spec summaries, both stored shapes, and gateway models into the same join', () => {
    const gw = JSON.parse(JSON.stringify(gateway({ routes: [{ path: '/v2/users' }, { path: '/v2/admin', methods: ['POST'] }] }).config));
    const { inventory, sources, problems } = inventoryFromSummaries([
      { evidence: 'api.yaml', kind: 'spec', model: { spec: summary } },
      { evidence: 'gateway.yaml', kind: 'gateway', model: { gateway: gw } },
    ]);
    expect(problems).toEqual([]);
    expect(sources).toEqual({ specs: [{ file: 'api.yaml', title: 'Shop', operations: 2 }], gateways: [{ file: 'gateway.yaml', product: 'kong', format: 'test', routes: 2 }] });
    expect(row(inventory, 'GET /users')!.exposed[0]).toMatchObject({ basePath: '/v2', match: 'exact' });
    expect(row(inventory, 'POST /v2/admin')!.documented).toEqual([]);
    expect(inventoryCounts(inventory)).toEqual({ endpoints: 3, documented: 2, exposed: 2, documentedAndExposed: 1, undocumented: 1, unrouted: 1, observed: null });
    const bare = inventoryFromSummaries([{ evidence: 'api.yaml', kind: 'spec', model: summary }]);
    expect(bare.inventory.endpoints.map((e) => e.endpoint)).toEqual(['GET /users', 'DELETE /users/{id}']);
  });

  it('keeps what it can read and names what it cannot', () => {
    const { inventory, problems } = inventoryFromSummaries([
      { evidence: 'broken.yaml', kind: 'gateway', model: 'not json' },
      { evidence: 'odd.yaml', kind: 'gateway', model: { gateway: { product: 'kong' } } },
      { evidence: 'api.yaml', kind: 'spec', model: { spec: summary } },
    ]);
    expect(problems).toEqual(['broken.yaml: the stored model is not an object', 'odd.yaml: the stored gateway model cannot be read (it has no routes list)']);
    expect(inventory.endpoints).toHaveLength(2);
  });

  it('documentedFromSummary keeps operation ids, deprecation and places', () => {
    const [, del] = documentedFromSummary('api.yaml', summary);
    expect(del).toMatchObject({ method: 'DELETE', deprecated: true, auth: 'none', at: { file: 'api.yaml', pointer: '/paths/~1users~1{id}/delete' } });
    expect(del!.operationId).toBeUndefined();
  });
});

describe('the inventory view', () => {
  it('gives flags, who documents and exposes, and the controls in force of the effective routes', () => {
    const inv = join([spec({ '/users': ['get'] })], [{ path: '/users' }, { path: '/{*}', methods: [], controls: { rateLimits: [] } }]);
    const [users] = inventoryRows(inv).filter((r) => r.endpoint === 'GET /users');
    expect(users).toMatchObject({ documented: true, exposed: true, observed: null });
    expect(users!.exposedBy.map((x) => [x.path, x.effective])).toEqual([
      ['/users', true],
      ['/{*}', false],
    ]);
    expect(users!.controls).toEqual({
      authentication: ['jwt'],
      authorization: [],
      rateLimits: ['rate-limiting 100 requests/minute by consumer'],
      sizeLimit: '1 MB',
      cors: null,
      logging: [],
      ai: [],
      requestValidation: 'on',
    });
  });

  it('describes defaults, disabled limits and unenforced rate limits', () => {
    const r = gateway({
      routes: [
        {
          controls: {
            sizeLimit: { maxBytes: null, origin: { scope: 'server', at: { file: 'gateway.yaml', pointer: '/x' } } },
            rateLimits: [{ kind: 'limit_req', unit: 'requests', enforced: false, notEnforcedWhy: 'dry run', origin: { scope: 'default', at: { file: 'gateway.yaml', pointer: '/y' } } }],
            cors: { origins: ['*'], credentials: true, origin: { scope: 'global', at: { file: 'gateway.yaml', pointer: '/z' } } },
          },
        },
      ],
    }).config.routes[0]!;
    const c = controlsInForce(r);
    expect(c.sizeLimit).toBe('disabled');
    expect(c.rateLimits).toEqual(['limit_req (not enforced: dry run) (default)']);
    expect(c.cors).toBe('* with credentials');
  });
});
