import { describe, expect, it } from 'vitest';
import { audit, lineOf, only } from './access-audit.js';

const OPEN = 'spec.api3.open-request-object';
const UNBOUNDED = 'spec.api3.unbounded-additional-properties';

const doc = `openapi: 3.0.3
info: {title: Profiles, version: '1'}
paths:
  /profiles:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Profile'}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ProfileView'}
components:
  schemas:
    Profile:
      type: object
      properties:
        name: {type: string}
        labels:
          type: object
          additionalProperties: {type: string}
    ProfileView:
      type: object
      properties:
        name: {type: string}
`;

describe(OPEN, () => {
  it('reports request objects that do not close themselves (info), not response objects', () => {
    const f = only(audit(doc, OPEN));
    expect(f.severity).toBe('info');
    expect(f.locations[0]!.line).toBe(lineOf(doc, '    Profile:'));
    expect(f.endpoints).toEqual(['POST /profiles']);
    expect(f.message).toBe(
      'Schema `Profile` declares 2 properties but does not set `additionalProperties: false`: POST /profiles accepts properties it does not describe.',
    );
    expect(f.equivalents).toEqual(['owasp:api3:2023-no-additionalProperties', 'owasp:api3:2023-no-unevaluatedProperties']);
  });

  it('is quiet once the object is closed', () => {
    const fixed = doc.replace('    Profile:\n      type: object\n', '    Profile:\n      type: object\n      additionalProperties: false\n');
    expect(audit(fixed, OPEN)).toEqual([]);
  });

  it('asks OAS 3.1 compositions for `unevaluatedProperties: false` and accepts it', () => {
    const composed = `openapi: 3.1.0
info: {title: Profiles, version: '1'}
paths:
  /profiles:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewProfile'}
      responses: {'201': {description: created}}
components:
  schemas:
    Base:
      type: object
      properties:
        name: {type: string}
    NewProfile:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            bio: {type: string}
`;
    const f = only(audit(composed, OPEN));
    expect(f.locations[0]!.line).toBe(lineOf(composed, '    NewProfile:'));
    expect(f.message).toContain('declares 2 properties but does not set `unevaluatedProperties: false`');
    const fixed = composed.replace('    NewProfile:\n', '    NewProfile:\n      unevaluatedProperties: false\n');
    expect(audit(fixed, OPEN)).toEqual([]);
  });
});

describe(UNBOUNDED, () => {
  it('reports request objects opened by an additionalProperties schema without maxProperties (low)', () => {
    const f = only(audit(doc, UNBOUNDED));
    expect(f.severity).toBe('low');
    expect(f.locations[0]!.line).toBe(lineOf(doc, 'labels:'));
    expect(f.message).toBe(
      'Schema `Profile` (at `labels`) allows extra properties through an `additionalProperties` schema with no `maxProperties`: POST /profiles accepts any number of undeclared keys.',
    );
  });

  it('is quiet with maxProperties', () => {
    const fixed = doc.replace('          additionalProperties: {type: string}\n', '          additionalProperties: {type: string}\n          maxProperties: 20\n');
    expect(audit(fixed, UNBOUNDED)).toEqual([]);
  });

  it('checks `unevaluatedProperties` in OAS 3.1', () => {
    const v31 = `openapi: 3.1.0
info: {title: Tags, version: '1'}
paths:
  /tags:
    put:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              unevaluatedProperties: true
      responses: {'204': {description: saved}}
`;
    const f = only(audit(v31, UNBOUNDED));
    expect(f.message).toContain('`unevaluatedProperties: true`');
    expect(audit(v31.replace('unevaluatedProperties: true', 'unevaluatedProperties: true\n              maxProperties: 10'), UNBOUNDED)).toEqual([]);
  });
});
