import { describe, expect, it } from 'vitest';
import { audit, lineOf, only } from './access-audit.js';

describe('spec.auth.credential-in-url', () => {
  const RULE = 'spec.auth.credential-in-url';
  const doc = `openapi: 3.0.3
info: {title: Files, version: '1'}
paths:
  /files:
    get:
      parameters:
        - name: access_token
          in: query
          schema: {type: string}
        - name: page_token
          in: query
          schema: {type: string}
        - name: Authorization
          in: header
          schema: {type: string}
      responses: {'200': {description: ok}}
  /reset/{resetToken}:
    post:
      parameters:
        - {name: resetToken, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
  /sessions/{session}:
    get:
      parameters:
        - {name: session, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
`;

  it('reports credential-named query and path parameters at the parameter', () => {
    const findings = audit(doc, RULE);
    expect(findings.map((f) => f.endpoints[0]).sort()).toEqual(['GET /files', 'POST /reset/{resetToken}']);
    const query = findings.find((f) => f.endpoints[0] === 'GET /files')!;
    expect(query.locations[0]!.line).toBe(lineOf(doc, '- name: access_token'));
    expect(query.message).toContain('Query parameter `access_token` of GET /files carries a credential');
    const path = findings.find((f) => f.endpoints[0] === 'POST /reset/{resetToken}')!;
    expect(path.message).toContain('Path parameter `resetToken`');
  });

  it('leaves pagination tokens, headers and resource identifiers alone', () => {
    const fixed = `openapi: 3.0.3
info: {title: Files, version: '1'}
paths:
  /files:
    get:
      parameters:
        - {name: page_token, in: query, schema: {type: string}}
        - {name: Authorization, in: header, schema: {type: string}}
      responses: {'200': {description: ok}}
  /reset:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {resetToken: {type: string}}}
      responses: {'200': {description: ok}}
  /sessions/{session}:
    get:
      parameters:
        - {name: session, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
`;
    expect(audit(fixed, RULE)).toEqual([]);
  });

  it('reads Swagger 2.0 query parameters (a shared $ref parameter yields one finding)', () => {
    const sw = `swagger: '2.0'
info: {title: Pics, version: '1'}
parameters:
  Token:
    name: token
    in: query
    type: string
paths:
  /pictures:
    get:
      parameters: [{$ref: '#/parameters/Token'}]
      responses: {'200': {description: ok}}
  /likes:
    get:
      parameters: [{$ref: '#/parameters/Token'}]
      responses: {'200': {description: ok}}
`;
    const f = only(audit(sw, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(sw, '  Token:'));
    expect(f.endpoints).toEqual(['GET /likes', 'GET /pictures']);
    expect(f.occurrences).toBe(2);
  });
});

describe('spec.auth.credential-endpoint-without-rate-limit', () => {
  const RULE = 'spec.auth.credential-endpoint-without-rate-limit';
  const doc = `openapi: 3.0.3
info: {title: Auth, version: '1'}
paths:
  /auth/login:
    post:
      responses:
        '200': {description: ok}
        '401': {description: wrong}
  /password/reset:
    post:
      responses:
        '204': {description: sent}
  /otp/verify:
    post:
      responses:
        '200':
          description: ok
          headers:
            X-RateLimit-Remaining: {schema: {type: integer}}
  /catalog:
    get:
      responses: {'200': {description: ok}}
`;

  it('reports login and password-reset operations that document no 429 or rate-limit header', () => {
    const findings = audit(doc, RULE);
    expect(findings.map((f) => f.endpoints[0]).sort()).toEqual(['POST /auth/login', 'POST /password/reset']);
    const login = findings.find((f) => f.endpoints[0] === 'POST /auth/login')!;
    expect(login.locations[0]!.line).toBe(lineOf(doc, 'post:', '/auth/login'));
    expect(login.controls).toEqual(['API2:2023', 'API4:2023']);
    expect(login.message).toContain('POST /auth/login handles credentials');
  });

  it('is quiet once a 429 response is documented', () => {
    const fixed = doc
      .replace("        '401': {description: wrong}", "        '401': {description: wrong}\n        '429': {description: slow down}")
      .replace("        '204': {description: sent}", "        '204': {description: sent}\n        '429': {description: slow down}");
    expect(audit(fixed, RULE)).toEqual([]);
  });
});
