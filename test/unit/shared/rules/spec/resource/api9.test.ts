import { describe, expect, it } from 'vitest';
import { lineOf, lines, run } from './resource-test-kit.js';

const SERVERS = `openapi: 3.0.3
info: {title: t, version: '1'}
servers:
  - url: https://api.example.com
  - url: https://staging-api.example.com
    description: Pre-release
  - url: http://10.0.3.7:8080
    description: Production
    x-internal: true
  - url: http://localhost:3000
    description: Local
    x-internal: true
paths:
  /a:
    get:
      responses: {'200': {description: ok}}
`;

describe('spec.api9.server-environment', () => {
  it('flags servers whose description names no environment', () => {
    const found = run(SERVERS, 'spec.api9.server-environment');
    expect(lines(found)).toEqual([lineOf(SERVERS, 'https://api.example.com'), lineOf(SERVERS, 'staging-api')]);
    expect(found[0]!.message).toBe('Server https://api.example.com has no description naming its environment (production, staging, sandbox...).');
    expect(found[1]!.message).toContain('is described as "Pre-release" without naming its environment');
    expect(found[0]!.endpoints).toEqual(['GET /a']);
    expect(found[0]!.equivalents).toEqual(['owasp:api9:2023-inventory-environment']);
  });
  it('is quiet when every server names its environment', () => {
    const fixed = SERVERS.replace('  - url: https://api.example.com\n', '  - url: https://api.example.com\n    description: Production\n').replace('Pre-release', 'Staging');
    expect(run(fixed, 'spec.api9.server-environment')).toEqual([]);
  });
});

describe('spec.api9.server-access', () => {
  it('flags servers without x-internal', () => {
    const found = run(SERVERS, 'spec.api9.server-access');
    expect(lines(found)).toEqual([lineOf(SERVERS, 'https://api.example.com'), lineOf(SERVERS, 'staging-api')]);
    expect(found[0]!.message).toBe('Server https://api.example.com does not say with x-internal whether it is internal or public.');
  });
  it('is quiet when every server says', () => {
    const fixed = SERVERS.replace('  - url: https://api.example.com\n', '  - url: https://api.example.com\n    x-internal: false\n').replace(
      '    description: Pre-release\n',
      '    description: Pre-release\n    x-internal: false\n',
    );
    expect(run(fixed, 'spec.api9.server-access')).toEqual([]);
  });
});

describe('spec.api9.non-production-server', () => {
  it('flags staging hosts, private IPs and localhost (the last one as low)', () => {
    const found = run(SERVERS, 'spec.api9.non-production-server');
    expect(lines(found)).toEqual([lineOf(SERVERS, 'staging-api'), lineOf(SERVERS, '10.0.3.7'), lineOf(SERVERS, 'localhost')]);
    const [staging, privateIp, local] = found.sort((a, b) => a.locations[0]!.line - b.locations[0]!.line);
    expect(staging!.message).toBe('Server https://staging-api.example.com looks like a non-production deployment (host staging-api.example.com names a "staging" environment).');
    expect(privateIp!.message).toContain('host 10.0.3.7 is a private network address');
    expect(local!.severity).toBe('low');
    expect(staging!.severity).toBe('medium');
  });
  it('flags a Swagger 2 raw-IP host once, at host', () => {
    const spec = `swagger: '2.0'
info: {title: t, version: '1'}
host: 203.0.113.9:8090
schemes: [https]
paths:
  /a:
    get:
      responses: {'200': {description: ok}}
`;
    const found = run(spec, 'spec.api9.non-production-server');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, 'host:'));
    expect(found[0]!.message).toContain('host 203.0.113.9 is a raw IP address');
  });
  it('is quiet on production hosts', () => {
    expect(run(SERVERS.replace(/  - url: https:\/\/staging[\s\S]*?paths:/, 'paths:'), 'spec.api9.non-production-server')).toEqual([]);
  });
});

describe('spec.api9.deprecated-operation', () => {
  const spec = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /old:
    get:
      deprecated: true
      responses: {'200': {description: ok}}
`;
  it('flags deprecated operations', () => {
    const found = run(spec, 'spec.api9.deprecated-operation');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, '    get:'));
    expect(found[0]!.endpoints).toEqual(['GET /old']);
    expect(found[0]!.message).toContain('GET /old is marked deprecated but still documented and needs no credentials');
  });
  it('is quiet otherwise', () => {
    expect(run(spec.replace('      deprecated: true\n', ''), 'spec.api9.deprecated-operation')).toEqual([]);
  });
});

describe('spec.api9.debug-path', () => {
  const spec = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /actuator/env:
    get:
      responses: {'200': {description: ok}}
  /api/test/reset:
    post:
      responses: {'200': {description: ok}}
  /hooks/{id}/test:
    post:
      security: [{key: []}]
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
`;
  it('flags debug, actuator and test paths (not a feature named test)', () => {
    const found = run(spec, 'spec.api9.debug-path');
    expect(found.map((f) => f.endpoints[0])).toEqual(['GET /actuator/env', 'POST /api/test/reset']);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, '    get:'));
    expect(found[0]!.message).toBe('GET /actuator/env is a debug, test or documentation endpoint ("actuator") reachable without credentials.');
  });
  it('is quiet on ordinary paths', () => {
    expect(run(spec.replace('/actuator/env', '/health').replace('/api/test/reset', '/api/reset'), 'spec.api9.debug-path')).toEqual([]);
  });
});

describe('spec.api9.multiple-versions', () => {
  const spec = `openapi: 3.0.3
info: {title: t, version: '2'}
paths:
  /v1/users:
    get:
      responses: {'200': {description: ok}}
  /v2/users:
    get:
      responses: {'200': {description: ok}}
  /v2/orders:
    get:
      responses: {'200': {description: ok}}
  /api/v{version}/reset:
    post:
      parameters:
        - {name: version, in: path, required: true, schema: {type: integer}}
      responses: {'200': {description: ok}}
`;
  it('reports versions side by side and client-chosen versions once', () => {
    const found = run(spec, 'spec.api9.multiple-versions');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, 'paths:'));
    expect(found[0]!.message).toBe(
      'The description serves API versions v1 (1 operation), v2 (2 operations) side by side; POST /api/v{version}/reset lets the client choose the version in the path, so old versions stay reachable.',
    );
    expect(found[0]!.endpoints).toHaveLength(4);
  });
  it('is quiet with one version (and path parameters that merely contain a v)', () => {
    const one = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /v1/invoices/{invoice}:
    get:
      parameters:
        - {name: invoice, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
`;
    expect(run(one, 'spec.api9.multiple-versions')).toEqual([]);
  });
});
