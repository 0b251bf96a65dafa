import { describe, expect, it } from 'vitest';
import { audit, lineOf, only } from './access-audit.js';

describe('spec.api1.numeric-object-id', () => {
  const RULE = 'spec.api1.numeric-object-id';
  const doc = `openapi: 3.0.3
info: {title: Orders, version: '1'}
paths:
  /orders/{orderId}:
    parameters:
      - name: orderId
        in: path
        required: true
        schema: {type: integer, format: int64}
    get: {responses: {'200': {description: ok}}}
    delete: {responses: {'204': {description: gone}}}
  /invoices:
    get:
      parameters:
        - {name: customer_id, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses: {'200': {description: ok}}
`;

  it('reports integer identifiers in path and query; a path-level parameter is one finding for all its operations', () => {
    const findings = audit(doc, RULE);
    expect(findings).toHaveLength(2);
    const path = findings.find((f) => f.message.includes('`orderId`'))!;
    expect(path.endpoints).toEqual(['DELETE /orders/{orderId}', 'GET /orders/{orderId}']);
    expect(path.locations[0]!.line).toBe(lineOf(doc, '- name: orderId'));
    expect(path.message).toContain('is an integer identifier');
    const query = findings.find((f) => f.message.includes('`customer_id`'))!;
    expect(query.message).toContain('Query parameter `customer_id` of GET /invoices');
  });

  it('is quiet for UUID identifiers', () => {
    const fixed = doc.replace('{type: integer, format: int64}', '{type: string, format: uuid}').replace('{name: customer_id, in: query, schema: {type: integer}}', '{name: customer_id, in: query, schema: {type: string, format: uuid}}');
    expect(audit(fixed, RULE)).toEqual([]);
  });

  it('reads Swagger 2.0 parameters (type on the parameter itself)', () => {
    const sw = `swagger: '2.0'
info: {title: Pics, version: '1'}
paths:
  /pictures/{picture_id}:
    get:
      parameters:
        - {name: picture_id, in: path, required: true, type: number}
      responses: {'200': {description: ok}}
`;
    expect(only(audit(sw, RULE)).message).toContain('is a number identifier');
  });
});

describe('spec.api1.unauthenticated-object-operation', () => {
  const RULE = 'spec.api1.unauthenticated-object-operation';
  const doc = `openapi: 3.0.3
info: {title: Users, version: '1'}
paths:
  /users/{username}:
    get:
      parameters: [{name: username, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
    patch:
      security: [{bearer: []}, {}]
      parameters: [{name: username, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
    delete:
      security: [{bearer: []}]
      parameters: [{name: username, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: gone}}
  /api/v{version}/status:
    get:
      parameters: [{name: version, in: path, required: true, schema: {type: integer}}]
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
`;

  it('reports object operations without authentication or with an anonymous alternative', () => {
    const findings = audit(doc, RULE);
    expect(findings.map((f) => f.endpoints[0]).sort()).toEqual(['GET /users/{username}', 'PATCH /users/{username}']);
    const get = findings.find((f) => f.endpoints[0] === 'GET /users/{username}')!;
    expect(get.severity).toBe('high');
    expect(get.controls).toEqual(['API1:2023', 'API2:2023']);
    expect(get.locations[0]!.line).toBe(lineOf(doc, 'get:'));
    expect(get.message).toContain('reads the object named by path parameter `username` without any authentication');
    expect(findings.find((f) => f.endpoints[0] === 'PATCH /users/{username}')!.message).toContain('authentication optional');
  });

  it('is quiet when every object operation requires authentication', () => {
    const fixed = doc.replace('security: [{bearer: []}, {}]', 'security: [{bearer: []}]').replace('paths:', 'security: [{bearer: []}]\npaths:');
    expect(audit(fixed, RULE)).toEqual([]);
  });
});

describe('spec.api1.api-key-only-object-operation', () => {
  const RULE = 'spec.api1.api-key-only-object-operation';
  const doc = `openapi: 3.0.3
info: {title: Payments, version: '1'}
paths:
  /payments/{payment_id}:
    get:
      security: [{merchantKey: []}, {bearer: []}]
      parameters: [{name: payment_id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
  /refunds/{refund_id}:
    delete:
      security: [{merchantKey: []}]
      parameters: [{name: refund_id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: gone}}
  /payments:
    get:
      security: [{merchantKey: []}]
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    merchantKey: {type: apiKey, in: header, name: X-Merchant-Key}
    bearer: {type: http, scheme: bearer}
`;

  it('reports once per key scheme, at the scheme, listing the object operations a key alone opens', () => {
    const f = only(audit(doc, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(doc, '    merchantKey:'));
    expect(f.endpoints).toEqual(['DELETE /refunds/{refund_id}', 'GET /payments/{payment_id}']);
    expect(f.confidence).toBe('candidate');
    expect(f.message).toContain('`merchantKey` (header `X-Merchant-Key`) alone authorizes 2 object operations');
  });

  it('is quiet when object operations need a user token', () => {
    const fixed = doc.replace('[{merchantKey: []}, {bearer: []}]', '[{bearer: []}]').replace("    delete:\n      security: [{merchantKey: []}]", "    delete:\n      security: [{merchantKey: [], bearer: []}]");
    expect(audit(fixed, RULE)).toEqual([]);
  });
});

describe('spec.api1.owner-key-in-request-body', () => {
  const RULE = 'spec.api1.owner-key-in-request-body';
  const doc = `openapi: 3.0.3
info: {title: Notes, version: '1'}
paths:
  /notes:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Note'}
      responses: {'201': {description: created}}
  /admin/notes:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Note'}
      responses: {'201': {description: created}}
components:
  schemas:
    Note:
      type: object
      properties:
        text: {type: string}
        userId: {type: string}
        tenant_id: {type: string}
        author: {$ref: '#/components/schemas/Person'}
    Person:
      type: object
      properties:
        name: {type: string}
`;

  it('reports owner and tenant keys in write bodies once, at the component, with the properties as extra places', () => {
    const f = only(audit(doc, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(doc, '    Note:'));
    expect(f.locations.slice(1).map((l) => l.line)).toEqual([lineOf(doc, 'userId:'), lineOf(doc, 'tenant_id:')]);
    expect(f.endpoints).toEqual(['POST /notes']);
    expect(f.message).toContain('`userId` and `tenant_id`');
  });

  it('is quiet when the keys are readOnly', () => {
    const fixed = doc.replace('userId: {type: string}', 'userId: {type: string, readOnly: true}').replace('tenant_id: {type: string}', 'tenant_id: {type: string, readOnly: true}');
    expect(audit(fixed, RULE)).toEqual([]);
  });
});

describe('spec.api1.oauth-object-operation-without-scopes', () => {
  const RULE = 'spec.api1.oauth-object-operation-without-scopes';
  const doc = `openapi: 3.0.3
info: {title: Docs, version: '1'}
security:
  - oauth: []
paths:
  /documents/{doc_id}:
    get:
      parameters: [{name: doc_id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
    put:
      parameters: [{name: doc_id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
  /documents:
    get: {responses: {'200': {description: ok}}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://id.example.com/token
          scopes: {docs.read: Read, docs.write: Write}
`;

  it('reports a root requirement without scopes once for the object operations inheriting it', () => {
    const f = only(audit(doc, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(doc, '  - oauth: []'));
    expect(f.endpoints).toEqual(['GET /documents/{doc_id}', 'PUT /documents/{doc_id}']);
    expect(f.message).toContain('The root `security` requirement lists `oauth` with no scopes for 2 object operations');
  });

  it('is quiet when scopes are required', () => {
    expect(audit(doc.replace('  - oauth: []', '  - oauth: [docs.read]'), RULE)).toEqual([]);
  });
});

describe('spec.api1.graphql-endpoint', () => {
  const RULE = 'spec.api1.graphql-endpoint';
  it('routes GraphQL endpoints to manual testing (info)', () => {
    const doc = `openapi: 3.1.0
info: {title: Gql, version: '1'}
paths:
  /graphql:
    post: {responses: {'200': {description: ok}}}
  /query:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                query: {type: string}
                variables: {type: object}
      responses: {'200': {description: ok}}
`;
    const findings = audit(doc, RULE);
    expect(findings.map((f) => f.endpoints[0]).sort()).toEqual(['POST /graphql', 'POST /query']);
    expect(findings.every((f) => f.severity === 'info')).toBe(true);
    expect(findings.find((f) => f.endpoints[0] === 'POST /query')!.message).toContain('`query` with `variables`/`operationName`');
  });

  it('is quiet for REST operations', () => {
    const doc = `openapi: 3.1.0
info: {title: Rest, version: '1'}
paths:
  /search:
    get:
      parameters: [{name: query, in: query, schema: {type: string}}]
      responses: {'200': {description: ok}}
`;
    expect(audit(doc, RULE)).toEqual([]);
  });
});
