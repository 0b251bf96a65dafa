import { describe, expect, it } from 'vitest';
import { audit, lineOf, lines, run } from './resource-test-kit.js';

/** Three operations share `Pet` in their request bodies; responses use `PetView` only. */
const SHARED = `openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /pets:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/PetView'}
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
    put:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '200': {description: ok}
    patch:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '200': {description: ok}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
        nickname: {type: string}
        born: {type: string, format: date}
        seen: {type: string, format: date-time}
        owner: {type: string, format: uuid}
        contact: {type: string, format: email}
        kind: {type: string, enum: [cat, dog]}
        neutered: {type: boolean}
        code: {type: string, pattern: '^[A-Z]{2,8}$'}
        id: {type: string, readOnly: true}
        tags: {type: array, items: {type: string, maxLength: 20, pattern: '^[a-z]+$'}}
        age: {type: integer}
        weight: {type: integer, format: int32, minimum: 0}
        legs: {type: integer, minimum: 0, maximum: 8}
    PetView:
      type: object
      properties:
        description: {type: string}
        photos: {type: array, items: {type: string}}
        visits: {type: integer}
`;

describe('spec.api4.string-limit', () => {
  it('reports a shared request schema once, listing its unbounded strings, with every endpoint that sends it', () => {
    const found = run(SHARED, 'spec.api4.string-limit');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.locations[0]!.line).toBe(lineOf(SHARED, '    Pet:'));
    expect(f.endpoints).toEqual(['PATCH /pets/{id}', 'POST /pets', 'PUT /pets/{id}']);
    expect(f.occurrences).toBe(2);
    expect(f.message).toContain('Schema "Pet" accepts 2 string fields without maxLength, enum or const: `name` and `nickname`');
    expect(f.severity).toBe('low');
    expect(f.equivalents).toContain('owasp:api4:2023-string-limit');
    // the flagged properties are extra locations
    expect(f.locations.slice(1).map((l) => l.line)).toEqual([lineOf(SHARED, '        name:'), lineOf(SHARED, '        nickname:')]);
  });

  it('does not ask format: date / date-time / uuid / email strings, enums, booleans or bounding patterns for maxLength', () => {
    const msg = run(SHARED, 'spec.api4.string-limit')[0]!.message;
    for (const name of ['born', 'seen', 'owner', 'contact', 'kind', 'neutered', 'code']) expect(msg).not.toContain(`\`${name}\``);
  });

  it('ignores response-only schemas and read-only properties', () => {
    const all = audit(SHARED);
    expect(all.some((f) => f.message.includes('PetView'))).toBe(false);
    expect(all.some((f) => f.ruleId.startsWith('spec.api4.') && f.message.includes('`id`'))).toBe(false);
  });

  it('is quiet once the strings are bounded', () => {
    const fixed = SHARED.replace('name: {type: string}', 'name: {type: string, maxLength: 64}').replace(
      'nickname: {type: string}',
      'nickname: {type: string, maxLength: 64}',
    );
    expect(run(fixed, 'spec.api4.string-limit')).toEqual([]);
  });

  it('groups the same inline parameter copied into several operations', () => {
    const spec = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses: {'200': {description: ok}}
  /b:
    get:
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses: {'200': {description: ok}}
`;
    const found = run(spec, 'spec.api4.string-limit');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('Parameter "q" (query), declared in 2 operations, is a string field without maxLength');
    expect(found[0]!.endpoints).toEqual(['GET /a', 'GET /b']);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, '- {name: q'));
  });

  it('leaves path parameters to the URL length limit', () => {
    expect(run(SHARED.replace('format: uuid}}', '}}'), 'spec.api4.string-limit').every((f) => !f.message.includes('"id" (path)'))).toBe(true);
  });
});

describe('spec.api4.string-restricted', () => {
  it('lists strings with no pattern, format, enum or const', () => {
    const found = run(SHARED, 'spec.api4.string-restricted');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('`name` and `nickname`');
    expect(found[0]!.locations[0]!.line).toBe(lineOf(SHARED, '    Pet:'));
    expect(found[0]!.endpoints).toHaveLength(3);
  });
  it('is quiet when every request string has a format, pattern or enum', () => {
    const fixed = SHARED.replace('name: {type: string}', () => "name: {type: string, pattern: '^[a-z ]{1,64}$'}").replace(
      'nickname: {type: string}',
      () => "nickname: {type: string, pattern: '^[a-z ]{1,64}$'}",
    );
    expect(run(fixed, 'spec.api4.string-restricted')).toEqual([]);
  });
});

describe('spec.api4.array-limit', () => {
  const spec = `openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /batch:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                ids: {type: array, items: {type: string, format: uuid}}
                flags: {type: array, uniqueItems: true, items: {type: string, enum: [a, b]}}
      responses: {'200': {description: ok}}
`;
  it('reports request arrays without maxItems (not enum sets that must be unique)', () => {
    const found = run(spec, 'spec.api4.array-limit');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toBe('Request body of POST /batch accepts 1 array field without maxItems: `ids` (sent by POST /batch).');
    // an inline body schema is located at its `schema:` key
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, '            schema:'));
    expect(found[0]!.endpoints).toEqual(['POST /batch']);
  });
  it('is quiet with maxItems', () => {
    expect(run(spec.replace('ids: {type: array,', 'ids: {type: array, maxItems: 100,'), 'spec.api4.array-limit')).toEqual([]);
  });
});

describe('spec.api4.integer-limit and integer-format', () => {
  it('reports missing bounds and widths per owner, with what is missing', () => {
    const limit = run(SHARED, 'spec.api4.integer-limit');
    expect(limit).toHaveLength(1);
    expect(limit[0]!.message).toContain('`age` (no minimum or maximum) and `weight` (no maximum)');
    expect(limit[0]!.equivalents).toEqual(['owasp:api4:2023-integer-limit', 'owasp:api4:2023-integer-limit-legacy']);
    const format = run(SHARED, 'spec.api4.integer-format');
    expect(format).toHaveLength(1);
    expect(format[0]!.message).toContain('1 integer field without format int32/int64: `age`');
    expect(format[0]!.locations[0]!.line).toBe(lineOf(SHARED, '    Pet:'));
  });

  it('accepts OAS 3.1 numeric exclusive bounds and OAS 3.0 boolean ones next to a bound', () => {
    const v31 = `openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /q:
    get:
      parameters:
        - {name: n, in: query, schema: {type: integer, format: int64, exclusiveMinimum: 0, exclusiveMaximum: 1000}}
      responses: {'200': {description: ok}}
`;
    expect(run(v31, 'spec.api4.integer-limit')).toEqual([]);
    const v30 = v31
      .replace('openapi: 3.1.0', 'openapi: 3.0.3')
      .replace('exclusiveMinimum: 0, exclusiveMaximum: 1000', 'minimum: 0, exclusiveMinimum: true, maximum: 1000, exclusiveMaximum: true');
    expect(run(v30, 'spec.api4.integer-limit')).toEqual([]);
    // A boolean exclusiveMaximum alone is no bound (the legacy form Spectral checks separately).
    const legacyOnly = v30.replace('maximum: 1000, exclusiveMaximum: true', 'exclusiveMaximum: true');
    const found = run(legacyOnly, 'spec.api4.integer-limit');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('Parameter "n" (query) is an integer field without a full range (no maximum)');
  });

  it('is quiet on bounded integers', () => {
    const fixed = SHARED.replace('age: {type: integer}', 'age: {type: integer, minimum: 0, maximum: 40}').replace(
      'weight: {type: integer, format: int32, minimum: 0}',
      'weight: {type: integer, format: int32, minimum: 0, maximum: 200}',
    );
    expect(run(fixed, 'spec.api4.integer-limit')).toEqual([]);
    expect(run(fixed, 'spec.api4.integer-format')).toEqual([]);
  });
});

describe('inline request bodies', () => {
  it('groups identical inline bodies across operations into one finding', () => {
    const body = `      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                expand: {type: array, items: {type: string, maxLength: 10, pattern: '^[a-z]+$'}}
      responses: {'200': {description: ok}}
`;
    const spec = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
${body}  /b:
    post:
${body}  /c:
    post:
${body}`;
    const found = run(spec, 'spec.api4.array-limit');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('The request bodies of 3 operations each accept 1 array field without maxItems: `expand`');
    expect(found[0]!.endpoints).toEqual(['POST /a', 'POST /b', 'POST /c']);
    expect(lines(found)).toEqual([lineOf(spec, '            schema:')]);
  });
});
