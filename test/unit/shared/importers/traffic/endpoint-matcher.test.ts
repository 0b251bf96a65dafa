import { describe, expect, it } from 'vitest';
import { EndpointMatcher, isValueSegment } from '../../../../../shared/importers/traffic/endpoint-matcher.js';

const inventory = [
  { method: 'GET', path: '/v1/accounts/{accountId}/statements' },
  { method: 'GET', path: '/v1/accounts/{accountId}' },
  { method: 'GET', path: '/v1/accounts/me' },
  { method: 'POST', path: '/v1/files/{name}.json' },
  { method: '*', path: '/legacy/{*}' },
  { method: 'GET', path: '/users' },
];

const name = (m: EndpointMatcher, method: string, path: string): string | undefined => {
  const r = m.match(method, path);
  if (!r) return undefined;
  const e = m.endpoints[r.id]!;
  return `${e.source}:${e.method} ${e.template} [${r.params.join(',')}]`;
};

describe('endpoint matching', () => {
  const m = new EndpointMatcher(inventory, { basePaths: ['/api'] });

  it('maps a request to the inventory template and keeps the parameter values', () => {
    expect(name(m, 'GET', '/v1/accounts/123/statements')).toBe('inventory:GET /v1/accounts/{accountId}/statements [123]');
    expect(name(m, 'GET', '/v1/accounts/me')).toBe('inventory:GET /v1/accounts/me []');
    expect(name(m, 'POST', '/v1/files/report.json')).toBe('inventory:POST /v1/files/{name}.json [report.json]');
    expect(name(m, 'DELETE', '/legacy/a/b')).toBe('inventory:* /legacy/{*} []');
    expect(name(m, 'HEAD', '/users')).toBe('inventory:GET /users []');
    expect(name(m, 'GET', '/users/')).toBe('inventory:GET /users []');
  });

  it('strips a server base path', () => {
    expect(name(m, 'GET', '/api/v1/accounts/9')).toBe('inventory:GET /v1/accounts/{accountId} [9]');
  });

  it('prefers the documented operation under a base path to a full-path route of another method', () => {
    // The spec documents GET /orders/{orderId} under /v2; a gateway route exposes only DELETE /v2/orders/{id}.
    const joined = new EndpointMatcher(
      [
        { method: 'GET', path: '/orders/{orderId}' },
        { method: 'DELETE', path: '/v2/orders/{id}' },
      ],
      { basePaths: ['/v2'] },
    );
    expect(name(joined, 'GET', '/v2/orders/42')).toBe('inventory:GET /orders/{orderId} [42]');
    expect(name(joined, 'DELETE', '/v2/orders/42')).toBe('inventory:DELETE /v2/orders/{id} [42]');
    expect(name(joined, 'PUT', '/v2/orders/42')).toBe('cluster:PUT /v2/orders/{id} [42]');
  });

  it('keeps the documented template for an undocumented method, as undocumented', () => {
    expect(name(m, 'DELETE', '/v1/accounts/9')).toBe('cluster:DELETE /v1/accounts/{accountId} [9]');
  });

  it('clusters unmatched paths: numbers, UUIDs, hex, e-mails, tokens and masked values become {param}', () => {
    expect(name(m, 'GET', '/v2/items/98/parts')).toBe('cluster:GET /v2/items/{param}/parts [98]');
    expect(name(m, 'GET', '/v2/items/7/parts')).toBe('cluster:GET /v2/items/{param}/parts [7]');
    expect(name(m, 'GET', '/v2/orders/3f2a9c1e-0b4d-4c6e-8f00-1234567890ab')).toBe('cluster:GET /v2/orders/{param} [3f2a9c1e-0b4d-4c6e-8f00-1234567890ab]');
    expect(name(m, 'GET', '/v2/users/[email]/profile')).toBe('cluster:GET /v2/users/{param}/profile [[email]]');
    expect(['5f1d7c3a9b2e4d6f', 'a@b.example', 'AbCdEf0123456789xYz_-', '2026-03-01']).toEqual(['5f1d7c3a9b2e4d6f', 'a@b.example', 'AbCdEf0123456789xYz_-', '2026-03-01'].filter(isValueSegment));
    expect(['users', 'v2', 'deadbeef', 'index.html'].filter(isValueSegment)).toEqual([]);
  });

  it('stops clustering at its cap and counts what it could not place', () => {
    const small = new EndpointMatcher([], { maxClusters: 2 });
    expect(small.match('GET', '/a')).toBeDefined();
    expect(small.match('GET', '/b')).toBeDefined();
    expect(small.match('GET', '/c')).toBeUndefined();
    expect(small.match('GET', '/c')).toBeUndefined();
    expect(small.overflow).toBe(2);
    expect(small.match('-', '/a')).toBeUndefined();
  });

  it('matches API Gateway resource templates logged as paths', () => {
    expect(name(new EndpointMatcher([{ method: 'GET', path: '/pets/{id}' }]), 'GET', '/pets/{petId}')).toBe('inventory:GET /pets/{id} [{petId}]');
  });
});
