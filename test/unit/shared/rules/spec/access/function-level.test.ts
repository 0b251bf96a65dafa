import { describe, expect, it } from 'vitest';
import { audit, lineOf, only } from './access-audit.js';

const doc = `openapi: 3.0.3
info: {title: Shop, version: '1'}
security:
  - oauth: []
paths:
  /orders/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get: {responses: {'200': {description: ok}}}
    put: {responses: {'200': {description: ok}}}
    delete: {responses: {'204': {description: gone}}}
  /admin/users:
    get: {responses: {'200': {description: ok}}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://id.example.com/authorize
          tokenUrl: https://id.example.com/token
          refreshUrl: https://id.example.com/token
          scopes:
            orders:read: Read orders
            orders:write: Write orders
            admin: Administer
`;

describe('spec.api5.admin-path-shared-security', () => {
  const RULE = 'spec.api5.admin-path-shared-security';
  it('reports admin paths that accept the credential of ordinary operations', () => {
    const f = only(audit(doc, RULE));
    expect(f.endpoints).toEqual(['GET /admin/users']);
    expect(f.locations[0]!.line).toBe(lineOf(doc, 'get:', '/admin/users'));
    expect(f.message).toContain('GET /admin/users looks like an admin function but accepts oauth, the same credential as ordinary operations such as GET /orders/{id}');
    expect(f.equivalents).toEqual(['owasp:api5:2023-admin-security-unique']);
  });

  it('is quiet when the admin path requires an admin scope', () => {
    const fixed = doc.replace("    get: {responses: {'200': {description: ok}}}\ncomponents", "    get:\n      security: [{oauth: [admin]}]\n      responses: {'200': {description: ok}}\ncomponents");
    expect(audit(fixed, RULE)).toEqual([]);
  });
});

describe('spec.api5.write-shares-read-security', () => {
  const RULE = 'spec.api5.write-shares-read-security';
  it('reports once per path, at the path item, when writes need exactly what the GET needs', () => {
    const f = only(audit(doc, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(doc, '  /orders/{id}:'));
    expect(f.endpoints).toEqual(['DELETE /orders/{id}', 'PUT /orders/{id}']);
    expect(f.message).toBe('PUT, DELETE on /orders/{id} require the same security as GET (oauth): nothing in the description separates reading from changing or deleting.');
  });

  it('is quiet when writes require a write scope', () => {
    const fixed = doc
      .replace("    put: {responses: {'200': {description: ok}}}", "    put: {security: [{oauth: ['orders:write']}], responses: {'200': {description: ok}}}")
      .replace("    delete: {responses: {'204': {description: gone}}}", "    delete: {security: [{oauth: ['orders:write']}], responses: {'204': {description: gone}}}");
    expect(audit(fixed, RULE)).toEqual([]);
  });
});

describe('spec.api5.oauth-scopes-not-required', () => {
  const RULE = 'spec.api5.oauth-scopes-not-required';
  it('reports a scheme whose scopes no operation requires, once, at the scheme', () => {
    const f = only(audit(doc, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(doc, '    oauth:'));
    expect(f.endpoints).toEqual(['DELETE /orders/{id}', 'GET /admin/users', 'GET /orders/{id}', 'PUT /orders/{id}']);
    expect(f.message).toContain('defines the scopes `orders:read`, `orders:write` and `admin`, but 4 operations require it with an empty scope list');
  });

  it('is quiet when every operation names its scopes', () => {
    expect(audit(doc.replace('  - oauth: []', "  - oauth: ['orders:read']"), RULE)).toEqual([]);
  });
});
