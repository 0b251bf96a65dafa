import { describe, expect, it } from 'vitest';
import { audit, lineOf, lines, run } from './resource-test-kit.js';

describe('spec.api8.server-http', () => {
  const spec = `openapi: 3.0.3
info: {title: t, version: '1'}
servers:
  - url: http://api.example.com/v1
    description: Production
  - url: http://localhost:8080
    description: Local development
paths:
  /a:
    get:
      responses: {'200': {description: ok}}
  /b:
    servers:
      - url: http://files.example.com
    get:
      responses: {'200': {description: ok}}
`;
  it('flags plain-HTTP servers (root and path level) with the endpoints that use them, not localhost', () => {
    const found = run(spec, 'spec.api8.server-http');
    expect(lines(found)).toEqual([lineOf(spec, 'http://api.example.com'), lineOf(spec, 'http://files.example.com')]);
    const root = found.find((f) => f.message.includes('api.example.com'))!;
    expect(root.endpoints).toEqual(['GET /a']);
    expect(root.message).toBe('Server http://api.example.com/v1 is plain HTTP (used by GET /a).');
    expect(root.severity).toBe('high');
    expect(root.controls).toContain('GDPR-32(1)(a)');
    // localhost is reported by API9 as a developer machine instead
    expect(run(spec, 'spec.api9.non-production-server').some((f) => f.message.includes('localhost'))).toBe(true);
  });
  it('is quiet on https', () => {
    expect(run(spec.replaceAll('http://api', 'https://api').replace('http://files', 'https://files'), 'spec.api8.server-http')).toEqual([]);
  });
});

describe('spec.api8.scheme-http (Swagger 2.0)', () => {
  const spec = `swagger: '2.0'
info: {title: t, version: '1'}
host: api.example.com
basePath: /v1
schemes: [https, http]
paths:
  /a:
    get:
      responses: {'200': {description: ok}}
  /b:
    get:
      schemes: [http]
      responses: {'200': {description: ok}}
`;
  it('flags http in root and operation schemes', () => {
    const found = run(spec, 'spec.api8.scheme-http');
    expect(found).toHaveLength(2);
    const root = found.find((f) => f.message.startsWith('The API'))!;
    expect(root.locations[0]!.line).toBe(lineOf(spec, 'schemes: [https, http]'));
    expect(root.endpoints).toEqual(['GET /a']);
    expect(root.message).toBe('The API is offered over plain http at api.example.com (schemes lists "http").');
    const op = found.find((f) => f.message.startsWith('GET /b'))!;
    expect(op.locations[0]!.line).toBe(lineOf(spec, 'schemes: [http]'));
    expect(op.equivalents).toEqual(['owasp:api8:2023-no-scheme-http']);
  });
  it('is quiet with https only', () => {
    expect(run(spec.replace('schemes: [https, http]', 'schemes: [https]').replace('      schemes: [http]\n', ''), 'spec.api8.scheme-http')).toEqual([]);
  });
});

/** A secured API with `n` operations; `responses` is the responses block of each. */
function secured(n: number, responses: string): string {
  let out = `openapi: 3.0.3
info: {title: t, version: '1'}
security: [{bearer: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
paths:
`;
  for (let i = 0; i < n; i++)
    out += `  /r${i}/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
      responses:
${responses}`;
  return out;
}
const OK = "        '200': {description: ok}\n";

describe('missing error responses', () => {
  it('spec.api8.missing-auth-errors: one aggregated finding listing the count and endpoints', () => {
    const spec = secured(7, OK);
    const found = run(spec, 'spec.api8.missing-auth-errors');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, 'paths:'));
    expect(found[0]!.endpoints).toHaveLength(7);
    expect(found[0]!.message).toContain('None of the 7 secured operations documents a 401 or 403 response');
    expect(run(secured(7, OK + "        '401': {description: no}\n"), 'spec.api8.missing-auth-errors')).toEqual([]);
  });
  it('spec.api8.missing-auth-errors: per operation when only a few lack it', () => {
    const spec = secured(3, OK + "        '403': {description: no}\n") + `  /z:\n    get:\n      responses:\n${OK}`;
    const found = run(spec, 'spec.api8.missing-auth-errors');
    expect(found).toHaveLength(1);
    expect(found[0]!.endpoints).toEqual(['GET /z']);
    expect(found[0]!.message).toBe('GET /z requires credentials but documents no 401 or 403 response.');
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, '    get:', lineOf(spec, '  /z:')));
  });
  it('spec.api8.missing-500', () => {
    const found = run(secured(2, OK), 'spec.api8.missing-500');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('None of the 2 operations documents a 500 (or 5XX) response');
    expect(run(secured(2, OK + "        5XX: {description: failed}\n"), 'spec.api8.missing-500')).toEqual([]);
  });
  it('spec.api8.missing-validation-error: only operations that take input', () => {
    const spec = secured(2, OK + "        default: {description: error}\n") + `  /plain:\n    get:\n      responses:\n${OK}`;
    const found = run(spec, 'spec.api8.missing-validation-error');
    expect(found).toHaveLength(1);
    expect(found[0]!.endpoints).toEqual(['GET /r0/{id}', 'GET /r1/{id}']);
    expect(found[0]!.message).toContain('None of the 2 input-taking operations documents a 400, 422 or 4XX response (all of them only describe errors through a generic `default` response)');
    expect(run(secured(2, OK + "        '422': {description: invalid}\n"), 'spec.api8.missing-validation-error')).toEqual([]);
  });
  it('spec.api8.cors-origin-undocumented: once per description', () => {
    const found = run(secured(4, OK), 'spec.api8.cors-origin-undocumented');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('info');
    expect(found[0]!.message).toContain('No response documents an Access-Control-Allow-Origin header');
    const documented = secured(4, "        '200':\n          description: ok\n          headers:\n            Access-Control-Allow-Origin: {schema: {type: string}}\n");
    expect(run(documented, 'spec.api8.cors-origin-undocumented')).toEqual([]);
  });
});

describe('spec.api8.error-internals', () => {
  const spec = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200': {description: ok}
        '500': {description: failed, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
  /b:
    get:
      responses:
        '200': {description: ok}
        '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
components:
  schemas:
    Error:
      type: object
      properties:
        message: {type: string}
        stackTrace: {type: string}
        sql: {type: string}
`;
  it('reports an error schema with stack trace / SQL fields once, with every operation that returns it', () => {
    const found = run(spec, 'spec.api8.error-internals');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, '    Error:'));
    expect(found[0]!.endpoints).toEqual(['GET /a', 'GET /b']);
    expect(found[0]!.message).toBe('Error schema "Error" has properties `stackTrace` and `sql` that expose implementation details to clients.');
  });
  it('is quiet on a generic error schema, and on the same fields in success responses', () => {
    const fixed = spec.replace('        stackTrace: {type: string}\n        sql: {type: string}\n', '        correlationId: {type: string}\n');
    expect(run(fixed, 'spec.api8.error-internals')).toEqual([]);
    expect(run(spec.replaceAll("'500'", "'201'").replace("'400'", "'202'"), 'spec.api8.error-internals')).toEqual([]);
  });
});

describe('spec.api8.trace-method and spec.api8.wildcard-content-type', () => {
  const spec = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /echo:
    trace:
      responses: {'200': {description: ok}}
    post:
      requestBody:
        content:
          '*/*': {schema: {type: string, maxLength: 10}}
      responses: {'200': {description: ok}}
`;
  it('flags TRACE operations and */* content', () => {
    const all = audit(spec);
    const trace = all.filter((f) => f.ruleId === 'spec.api8.trace-method');
    expect(trace).toHaveLength(1);
    expect(trace[0]!.locations[0]!.line).toBe(lineOf(spec, '    trace:'));
    expect(trace[0]!.message).toContain('TRACE /echo is documented');
    const wild = all.filter((f) => f.ruleId === 'spec.api8.wildcard-content-type');
    expect(wild).toHaveLength(1);
    expect(wild[0]!.locations[0]!.line).toBe(lineOf(spec, "'*/*'"));
    expect(wild[0]!.message).toBe('POST /echo declares */* as the content type of its request body.');
  });
  it('is quiet without them', () => {
    const fixed = spec.replace("    trace:\n      responses: {'200': {description: ok}}\n", '').replace("'*/*'", 'text/plain');
    expect(run(fixed, 'spec.api8.trace-method')).toEqual([]);
    expect(run(fixed, 'spec.api8.wildcard-content-type')).toEqual([]);
  });
});
