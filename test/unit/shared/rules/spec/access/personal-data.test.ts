import { describe, expect, it } from 'vitest';
import { audit, lineOf, only } from './access-audit.js';

const doc = `openapi: 3.0.3
info: {title: Members, version: '1'}
paths:
  /members:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Member'}}
  /members/{id}:
    get:
      security: [{bearer: []}]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Member'}
  /servers:
    get:
      security: [{bearer: []}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Server'}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    Member:
      type: object
      properties:
        id: {type: string}
        email: {type: string}
        contactPhone: {type: string}
        newsletter_email: {type: boolean}
        date_of_birth: {type: string, format: date}
    Server:
      type: object
      properties:
        ip_address: {type: string, description: The IP address of the network interface.}
        location: {type: string, description: ID of the data center}
`;

describe('spec.data.personal-data-in-response', () => {
  const RULE = 'spec.data.personal-data-in-response';
  it('inventories personal data per response schema, once, with the property places', () => {
    const f = only(audit(doc, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(doc, '    Member:'));
    expect(f.locations.slice(1).map((l) => l.line)).toEqual([lineOf(doc, 'email:'), lineOf(doc, 'contactPhone:'), lineOf(doc, 'date_of_birth:')]);
    expect(f.endpoints).toEqual(['GET /members', 'GET /members/{id}']);
    expect(f.controls).toEqual(['GDPR-5(1)(c)', 'API3:2023']);
    expect(f.severity).toBe('medium');
    expect(f.confidence).toBe('likely');
    expect(f.message).toBe('Schema `Member` returns the personal data `email`, `contactPhone` and `date_of_birth` to callers of GET /members, GET /members/{id}.');
  });

  it('is quiet for boolean flags and for IP addresses and locations of machines', () => {
    const fixed = doc.replace('        email: {type: string}\n        contactPhone: {type: string}\n', '').replace('        date_of_birth: {type: string, format: date}\n', '');
    expect(audit(fixed, RULE)).toEqual([]);
  });
});

describe('spec.data.personal-data-public', () => {
  const RULE = 'spec.data.personal-data-public';
  it('reports personal data returned by operations anyone can call (Art. 25(2))', () => {
    const f = only(audit(doc, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(doc, '    Member:'));
    expect(f.endpoints).toEqual(['GET /members']);
    expect(f.severity).toBe('high');
    expect(f.controls).toEqual(['GDPR-25', 'API2:2023']);
    expect(f.message).toContain('from GET /members, which requires no authentication: anyone can read it.');
  });

  it('is quiet when every operation returning it is authenticated', () => {
    expect(audit(doc.replace('paths:', 'security: [{bearer: []}]\npaths:'), RULE)).toEqual([]);
  });
});

describe('spec.data.special-category', () => {
  const RULE = 'spec.data.special-category';
  const health = `openapi: 3.1.0
info: {title: Clinic, version: '1'}
security: [{bearer: []}]
paths:
  /patients:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                name: {type: string}
                diagnosis: {type: string}
                religion: {type: string}
      responses: {'201': {description: created}}
  /status:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  app_health: {type: string}
                  sha1_fingerprint: {type: string}
                  hugging_face_id: {type: string}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
`;

  it('reports special-category fields in requests as well as responses (GDPR-9, GDPR-35)', () => {
    const f = only(audit(health, RULE));
    expect(f.endpoints).toEqual(['POST /patients']);
    expect(f.controls).toEqual(['GDPR-9', 'GDPR-35']);
    expect(f.severity).toBe('high');
    expect(f.locations.slice(1).map((l) => l.line)).toEqual([lineOf(health, 'diagnosis:'), lineOf(health, 'religion:')]);
    expect(f.message).toBe('The request body of POST /patients holds special-category data `diagnosis` and `religion`, accepted by POST /patients.');
  });

  it('is quiet for technical look-alikes (service health, key fingerprints, model ids)', () => {
    const fixed = health.replace('                diagnosis: {type: string}\n                religion: {type: string}\n', '');
    expect(audit(fixed, RULE)).toEqual([]);
  });
});

describe('spec.data.personal-data-in-url', () => {
  const RULE = 'spec.data.personal-data-in-url';
  const url = `openapi: 3.0.3
info: {title: Lookup, version: '1'}
paths:
  /users/by-email/{email}:
    get:
      parameters:
        - {name: email, in: path, required: true, schema: {type: string, format: email}}
      responses: {'200': {description: ok}}
  /users:
    get:
      parameters:
        - {name: phone_number, in: query, schema: {type: string}}
        - {name: verified_email, in: query, schema: {type: boolean}}
      responses: {'200': {description: ok}}
  /locations/{location}:
    get:
      parameters:
        - {name: location, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
`;

  it('reports e-mail addresses and personal data in path and query parameters', () => {
    const findings = audit(url, RULE);
    expect(findings.map((f) => f.endpoints[0]).sort()).toEqual(['GET /users', 'GET /users/by-email/{email}']);
    const email = findings.find((f) => f.endpoints[0] === 'GET /users/by-email/{email}')!;
    expect(email.locations[0]!.line).toBe(lineOf(url, '{name: email'));
    expect(email.controls).toEqual(['GDPR-5(1)(c)', 'GDPR-25', 'GDPR-32']);
    expect(email.message).toContain('Path parameter `email` of GET /users/by-email/{email} puts an e-mail address in the URL');
    expect(findings.find((f) => f.endpoints[0] === 'GET /users')!.message).toContain('Query parameter `phone_number`');
  });

  it('is quiet once people are addressed by opaque ids', () => {
    const fixed = url
      .replace('/users/by-email/{email}', '/users/{user_id}')
      .replace('{name: email, in: path, required: true, schema: {type: string, format: email}}', '{name: user_id, in: path, required: true, schema: {type: string, format: uuid}}')
      .replace('        - {name: phone_number, in: query, schema: {type: string}}\n', '');
    expect(audit(fixed, RULE)).toEqual([]);
  });
});
