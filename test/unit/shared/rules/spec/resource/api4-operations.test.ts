import { describe, expect, it } from 'vitest';
import { lineOf, lines, run } from './resource-test-kit.js';

describe('spec.api4.pagination-unbounded', () => {
  const spec = `openapi: 3.0.3
info: {title: t, version: '1'}
components:
  parameters:
    PageSize:
      name: page_size
      in: query
      schema: {type: integer, format: int32, minimum: 1}
paths:
  /users:
    get:
      parameters:
        - $ref: '#/components/parameters/PageSize'
        - {name: limit, in: query, schema: {type: integer}}
      responses: {'200': {description: ok}}
  /orders:
    get:
      parameters:
        - $ref: '#/components/parameters/PageSize'
        - {name: limit, in: query, schema: {type: integer}}
        - {name: count, in: query, schema: {type: boolean}}
      responses: {'200': {description: ok}}
`;
  it('reports a shared page-size parameter once and groups inline copies, medium', () => {
    const found = run(spec, 'spec.api4.pagination-unbounded');
    expect(found).toHaveLength(2);
    const shared = found.find((f) => f.message.includes('page_size'))!;
    expect(shared.locations[0]!.line).toBe(lineOf(spec, '    PageSize:'));
    expect(shared.endpoints).toEqual(['GET /orders', 'GET /users']);
    expect(shared.severity).toBe('medium');
    const inline = found.find((f) => f.message.includes('"limit"'))!;
    expect(inline.message).toBe(
      'Parameter "limit" (query), declared in 2 operations, sets how many items a call returns but has no maximum, so one request can ask for everything.',
    );
    expect(inline.locations[0]!.line).toBe(lineOf(spec, '{name: limit'));
    expect(inline.endpoints).toEqual(['GET /orders', 'GET /users']);
  });
  it('is quiet with a maximum (and ignores boolean count flags)', () => {
    const fixed = spec.replace('minimum: 1}', 'minimum: 1, maximum: 100}').replaceAll("{name: limit, in: query, schema: {type: integer}}", "{name: limit, in: query, schema: {type: integer, maximum: 100}}");
    expect(run(fixed, 'spec.api4.pagination-unbounded')).toEqual([]);
  });
});

/** n operations without any 429. */
function ops(n: number, extra = ''): string {
  let out = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
`;
  for (let i = 0; i < n; i++)
    out += `  /r${i}:
    get:
      responses:
        '200': {description: ok}
${i === 0 ? extra : ''}`;
  return out;
}

describe('spec.api4.rate-limit-429', () => {
  it('reports once for the description when no operation documents 429', () => {
    const spec = ops(8);
    const found = run(spec, 'spec.api4.rate-limit-429');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, 'paths:'));
    expect(found[0]!.endpoints).toHaveLength(8);
    expect(found[0]!.occurrences).toBe(8);
    expect(found[0]!.message).toContain('No operation documents a 429 (Too Many Requests) response');
    expect(found[0]!.message).toContain('8 operations');
  });
  it('reports the few operations that lack it when the others have it', () => {
    const spec = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200': {description: ok}
        '429': {description: slow down, headers: {Retry-After: {schema: {type: integer}}}}
  /b:
    get:
      responses:
        '200': {description: ok}
`;
    const found = run(spec, 'spec.api4.rate-limit-429');
    expect(found).toHaveLength(1);
    expect(found[0]!.endpoints).toEqual(['GET /b']);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, '    get:', lineOf(spec, '  /b:')));
    expect(found[0]!.message).toBe('GET /b documents no 429 (Too Many Requests) response, although other operations do.');
    expect(run(spec.replace(/  \/b:[\s\S]*$/, ''), 'spec.api4.rate-limit-429')).toEqual([]);
  });
});

describe('spec.api4.rate-limit-retry-after', () => {
  const spec = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200': {description: ok}
        '429': {$ref: '#/components/responses/TooMany'}
  /b:
    get:
      responses:
        '200': {description: ok}
        '429': {$ref: '#/components/responses/TooMany'}
components:
  responses:
    TooMany:
      description: slow down
`;
  it('reports a shared 429 response without Retry-After once, at the component', () => {
    const found = run(spec, 'spec.api4.rate-limit-retry-after');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, '    TooMany:'));
    expect(found[0]!.endpoints).toEqual(['GET /a', 'GET /b']);
    expect(found[0]!.message).toContain('documents no Retry-After header');
  });
  it('is quiet with Retry-After', () => {
    const fixed = spec + '      headers:\n        Retry-After: {schema: {type: integer}}\n';
    expect(run(fixed, 'spec.api4.rate-limit-retry-after')).toEqual([]);
  });
});

describe('spec.api4.rate-limit-headers', () => {
  it('reports once per description, not once per response', () => {
    const spec = ops(3).replace("'200': {description: ok}", "'200': {description: ok}\n        '201': {description: ok}");
    const found = run(spec, 'spec.api4.rate-limit-headers');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('No successful response documents a RateLimit or X-RateLimit-* header (3 operations)');
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, 'paths:'));
  });
  it('is quiet when every operation documents them', () => {
    const spec = ops(2).replaceAll(
      "'200': {description: ok}",
      "'200': {description: ok, headers: {X-RateLimit-Remaining: {schema: {type: integer}}}}",
    );
    expect(run(spec, 'spec.api4.rate-limit-headers')).toEqual([]);
  });
});

describe('spec.api4.expensive-operation', () => {
  const spec = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /avatar:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
      responses: {'200': {description: ok}}
  /otp/send:
    post:
      responses: {'202': {description: sent}}
  /items:
    post:
      responses: {'201': {description: ok}}
`;
  it('flags uploads and paid side effects, naming what makes them expensive', () => {
    const found = run(spec, 'spec.api4.expensive-operation');
    expect(found.map((f) => f.endpoints[0])).toEqual(['POST /avatar', 'POST /otp/send']);
    expect(lines(found)).toEqual([lineOf(spec, '    post:', lineOf(spec, '/avatar:')), lineOf(spec, '    post:', lineOf(spec, '/otp/send:'))]);
    expect(found[0]!.message).toBe(
      'POST /avatar is a file upload (multipart/form-data, file field "file") with no size cap, and documents no 429 response: give it a stricter limit than ordinary calls.',
    );
    expect(found[1]!.message).toContain('paid or abusable side effect (otp');
    expect(found[0]!.confidence).toBe('candidate');
  });
  it('is quiet when the upload is capped and a 429 is documented', () => {
    const fixed = spec
      .replace('format: binary}', 'format: binary, maxLength: 1048576}')
      .replaceAll("responses: {'200': {description: ok}}", "responses: {'200': {description: ok}, '429': {description: slow down}}")
      .replace("responses: {'202': {description: sent}}", "responses: {'202': {description: sent}, '429': {description: slow down}}");
    expect(run(fixed, 'spec.api4.expensive-operation')).toEqual([]);
  });
  it('finds a file field nested in a referenced allOf component, and not in a JSON body without one', () => {
    const nested = `openapi: 3.0.3
info: {title: t, version: '1'}
components:
  schemas:
    Meta:
      type: object
      properties: {title: {type: string}}
    Upload:
      allOf:
        - $ref: '#/components/schemas/Meta'
        - type: object
          properties:
            document:
              type: object
              properties:
                content: {type: string, format: binary}
paths:
  /documents:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Upload'}
      responses: {'201': {description: ok}}
  /notes:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Meta'}
      responses: {'201': {description: ok}}
`;
    const found = run(nested, 'spec.api4.expensive-operation');
    expect(found.map((f) => f.endpoints[0])).toEqual(['POST /documents']);
    expect(found[0]!.message).toContain('file upload (file field "content") with no size cap');
  });
});
