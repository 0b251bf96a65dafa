import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatehouse, tempDir, writeFiles } from './run-cli.js';

/** The shop API: three documented operations behind the server base path /v2. */
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
      operationId: listOrders
      responses:
        "200": {description: ok}
        "429": {description: slow down}
  /orders/{orderId}:
    get:
      operationId: getOrder
      parameters:
        - {name: orderId, in: path, required: true, schema: {type: string}}
      responses: {"200": {description: ok}}
  /reports:
    get:
      operationId: listReports
      responses: {"200": {description: ok}}
`;

/** Its Kong gateway: /v2/orders (a prefix route), /v2/orders/{id} with GET and an undocumented DELETE, an undocumented admin route. */
const KONG = `_format_version: "3.0"
services:
  - name: shop
    url: https://orders.internal:8443
    routes:
      - name: orders
        paths: [/v2/orders]
        methods: [GET]
        protocols: [https]
      - name: order
        paths: ['~/v2/orders/(?<id>[^/]+)$']
        methods: [GET, DELETE]
        protocols: [https]
        plugins:
          - name: rate-limiting
            config: {minute: 60}
      - name: admin
        paths: [/v2/admin]
        protocols: [https]
    plugins:
      - name: jwt
        config: {claims_to_verify: [exp], uri_param_names: []}
      - name: cors
        config: {origins: ['*'], credentials: true}
`;

interface InventoryJson {
  tool: { name: string };
  workspace: string;
  run: { id: number; startedAt: string };
  sources: { specs: { file: string }[]; gateways: { file: string; product: string; routes: number }[]; traffic: unknown[] };
  counts: Record<string, number | null>;
  links: { spec: string; gateway: string; api?: string; sharedEndpoints: number }[];
  endpoints: {
    endpoint: string;
    documented: boolean;
    exposed: boolean;
    observed: unknown;
    documentedBy: { spec: string; operationId: string | null }[];
    exposedBy: { gateway: string; route: string; path: string; match: string; basePath: string | null; effective: boolean }[];
    controls: { authentication: string[]; rateLimits: string[]; sizeLimit: string | null; cors: string | null; logging: string[] } | null;
  }[];
  problems: string[];
}

let dir: string;
let ws: string;
beforeAll(() => {
  dir = tempDir();
  ws = path.join(dir, 'audit.gatehouse');
  writeFiles(dir, { 'api.yaml': SPEC, 'kong.yaml': KONG });
  const audit = gatehouse(['audit', path.join(dir, 'api.yaml'), path.join(dir, 'kong.yaml'), '--workspace', ws, '--format', 'json', '--no-progress']);
  expect(audit.code, audit.stderr).toBe(0);
  const ids = (JSON.parse(audit.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
  // The cross rules ran on the same join: the admin route and DELETE are shadows, /reports is not routed.
  expect(ids).toContain('cross.inventory.shadow-route');
  expect(ids).toContain('cross.inventory.orphan-documentation');
  expect(ids).toContain('cross.limits.promised-rate-limit-missing');
});

describe('gatehouse inventory', () => {
  it('prints the JSON inventory of the latest run: flags, who documents and exposes, controls in force', () => {
    const r = gatehouse(['inventory', '--workspace', ws, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as InventoryJson;
    expect(out.tool.name).toBe('gatehouse');
    expect(out.run.id).toBe(1);
    expect(out.sources.specs.map((s) => s.file)).toEqual(['api.yaml']);
    expect(out.sources.gateways).toEqual([{ file: 'kong.yaml', product: 'kong', format: 'deck-3.0', routes: 3 }]);
    expect(out.sources.traffic).toEqual([]);
    expect(out.counts).toEqual({ endpoints: 5, documented: 3, exposed: 4, documentedAndExposed: 2, undocumented: 2, unrouted: 1, observed: null });
    expect(out.links).toEqual([{ spec: 'api.yaml', gateway: 'kong.yaml', api: 'shop', sharedEndpoints: 2, sharedHosts: [] }]);
    const byEndpoint = new Map(out.endpoints.map((e) => [e.endpoint, e]));
    expect([...byEndpoint.keys()]).toEqual(['GET /orders', 'GET /orders/{orderId}', 'GET /reports', '* /v2/admin/{*}', 'DELETE /v2/orders/{id}']);

    const order = byEndpoint.get('GET /orders/{orderId}')!;
    expect(order).toMatchObject({ documented: true, exposed: true, observed: null, documentedBy: [{ spec: 'api.yaml', operationId: 'getOrder' }] });
    // The /v2/orders prefix route also reaches it, but Kong picks the more specific regex route.
    expect(order.exposedBy.map((x) => [x.route, x.match, x.basePath, x.effective])).toEqual([
      ['orders', 'prefix', '/v2', false],
      ['order', 'exact', '/v2', true],
    ]);
    expect(order.controls).toMatchObject({ authentication: ['jwt'], rateLimits: ['rate-limiting 60 requests/minute by consumer'], sizeLimit: null, cors: '* with credentials', logging: [] });
    expect(byEndpoint.get('GET /orders')!.controls!.rateLimits).toEqual([]);

    expect(byEndpoint.get('GET /reports')).toMatchObject({ documented: true, exposed: false, exposedBy: [], controls: null });
    expect(byEndpoint.get('DELETE /v2/orders/{id}')).toMatchObject({ documented: false, exposed: true, documentedBy: [] });
    expect(byEndpoint.get('* /v2/admin/{*}')!.exposedBy[0]).toMatchObject({ route: 'admin', match: 'none', effective: true });
    expect(out.problems).toEqual([]);
  });

  it('prints a table with documented / exposed / observed columns and the controls', () => {
    const r = gatehouse(['inventory', '--workspace', ws]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toBe('Specs: api.yaml (3 operations). Gateways: kong.yaml (kong, 3 routes). Traffic: none.');
    expect(lines[2]).toBe('5 endpoints: 3 documented, 4 exposed, 2 both, 2 exposed but undocumented, 1 documented but not routed.');
    const header = lines.find((l) => l.startsWith('ENDPOINT'))!;
    for (const column of ['DOC', 'EXP', 'OBS', 'AUTH', 'RATE LIMIT', 'SIZE', 'CORS', 'LOGGING']) expect(header).toContain(column);
    const order = lines.find((l) => l.startsWith('GET /orders/{orderId}'))!;
    expect(order).toMatch(/^GET \/orders\/\{orderId\}\s+yes\s+yes\s+jwt\s+rate-limiting 60 requests\/m.*\s+none\s+\* with credentials\s+none$/);
    expect(lines.find((l) => l.startsWith('GET /reports'))).toMatch(/^GET \/reports\s+yes\s+-$/);
  });

  it('writes CSV with one row per endpoint', () => {
    const r = gatehouse(['inventory', '--workspace', ws, '--format', 'csv']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe('method,path,documented,exposed,observed,documented_by,exposed_by,authentication,authorization,rate_limits,size_limit,cors,logging,ai,request_validation');
    expect(rows).toHaveLength(6);
    expect(rows).toContain('GET,/reports,true,false,,api.yaml#listReports,,,,,,,,,');
    expect(rows.find((row) => row.startsWith('DELETE,'))).toBe('DELETE,/v2/orders/{id},false,true,,,kong.yaml: order GET|DELETE /v2/orders/{id},jwt,,rate-limiting 60 requests/minute by consumer,none,* with credentials,none,,');
  });

  it('refuses a missing workspace, a workspace without runs, an unknown run and an unknown format', () => {
    const missing = gatehouse(['inventory', '--workspace', path.join(dir, 'nope.gatehouse')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
    const empty = path.join(dir, 'empty.gatehouse');
    expect(gatehouse(['init', empty, '--name', 'x']).code).toBe(0);
    const none = gatehouse(['inventory', '--workspace', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no audit run');
    const run = gatehouse(['inventory', '--workspace', ws, '--run', '7']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--run must name a run of this workspace (runs: 1; got "7")');
    const format = gatehouse(['inventory', '--workspace', ws, '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be one of table, json, csv');
    expect(gatehouse(['inventory', '--workspace']).code).toBe(2);
  });

  it('joins the traffic of the run: observed counts per endpoint, the log named among the sources, exit 0', () => {
    const logDir = tempDir();
    const lines: string[] = [];
    for (let i = 0; i < 12; i++)
      lines.push(`198.51.100.${i % 3} - - [10/Oct/2026:13:55:${String(i).padStart(2, '0')} +0000] "GET /v2/orders/${1000 + i} HTTP/1.1" 200 512 "-" "shop-app/2.1"`);
    lines.push('198.51.100.9 - - [10/Oct/2026:13:56:00 +0000] "GET /v2/orders HTTP/1.1" 200 2048 "-" "shop-app/2.1"');
    writeFiles(logDir, { 'api.yaml': SPEC, 'kong.yaml': KONG, 'access.log': lines.join('\n') + '\n' });
    const trafficWs = path.join(logDir, 'traffic.gatehouse');
    const audit = gatehouse(['audit', path.join(logDir, 'api.yaml'), path.join(logDir, 'kong.yaml'), path.join(logDir, 'access.log'), '--workspace', trafficWs, '--format', 'json', '--no-progress']);
    expect([0, 1]).toContain(audit.code);

    const json = gatehouse(['inventory', '--workspace', trafficWs, '--format', 'json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as InventoryJson;
    expect(out.sources.traffic).toEqual([{ file: 'access.log', requests: 13, firstSeen: '2026-10-10T13:55:00.000Z', lastSeen: '2026-10-10T13:56:00.000Z' }]);
    const byEndpoint = new Map(out.endpoints.map((e) => [e.endpoint, e]));
    expect(byEndpoint.get('GET /orders/{orderId}')!.observed).toMatchObject({ requests: 12 });
    expect(byEndpoint.get('GET /orders')!.observed).toMatchObject({ requests: 1 });
    expect(byEndpoint.get('GET /reports')!.observed).toBeNull();

    const table = gatehouse(['inventory', '--workspace', trafficWs]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[1]).toBe('Specs: api.yaml (3 operations). Gateways: kong.yaml (kong, 3 routes). Traffic: access.log (13 requests).');
    expect(table.stdout).toMatch(/^GET \/orders\/\{orderId\}\s+yes\s+yes\s+12\s+jwt/m);
  });

  it('is listed in the command overview and has --help', () => {
    expect(gatehouse(['--help']).stdout).toMatch(/inventory\s+list endpoints/);
    const help = gatehouse(['inventory', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: gatehouse inventory --workspace FILE');
  });
});
