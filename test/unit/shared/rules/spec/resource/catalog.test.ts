/** The resource rules as data: well-formed ids and metadata, mapped to real control requirements. */
import { describe, expect, it } from 'vitest';
import { findRequirement } from '../../../../../../shared/controls/index.js';
import { RuleMeta } from '../../../../../../shared/model/rule.js';
import { resourceRules } from '../../../../../../shared/rules/spec/resource/index.js';

const SPECTRAL_IDS = new Set([
  'owasp:api4:2023-rate-limit',
  'owasp:api4:2023-rate-limit-retry-after',
  'owasp:api4:2023-rate-limit-responses-429',
  'owasp:api4:2023-array-limit',
  'owasp:api4:2023-string-limit',
  'owasp:api4:2023-string-restricted',
  'owasp:api4:2023-integer-limit',
  'owasp:api4:2023-integer-limit-legacy',
  'owasp:api4:2023-integer-format',
  'owasp:api7:2023-concerning-url-parameter',
  'owasp:api8:2023-define-cors-origin',
  'owasp:api8:2023-no-scheme-http',
  'owasp:api8:2023-no-server-http',
  'owasp:api8:2023-define-error-validation',
  'owasp:api8:2023-define-error-responses-401',
  'owasp:api8:2023-define-error-responses-500',
  'owasp:api9:2023-inventory-access',
  'owasp:api9:2023-inventory-environment',
]);

describe('resource rules catalog', () => {
  it('every rule is valid rule metadata with a spec id, and ids are unique', () => {
    const ids = resourceRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of resourceRules) {
      expect(RuleMeta.safeParse(rule).success, rule.id).toBe(true);
      expect(rule.id).toMatch(/^spec\.[a-z0-9-]+(\.[a-z0-9-]+)*$/);
      expect(rule.rationale.length, rule.id).toBeGreaterThan(40);
      expect(rule.remediation.length, rule.id).toBeGreaterThan(30);
    }
  });

  it('maps only to control requirements that exist', () => {
    for (const rule of resourceRules) for (const c of rule.controls) expect(findRequirement(c), `${rule.id} → ${c}`).toBeDefined();
  });

  it('covers every Spectral API4/7/8/9 rule it claims, and only real ones', () => {
    const claimed = new Set(resourceRules.flatMap((r) => r.equivalents));
    for (const id of claimed) expect(SPECTRAL_IDS.has(id), id).toBe(true);
    for (const id of SPECTRAL_IDS) expect(claimed.has(id), id).toBe(true);
  });

  it('maps every OWASP LLM Top 10 item to at least one rule', () => {
    const controls = new Set(resourceRules.flatMap((r) => r.controls));
    for (let i = 1; i <= 10; i++) expect(controls.has(`LLM${String(i).padStart(2, '0')}:2025`)).toBe(true);
  });
});
