import { describe, expect, it } from 'vitest';
import { audit, lineOf, only } from './access-audit.js';

function oas3(schemes: string, security = 'basic'): string {
  return `openapi: 3.0.3
info: {title: Bank, version: '1'}
security:
  - ${security}: []
paths:
  /accounts:
    get: {responses: {'200': {description: ok}}}
  /accounts/{id}:
    delete:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: gone}}
components:
  securitySchemes:
${schemes}`;
}

describe('spec.auth.http-basic', () => {
  const RULE = 'spec.auth.http-basic';
  const doc = oas3(`    basic:
      type: http
      scheme: basic
`);

  it('reports an HTTP Basic scheme once, at the scheme, with the operations requiring it', () => {
    const f = only(audit(doc, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(doc, '    basic:'));
    expect(f.endpoints).toEqual(['DELETE /accounts/{id}', 'GET /accounts']);
    expect(f.message).toContain('`basic` is HTTP Basic (required by 2 operations)');
  });

  it('is quiet for a bearer scheme', () => {
    expect(audit(doc.replace('scheme: basic', 'scheme: bearer'), RULE)).toEqual([]);
  });

  it('reads Swagger 2.0 `type: basic`', () => {
    const sw = `swagger: '2.0'
info: {title: Old, version: '1'}
securityDefinitions:
  legacy:
    type: basic
security:
  - legacy: []
paths:
  /x:
    get: {responses: {'200': {description: ok}}}
`;
    const f = only(audit(sw, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(sw, '  legacy:'));
    expect(f.endpoints).toEqual(['GET /x']);
  });
});

describe('spec.auth.insecure-http-scheme', () => {
  const RULE = 'spec.auth.insecure-http-scheme';
  it('reports negotiate and oauth HTTP schemes', () => {
    const doc = oas3(`    basic:
      type: http
      scheme: Negotiate
    oauthOne:
      type: http
      scheme: oauth
`);
    const findings = audit(doc, RULE);
    expect(findings).toHaveLength(2);
    const negotiate = findings.find((f) => f.message.includes('`basic`'))!;
    expect(negotiate.message).toContain('NTLM');
    expect(negotiate.locations[0]!.line).toBe(lineOf(doc, '    basic:'));
    expect(findings.find((f) => f.message.includes('`oauthOne`'))!.message).toContain('OAuth 1.0');
  });

  it('is quiet for bearer', () => {
    expect(audit(oas3(`    basic: {type: http, scheme: bearer}\n`), RULE)).toEqual([]);
  });
});

describe('spec.auth.api-key-in-query', () => {
  const RULE = 'spec.auth.api-key-in-query';
  const doc = oas3(
    `    key:
      type: apiKey
      in: query
      name: api_key
`,
    'key',
  );

  it('reports an API key sent in the query string', () => {
    const f = only(audit(doc, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(doc, '    key:'));
    expect(f.message).toContain('query parameter `api_key`');
    expect(f.endpoints).toHaveLength(2);
  });

  it('is quiet for a header key', () => {
    expect(audit(doc.replace('in: query', 'in: header'), RULE)).toEqual([]);
  });

  it('reads Swagger 2.0 securityDefinitions', () => {
    const sw = `swagger: '2.0'
info: {title: Old, version: '1'}
securityDefinitions:
  token:
    type: apiKey
    in: query
    name: token
paths:
  /x:
    get:
      security: [{token: []}]
      responses: {'200': {description: ok}}
`;
    const f = only(audit(sw, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(sw, '  token:'));
    expect(f.endpoints).toEqual(['GET /x']);
  });
});

describe('spec.auth.oauth-discouraged-flow', () => {
  const RULE = 'spec.auth.oauth-discouraged-flow';
  const doc = oas3(
    `    oauth:
      type: oauth2
      flows:
        implicit:
          authorizationUrl: https://id.example.com/authorize
          scopes: {read: Read}
        password:
          tokenUrl: https://id.example.com/token
          refreshUrl: https://id.example.com/token
          scopes: {read: Read}
`,
    'oauth',
  );

  it('reports the password grant (high) and the implicit grant (medium) at their flows', () => {
    const findings = audit(doc, RULE);
    expect(findings).toHaveLength(2);
    const password = findings.find((f) => f.message.includes('password grant'))!;
    const implicit = findings.find((f) => f.message.includes('implicit grant'))!;
    expect(password.severity).toBe('high');
    expect(implicit.severity).toBe('medium');
    expect(password.locations[0]!.line).toBe(lineOf(doc, '        password:'));
    expect(implicit.locations[0]!.line).toBe(lineOf(doc, '        implicit:'));
    expect(implicit.message).toContain('rated medium');
  });

  it('is quiet for the authorization code flow', () => {
    const fixed = oas3(
      `    oauth:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://id.example.com/authorize
          tokenUrl: https://id.example.com/token
          refreshUrl: https://id.example.com/token
          scopes: {read: Read}
`,
      'oauth',
    );
    expect(audit(fixed, RULE)).toEqual([]);
  });

  it('maps the Swagger 2.0 `flow: password`', () => {
    const sw = `swagger: '2.0'
info: {title: Old, version: '1'}
securityDefinitions:
  oauth:
    type: oauth2
    flow: password
    tokenUrl: https://id.example.com/token
    scopes: {}
paths: {}
`;
    const f = only(audit(sw, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(sw, '  oauth:'));
  });
});

describe('spec.auth.oauth-no-refresh-url', () => {
  const RULE = 'spec.auth.oauth-no-refresh-url';
  const doc = oas3(
    `    oauth:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://id.example.com/authorize
          tokenUrl: https://id.example.com/token
          scopes: {read: Read}
        clientCredentials:
          tokenUrl: https://id.example.com/token
          scopes: {read: Read}
`,
    'oauth',
  );

  it('reports user-facing flows without refreshUrl, not client credentials', () => {
    const f = only(audit(doc, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(doc, '        authorizationCode:'));
    expect(f.message).toContain('`authorizationCode` flow of OAuth2 scheme `oauth` has no `refreshUrl`');
    expect(f.endpoints).toHaveLength(2);
  });

  it('is quiet once refreshUrl is documented', () => {
    const fixed = doc.replace('          tokenUrl: https://id.example.com/token\n          scopes: {read: Read}\n        clientCredentials', '          tokenUrl: https://id.example.com/token\n          refreshUrl: https://id.example.com/refresh\n          scopes: {read: Read}\n        clientCredentials');
    expect(audit(fixed, RULE)).toEqual([]);
  });
});

describe('spec.auth.jwt-without-rfc8725', () => {
  const RULE = 'spec.auth.jwt-without-rfc8725';
  const doc = oas3(
    `    jwt:
      type: http
      scheme: bearer
      bearerFormat: JWT
`,
    'jwt',
  );

  it('reports a JWT bearer scheme that does not mention RFC 8725 (low, candidate)', () => {
    const f = only(audit(doc, RULE));
    expect(f.severity).toBe('low');
    expect(f.confidence).toBe('candidate');
    expect(f.locations[0]!.line).toBe(lineOf(doc, '    jwt:'));
    expect(f.message).toContain('JWT scheme `jwt` has no description');
  });

  it('is quiet when the description states RFC 8725 conformance', () => {
    const fixed = doc.replace('bearerFormat: JWT', 'bearerFormat: JWT\n      description: Tokens are validated per RFC 8725 (alg allow-list, exp, aud).');
    expect(audit(fixed, RULE)).toEqual([]);
  });

  it('ignores opaque bearer tokens', () => {
    expect(audit(doc.replace('      bearerFormat: JWT\n', ''), RULE)).toEqual([]);
  });
});
