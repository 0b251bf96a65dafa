import { describe, expect, it } from 'vitest';
import { audit, auditMany, lineOf, only } from './access-audit.js';

describe('spec.api3.sensitive-property-in-response', () => {
  const RULE = 'spec.api3.sensitive-property-in-response';
  const shared = `openapi: 3.0.3
info: {title: Users, version: '1'}
security: [{bearer: []}]
paths:
  /users:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/User'}}
  /users/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/User'}
    put:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/UserInput'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/User'}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    User:
      type: object
      properties:
        id: {type: string}
        passwordHash: {type: string}
        apiKey: {type: string}
        token_type: {type: string}
        expires_in: {type: integer}
        password_changed: {type: string, format: date}
    UserInput:
      type: object
      properties:
        password: {type: string}
`;

  it('reports a shared $ref schema used by 3 operations once, at the component, with 3 endpoints', () => {
    const f = only(audit(shared, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(shared, '    User:'));
    expect(f.locations[0]!.pointer).toBe('/components/schemas/User');
    expect(f.locations.slice(1).map((l) => l.line)).toEqual([lineOf(shared, 'passwordHash:'), lineOf(shared, 'apiKey:')]);
    expect(f.endpoints).toEqual(['GET /users', 'GET /users/{id}', 'PUT /users/{id}']);
    expect(f.severity).toBe('high');
    expect(f.message).toBe('Schema `User` returns the secrets `passwordHash` and `apiKey` to callers of GET /users, GET /users/{id}, PUT /users/{id}.');
  });

  it('is quiet for passwords in requests, token metadata, dates, enums and writeOnly properties', () => {
    const fixed = shared
      .replace('        passwordHash: {type: string}\n', '        secret: {type: string, writeOnly: true}\n')
      .replace('        apiKey: {type: string}\n', '        pin: {type: string, enum: [set, unset]}\n');
    expect(audit(fixed, RULE)).toEqual([]);
  });

  it('accepts tokens in login responses but not elsewhere', () => {
    const doc = `openapi: 3.0.3
info: {title: Auth, version: '1'}
paths:
  /auth/login:
    post:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Session'}
  /me/session:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Session'}
components:
  schemas:
    Session:
      type: object
      properties:
        access_token: {type: string}
        token_type: {type: string}
`;
    const f = only(audit(doc, RULE));
    expect(f.endpoints).toEqual(['GET /me/session']);
    expect(f.message).toContain('`access_token`');
  });

  it('tells a vehicle PIN from a postal pincode', () => {
    const doc = `openapi: 3.0.3
info: {title: Cars, version: '1'}
paths:
  /vehicles:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  vin: {type: string}
                  pincode: {type: string}
                  garage:
                    type: object
                    properties:
                      city: {type: string}
                      pincode: {type: string}
`;
    const f = only(audit(doc, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(doc, '              schema:'));
    expect(f.locations[1]!.line).toBe(lineOf(doc, 'pincode:'));
    expect(f.message).toBe('The 200 response body of GET /vehicles returns the secret `pincode` to callers of GET /vehicles.');
  });

  it('points at a component in another file of a multi-file description', () => {
    const root = `openapi: 3.0.3
info: {title: Multi, version: '1'}
paths:
  /accounts:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'models/account.yaml'}
`;
    const model = `type: object
properties:
  id: {type: string}
  password: {type: string}
`;
    const f = only(auditMany({ 'api.yaml': root, 'models/account.yaml': model }, 'api.yaml', RULE));
    expect(f.locations[0]!.file).toBe('models/account.yaml');
    expect(f.locations[1]!.line).toBe(lineOf(model, 'password:'));
    expect(f.message).toContain('Schema `account` returns the secret `password`');
  });
});

describe('spec.api3.write-only-in-response', () => {
  const RULE = 'spec.api3.write-only-in-response';
  const doc = `openapi: 3.0.3
info: {title: Users, version: '1'}
paths:
  /users/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/UserView'}
components:
  schemas:
    UserView:
      type: object
      properties:
        name: {type: string}
        password: {type: string, writeOnly: true}
`;

  it('reports writeOnly properties inside response-only schemas', () => {
    const f = only(audit(doc, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(doc, '    UserView:'));
    expect(f.locations[1]!.line).toBe(lineOf(doc, 'password:'));
    expect(f.endpoints).toEqual(['GET /users/{id}']);
    expect(f.message).toContain('Schema `UserView`, used only in responses, contains the writeOnly property `password`');
  });

  it('is quiet when the schema is also a request body (writeOnly doing its job)', () => {
    const shared = doc.replace(
      '  /users/{id}:\n',
      "  /users:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/UserView'}\n      responses: {'201': {description: created}}\n  /users/{id}:\n",
    );
    expect(audit(shared, RULE)).toEqual([]);
  });
});

describe('spec.api3.mass-assignment', () => {
  const RULE = 'spec.api3.mass-assignment';
  const doc = `openapi: 3.0.3
info: {title: Accounts, version: '1'}
paths:
  /accounts/{id}:
    patch:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                nickname: {type: string}
                isAdmin: {type: boolean}
                balance: {type: number}
                status: {type: string, enum: [active, blocked]}
                createdAt: {type: string, format: date-time}
      responses: {'200': {description: ok}}
  /admin/accounts:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                role: {type: string}
      responses: {'201': {description: created}}
`;

  it('reports server-controlled properties of a write body, high when privileges are among them', () => {
    const f = only(audit(doc, RULE));
    expect(f.endpoints).toEqual(['PATCH /accounts/{id}']);
    expect(f.severity).toBe('high');
    expect(f.locations[0]!.line).toBe(lineOf(doc, '            schema:', 'patch:'));
    expect(f.locations.slice(1).map((l) => l.line)).toEqual([lineOf(doc, 'isAdmin:'), lineOf(doc, 'balance:'), lineOf(doc, 'status:')]);
    expect(f.message).toContain('The request body of PATCH /accounts/{id} accepts the server-controlled properties `isAdmin`, `balance` and `status`');
    expect(f.message).toContain('rated high because `isAdmin` grants privileges');
  });

  it('is quiet when those properties are readOnly (and admin paths may set roles)', () => {
    const fixed = doc
      .replace('isAdmin: {type: boolean}', 'isAdmin: {type: boolean, readOnly: true}')
      .replace('balance: {type: number}', 'balance: {type: number, readOnly: true}')
      .replace('status: {type: string, enum: [active, blocked]}', 'status: {type: string, readOnly: true}');
    expect(audit(fixed, RULE)).toEqual([]);
  });

  it('reads Swagger 2.0 body parameters', () => {
    const sw = `swagger: '2.0'
info: {title: Pics, version: '1'}
paths:
  /register:
    post:
      parameters:
        - {name: user, in: body, required: true, schema: {$ref: '#/definitions/User'}}
      responses: {'200': {description: ok}}
definitions:
  User:
    type: object
    properties:
      user: {type: string}
      is_admin: {type: boolean}
      account_balance: {type: number}
`;
    const f = only(audit(sw, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(sw, '  User:'));
    expect(f.endpoints).toEqual(['POST /register']);
    expect(f.message).toContain('`is_admin` and `account_balance`');
  });

  it('does not mistake a chat role or a price id for server-controlled data', () => {
    const doc2 = `openapi: 3.1.0
info: {title: Chat, version: '1'}
paths:
  /chat:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                role: {type: string, enum: [system, user, assistant]}
                price: {type: string, description: ID of the price to buy}
      responses: {'200': {description: ok}}
`;
    expect(audit(doc2, RULE)).toEqual([]);
  });
});

describe('spec.api3.shared-request-response-schema', () => {
  const RULE = 'spec.api3.shared-request-response-schema';
  const doc = `openapi: 3.0.3
info: {title: Users, version: '1'}
paths:
  /users/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/User'}
    put:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/User'}
      responses: {'204': {description: saved}}
components:
  schemas:
    User:
      type: object
      properties:
        id: {type: string}
        name: {type: string}
`;

  it('reports a component that is both a request body and a response', () => {
    const f = only(audit(doc, RULE));
    expect(f.locations[0]!.line).toBe(lineOf(doc, '    User:'));
    expect(f.endpoints).toEqual(['GET /users/{id}', 'PUT /users/{id}']);
    expect(f.message).toContain('Schema `User` is both the request body of PUT /users/{id} and the response of GET /users/{id}');
  });

  it('is quiet when the schema marks server-owned properties readOnly', () => {
    expect(audit(doc.replace('id: {type: string}', 'id: {type: string, readOnly: true}'), RULE)).toEqual([]);
  });
});

describe('spec.api3.free-form-response', () => {
  const RULE = 'spec.api3.free-form-response';
  const doc = `openapi: 3.0.3
info: {title: Misc, version: '1'}
paths:
  /profile:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
        '500':
          description: error
          content:
            application/json:
              schema: {}
  /avatar:
    get:
      responses:
        '200':
          description: ok
          content:
            image/png:
              schema: {}
`;

  it('reports free-form JSON success bodies only', () => {
    const f = only(audit(doc, RULE));
    expect(f.endpoints).toEqual(['GET /profile']);
    expect(f.locations[0]!.line).toBe(lineOf(doc, 'schema:', '/profile'));
    expect(f.message).toBe(
      'The 200 response of GET /profile is free-form (an object with no declared properties): what it returns cannot be reviewed or minimised.',
    );
  });

  it('is quiet once properties are declared (or the body is a typed map)', () => {
    const fixed = doc.replace('                type: object\n', '                type: object\n                properties:\n                  name: {type: string}\n');
    expect(audit(fixed, RULE)).toEqual([]);
    const map = doc.replace('                type: object\n', '                type: object\n                additionalProperties: {type: integer}\n');
    expect(audit(map, RULE)).toEqual([]);
  });
});
