import { describe, expect, it } from 'vitest';
import { RuleMeta } from '../../../../../../shared/model/rule.js';
import { accessRules } from '../../../../../../shared/rules/spec/access/index.js';

const CONTROL_IDS = new Set([
  ...Array.from({ length: 10 }, (_, i) => `API${i + 1}:2023`),
  ...Array.from({ length: 10 }, (_, i) => `LLM${String(i + 1).padStart(2, '0')}:2025`),
  'GDPR-5(1)(c)', 'GDPR-5(1)(e)', 'GDPR-5(1)(f)', 'GDPR-25', 'GDPR-30', 'GDPR-32', 'GDPR-32(1)(a)', 'GDPR-33', 'GDPR-35', 'GDPR-44', 'GDPR-9', 'GDPR-6',
]);

const SPECTRAL = [
  'owasp:api1:2023-no-numeric-ids',
  'owasp:api2:2023-no-http-basic',
  'owasp:api2:2023-no-api-keys-in-url',
  'owasp:api2:2023-no-credentials-in-url',
  'owasp:api2:2023-auth-insecure-schemes',
  'owasp:api2:2023-jwt-best-practices',
  'owasp:api2:2023-short-lived-access-tokens',
  'owasp:api2:2023-write-restricted',
  'owasp:api2:2023-read-restricted',
  'owasp:api3:2023-no-additionalProperties',
  'owasp:api3:2023-constrained-additionalProperties',
  'owasp:api3:2023-no-unevaluatedProperties',
  'owasp:api3:2023-constrained-unevaluatedProperties',
  'owasp:api5:2023-admin-security-unique',
];

describe('access rule catalog', () => {
  it('describes every rule completely, with known control ids and unique rule ids', () => {
    const ids = new Set<string>();
    for (const rule of accessRules) {
      const { check: _check, ...meta } = rule;
      expect(() => RuleMeta.parse(meta), rule.id).not.toThrow();
      expect(rule.id).toMatch(/^spec\.[a-z0-9-]+(\.[a-z0-9-]+)*$/);
      expect(ids.has(rule.id), rule.id).toBe(false);
      ids.add(rule.id);
      for (const c of rule.controls) expect(CONTROL_IDS.has(c), `${rule.id}: ${c}`).toBe(true);
      expect(rule.rationale.length).toBeGreaterThan(60);
      expect(rule.remediation.length).toBeGreaterThan(30);
    }
  });

  it('covers every Spectral OWASP rule of API1, API2, API3 and API5, each exactly once', () => {
    const claimed = accessRules.flatMap((r) => r.equivalents);
    expect([...claimed].sort()).toEqual([...SPECTRAL].sort());
  });
});
