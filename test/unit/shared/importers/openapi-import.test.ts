import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../../shared/importers/import-error.js';
import { importOpenApi } from '../../../../shared/importers/openapi/index.js';
import { auditFiles, auditSpec, findingsOf } from '../../helpers/audit-spec.js';

const fixtures = path.resolve(import.meta.dirname, '../../../fixtures/specs');

function folderAccess(root: string) {
  return {
    readText(rel: string) {
      try {
        return readFileSync(path.join(root, rel), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

const minimal = (extra = '') => `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /users/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/User"}
components:
  schemas:
    User:
      type: object
      properties:
        name: {type: string, maxLength: 100}
${extra}`;

describe('OpenAPI import', () => {
  it('reads Swagger 2.0, OpenAPI 3.0 and 3.1 fixtures into operations', () => {
    const cases: [string, string, number][] = [
      ['pixi-swagger.json', '2.0', 20],
      ['vampi-openapi3.yml', '3.0', 13],
      ['vulnyoga-openapi.yaml', '3.1', 0],
    ];
    for (const [file, version, minOps] of cases) {
      const { model } = importOpenApi(file, folderAccess(fixtures));
      expect(model.version, file).toBe(version);
      expect(model.operations.length, file).toBeGreaterThan(minOps);
    }
  });

  it('resolves the DigitalOcean multi-file spec across hundreds of files', () => {
    const root = path.join(fixtures, 'digitalocean/specification');
    const { model, sources } = importOpenApi('DigitalOcean-public.v2.yaml', folderAccess(root));
    expect(model.operations.length).toBe(659);
    expect(model.files.length).toBeGreaterThan(1000);
    expect(model.problems.filter((p) => p.kind !== 'schema-violation')).toEqual([]);
    const create = model.operations.find((o) => o.endpoint === 'POST /v2/droplets')!;
    expect(create.at.file).toBe('resources/droplets/droplets_create.yml');
    const loc = sources.locate(create.responses.find((r) => r.status === '401')!.at);
    expect(loc.file).toBe('shared/responses/unauthorized.yml');
    expect(loc.line).toBe(1);
  });

  it('points locations inside a $ref component at the component and lists every operation that uses it', () => {
    const spec = minimal().replace('paths:\n', 'paths:\n  /a:\n    get:\n      responses:\n        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}\n');
    const { model, sources } = importOpenApi('api.yaml', { readText: (p) => (p === 'api.yaml' ? spec : undefined) });
    const user = model.schemas.find((s) => s.componentName === 'User')!;
    expect(user.usage.map((u) => u.endpoint).sort()).toEqual(['GET /a', 'GET /users/{id}']);
    const loc = sources.locate(user.at);
    expect(loc).toMatchObject({ file: 'api.yaml', pointer: '/components/schemas/User' });
    expect(spec.split('\n')[loc.line - 1]).toMatch(/^ {4}User:/);
  });

  it('computes effective security: root default, operation override, anonymous alternative', () => {
    const spec = `openapi: 3.0.3
info: {title: T, version: "1"}
security: [{key: []}]
paths:
  /a: {get: {responses: {"200": {description: ok}}}}
  /b: {get: {security: [], responses: {"200": {description: ok}}}}
  /c: {get: {security: [{}, {key: []}], responses: {"200": {description: ok}}}}
components: {securitySchemes: {key: {type: apiKey, in: header, name: X-Key}}}
`;
    const { model } = importOpenApi('api.yaml', { readText: () => spec });
    const auth = Object.fromEntries(model.operations.map((o) => [o.path, [o.auth, o.securitySource]]));
    expect(auth).toEqual({ '/a': ['required', 'root'], '/b': ['none', 'operation'], '/c': ['optional', 'operation'] });
  });

  it('never follows network references and reports each as a finding', () => {
    const spec = minimal().replace('name: {type: string, maxLength: 100}', 'name: {$ref: "https://example.com/schemas/name.json"}');
    let asked: string[] = [];
    const findings = auditFiles({ 'api.yaml': spec }, 'api.yaml');
    const external = findingsOf(findings, 'spec.refs.external');
    expect(external).toHaveLength(1);
    expect(external[0]!.message).toContain('https://example.com/schemas/name.json');
    expect(external[0]!.locations[0]!.line).toBe(19);
    // The importer asked the file access only for the root file.
    asked = [];
    importOpenApi('api.yaml', { readText: (p) => (asked.push(p), p === 'api.yaml' ? spec : undefined) });
    expect(asked).toEqual(['api.yaml']);
  });

  it('does not read files outside the chosen folder and reports the reference', () => {
    const spec = minimal().replace('name: {type: string, maxLength: 100}', 'name: {$ref: "../secrets/x.yaml"}');
    const asked: string[] = [];
    const files = { 'api.yaml': spec };
    const { model } = importOpenApi('api.yaml', { readText: (p) => (asked.push(p), files[p as keyof typeof files]) });
    expect(asked).toEqual(['api.yaml']);
    expect(model.problems.map((p) => p.kind)).toEqual(['outside-ref']);
  });

  it('follows relative references between files of the folder', () => {
    const files = {
      'api.yaml': minimal().replace('name: {type: string, maxLength: 100}', 'name: {$ref: "models/name.yaml"}'),
      'models/name.yaml': 'type: string\nmaxLength: 10\n',
    };
    const { model } = importOpenApi('api.yaml', { readText: (p) => files[p as keyof typeof files] });
    const name = model.schemas.find((s) => s.at.file === 'models/name.yaml')!;
    expect(name.node).toEqual({ type: 'string', maxLength: 10 });
    expect(name.usage).toEqual([{ endpoint: 'GET /users/{id}', direction: 'response' }]);
    expect(model.files.sort()).toEqual(['api.yaml', 'models/name.yaml']);
  });

  it('handles circular schemas and reference loops without hanging', () => {
    const spec = minimal(`    Node:
      type: object
      properties:
        child: {$ref: "#/components/schemas/Node"}
    LoopA: {$ref: "#/components/schemas/LoopB"}
    LoopB: {$ref: "#/components/schemas/LoopA"}
`);
    const { model } = importOpenApi('api.yaml', { readText: () => spec });
    const node = model.schemas.find((s) => s.componentName === 'Node')!;
    expect(node.properties[0]!.schema).toBe(node);
    expect(model.problems.some((p) => p.kind === 'unresolved-ref' && /loop/.test(p.message))).toBe(true);
  });

  it('audits a document that breaks the OpenAPI schema and reports each structural problem where it is', () => {
    const spec = `openapi: 3.0.3
info:
  version: "1"
paths:
  /a:
    get:
      summry: typo
      responses:
        "200": {description: ok}
`;
    const findings = findingsOf(auditSpec(spec), 'spec.structure.invalid');
    expect(findings.map((f) => [f.message, f.locations[0]!.line])).toEqual(
      expect.arrayContaining([
        ['info is missing the required field "title"', 2],
        ['operation has a field "summry" that OpenAPI 3.0 does not define', 7],
      ]),
    );
  });

  it('refuses a document that is not an API description, naming the file', () => {
    expect(() => importOpenApi('pkg.json', { readText: () => '{"name": "x", "version": "1"}' })).toThrow(
      /pkg\.json: not an API description: no top-level "openapi" or "swagger" field \(found: name, version\)/,
    );
    expect(() => importOpenApi('old.json', { readText: () => '{"swaggerVersion": "1.2"}' })).toThrow(ImportError);
    expect(() => importOpenApi('v1.json', { readText: () => '{"swagger": "1.2"}' })).toThrow(/unsupported version "1.2"/);
  });

  it('reports a broken $ref target file with its own name and line', () => {
    const files = {
      'api.yaml': minimal().replace('name: {type: string, maxLength: 100}', 'name: {$ref: "bad.yaml"}'),
      'bad.yaml': 'type: string\n  bad: indent\n',
    };
    expect(() => importOpenApi('api.yaml', { readText: (p) => files[p as keyof typeof files] })).toThrow(/^bad\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('keeps fixtures small enough to ship (sanity check on the copied corpus)', () => {
    const total = readdirSync(fixtures).reduce((n, f) => n + (statSync(path.join(fixtures, f)).isFile() ? statSync(path.join(fixtures, f)).size : 0), 0);
    expect(total).toBeLessThan(2_000_000);
  });
});
