import { describe, expect, it } from 'vitest';
import { audit, lineOf, only } from './access-audit.js';

const RULE = 'spec.auth.unauthenticated-operation';

const noSecurity = `openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /orders:
    get:
      responses:
        '200': {description: ok}
    post:
      responses:
        '201': {description: created}
components:
  securitySchemes:
    bearer:
      type: http
      scheme: bearer
`;

describe(RULE, () => {
  it('reports each operation without any security requirement, writes high and reads medium', () => {
    const findings = audit(noSecurity, RULE);
    expect(findings).toHaveLength(2);
    const post = findings.find((f) => f.endpoints[0] === 'POST /orders')!;
    const get = findings.find((f) => f.endpoints[0] === 'GET /orders')!;
    expect(post.severity).toBe('high');
    expect(get.severity).toBe('medium');
    expect(post.locations[0]!.line).toBe(lineOf(noSecurity, 'post:'));
    expect(post.message).toContain('POST /orders requires no authentication');
    expect(post.message).toContain('`bearer`');
    expect(get.message).toContain('only reads');
    expect(post.equivalents).toEqual(['owasp:api2:2023-write-restricted', 'owasp:api2:2023-read-restricted']);
  });

  it('is quiet once a root security requirement applies', () => {
    const fixed = noSecurity.replace('paths:', 'security:\n  - bearer: []\npaths:');
    expect(audit(fixed, RULE)).toEqual([]);
  });

  const override = `openapi: 3.0.3
info: {title: Shop, version: '1'}
security:
  - bearer: []
paths:
  /orders/{id}:
    delete:
      security: []
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: gone}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
`;

  it('says when an operation-level `security: []` overrides the root requirement', () => {
    const f = only(audit(override, RULE));
    expect(f.endpoints).toEqual(['DELETE /orders/{id}']);
    expect(f.locations[0]!.line).toBe(lineOf(override, 'security: []'));
    expect(f.message).toContain('overrides the root requirement (bearer)');
    expect(f.severity).toBe('high');
  });

  it('is quiet when the override is removed', () => {
    expect(audit(override.replace('      security: []\n', ''), RULE)).toEqual([]);
  });

  const anonymous = `openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /orders:
    get:
      security:
        - bearer: []
        - {}
      responses:
        '200': {description: ok}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
`;

  it('flags an anonymous `{}` alternative (Spectral misses it) at the alternative', () => {
    const f = only(audit(anonymous, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(anonymous, '- {}'));
    expect(f.message).toContain('accepts anonymous callers');
    expect(f.message).toContain('makes bearer optional');
    expect(f.endpoints).toEqual(['GET /orders']);
  });

  it('is quiet without the anonymous alternative', () => {
    expect(audit(anonymous.replace('        - {}\n', ''), RULE)).toEqual([]);
  });

  it('reports a root `{}` alternative once, with every operation inheriting it', () => {
    const doc = `openapi: 3.0.3
info: {title: Shop, version: '1'}
security:
  - apiKey: []
  - {}
paths:
  /a:
    get: {responses: {'200': {description: ok}}}
  /b:
    put: {responses: {'200': {description: ok}}}
  /c:
    get:
      security: [{apiKey: []}]
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    apiKey: {type: apiKey, in: header, name: X-Key}
`;
    const f = only(audit(doc, RULE));
    expect(f.endpoints).toEqual(['GET /a', 'PUT /b']);
    expect(f.locations[0]!.line).toBe(lineOf(doc, '- {}'));
    expect(f.severity).toBe('high');
    expect(f.message).toContain('root `security` list offers the anonymous alternative');
  });

  it('does not report login, registration and OAuth token endpoints', () => {
    const doc = `openapi: 3.0.3
info: {title: Auth, version: '1'}
paths:
  /auth/login:
    post: {responses: {'200': {description: ok}}}
  /users/register:
    post: {responses: {'200': {description: ok}}}
  /connect/issue:
    post: {responses: {'200': {description: ok}}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.example.com/connect/issue
          scopes: {}
`;
    expect(audit(doc, RULE)).toEqual([]);
  });

  it('covers Swagger 2.0 and lowers the rating when a credential header is declared outside the schemes', () => {
    const doc = `swagger: '2.0'
info: {title: Pics, version: '1'}
paths:
  /pictures:
    get:
      parameters:
        - {name: x-access-token, in: header, type: string, required: true}
      responses: {'200': {description: ok}}
`;
    const f = only(audit(doc, RULE));
    expect(f.severity).toBe('low');
    expect(f.message).toContain('declares no security scheme at all');
    expect(f.message).toContain('`x-access-token`');
    expect(f.message).toContain('rated low');
  });

  it('rates unauthenticated admin-style reads high', () => {
    const doc = `openapi: 3.1.0
info: {title: Ops, version: '1'}
paths:
  /internal/config:
    get: {responses: {'200': {description: ok}}}
`;
    expect(only(audit(doc, RULE)).severity).toBe('high');
  });
});
