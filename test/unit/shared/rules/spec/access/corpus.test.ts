/** The access rules against the vulnerable-by-design fixtures: they must find what those APIs are known for. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../../../shared/model/finding.js';
import { accessRules } from '../../../../../../shared/rules/spec/access/index.js';
import { auditSpec, findingsOf } from '../../../../helpers/audit-spec.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../../fixtures/specs');

function auditFixture(name: string): Finding[] {
  return auditSpec(readFileSync(path.join(fixtures, name), 'utf8'), { file: name, rules: accessRules });
}

describe('access rules on the fixture corpus', () => {
  it('Pixi (Swagger 2.0): is_admin/account_balance mass assignment and the token in the query', () => {
    const findings = auditFixture('pixi-swagger.json');
    const mass = findingsOf(findings, 'spec.api3.mass-assignment');
    expect(mass).toHaveLength(1);
    expect(mass[0]!.message).toContain('`is_admin` and `account_balance`');
    expect(mass[0]!.locations[0]!.pointer).toBe('/definitions/UsersItem');
    expect(mass[0]!.endpoints).toContain('POST /api/register');
    expect(mass[0]!.endpoints).toContain('PUT /api/user/edit_info');
    expect(mass[0]!.severity).toBe('high');

    const tokens = findingsOf(findings, 'spec.auth.credential-in-url');
    expect(tokens.map((f) => f.endpoints[0]).sort()).toEqual(['GET /api/picture/{picture_id}', 'GET /api/pictures']);
    expect(tokens.every((f) => f.message.includes('Query parameter `token`'))).toBe(true);

    const pass = findingsOf(findings, 'spec.api3.sensitive-property-in-response');
    expect(pass.map((f) => f.message)).toEqual([expect.stringContaining('Schema `UsersItem` returns the secret `pass`')]);
    expect(findingsOf(findings, 'spec.auth.unauthenticated-operation').length).toBeGreaterThan(10);
  });

  it('VAmPI: unauthenticated operations and exposed passwords and e-mails', () => {
    const findings = auditFixture('vampi-openapi3.yml');
    const open = findingsOf(findings, 'spec.auth.unauthenticated-operation').map((f) => f.endpoints[0]);
    expect(open).toEqual(expect.arrayContaining(['GET /users/v1', 'GET /users/v1/_debug', 'GET /users/v1/{username}']));
    expect(open).not.toContain('POST /users/v1/login');
    expect(open).not.toContain('POST /users/v1/register');
    expect(findingsOf(findings, 'spec.api1.unauthenticated-object-operation').map((f) => f.endpoints[0])).toEqual(['GET /users/v1/{username}']);
    const secrets = findingsOf(findings, 'spec.api3.sensitive-property-in-response');
    expect(secrets.some((f) => f.endpoints.includes('GET /users/v1/_debug') && f.message.includes('`password`'))).toBe(true);
    const publicPersonal = findingsOf(findings, 'spec.data.personal-data-public').flatMap((f) => f.endpoints);
    expect(publicPersonal).toEqual(expect.arrayContaining(['GET /users/v1', 'GET /users/v1/{username}']));
  });

  it('crAPI: optional and explicitly public operations, secrets and location data in responses', () => {
    const findings = auditFixture('crapi-openapi-spec.json');
    const open = findingsOf(findings, 'spec.auth.unauthenticated-operation');
    const qr = open.find((f) => f.endpoints[0] === 'GET /workshop/api/shop/return_qr_code')!;
    expect(qr.message).toContain('accepts anonymous callers');
    const report = open.find((f) => f.endpoints[0] === 'GET /workshop/api/mechanic/receive_report')!;
    expect(report.message).toContain('`security: []`');
    expect(open.map((f) => f.endpoints[0])).not.toContain('POST /identity/api/auth/login');

    expect(findingsOf(findings, 'spec.api3.sensitive-property-in-response').length).toBeGreaterThan(0);
    const location = findingsOf(findings, 'spec.data.personal-data-in-response').filter((f) =>
      f.endpoints.includes('GET /identity/api/v2/vehicle/{vehicleId}/location'),
    );
    expect(location.map((f) => f.message).join(' ')).toMatch(/`latitude` and `longitude`/);
    expect(findingsOf(findings, 'spec.auth.credential-endpoint-without-rate-limit').map((f) => f.endpoints[0])).toContain(
      'POST /identity/api/auth/v3/check-otp',
    );
  });

  it('every fixture audits without rule failures and every finding names an endpoint or a place', () => {
    for (const name of ['vulnyoga-openapi.yaml', 'vuln-bank-openapi.json', 'juice-shop-swagger.yml']) {
      const findings = auditFixture(name);
      for (const f of findings) {
        expect(f.locations[0]!.line).toBeGreaterThan(0);
        expect(f.message.length).toBeGreaterThan(20);
      }
    }
  });
});
