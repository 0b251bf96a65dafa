import { describe, expect, it } from 'vitest';
import { findRequirement } from '../../../../../shared/controls/index.js';
import { RuleMeta } from '../../../../../shared/model/rule.js';
import { crossRules } from '../../../../../shared/rules/cross/index.js';
import { gatewayRules } from '../../../../../shared/rules/gateway/index.js';
import { allRules } from '../../../../../shared/rules/index.js';

describe('gateway and cross rule catalog', () => {
  it('describes every rule completely, with catalog control ids and unique ids', () => {
    const ids = new Set<string>();
    for (const rule of [...gatewayRules, ...crossRules]) {
      const { check: _check, ...meta } = rule;
      expect(() => RuleMeta.parse(meta), rule.id).not.toThrow();
      expect(rule.id.startsWith(`${rule.source}.`), rule.id).toBe(true);
      expect(ids.has(rule.id), rule.id).toBe(false);
      ids.add(rule.id);
      for (const c of rule.controls) expect(findRequirement(c), `${rule.id}: ${c}`).toBeDefined();
      expect(rule.rationale.length).toBeGreaterThan(60);
      expect(rule.remediation.length).toBeGreaterThan(30);
      // Spectral's ids describe spec checks; gateway and cross rules cover none of them.
      expect(rule.equivalents, rule.id).toEqual([]);
    }
  });

  it('is part of the full catalog', () => {
    const all = new Set(allRules.map((r) => r.id));
    for (const rule of [...gatewayRules, ...crossRules]) expect(all.has(rule.id), rule.id).toBe(true);
  });

  it('maps every OWASP API category a gateway can show, the LLM items and the GDPR articles of the brief', () => {
    const controls = new Set([...gatewayRules, ...crossRules].flatMap((r) => r.controls));
    for (const c of ['API1:2023', 'API2:2023', 'API3:2023', 'API4:2023', 'API5:2023', 'API6:2023', 'API7:2023', 'API8:2023', 'API9:2023', 'API10:2023'])
      expect(controls.has(c), c).toBe(true);
    for (const c of ['LLM01:2025', 'LLM02:2025', 'LLM10:2025']) expect(controls.has(c), c).toBe(true);
    for (const c of ['GDPR-5(1)(c)', 'GDPR-30', 'GDPR-32', 'GDPR-32(1)(a)', 'GDPR-44']) expect(controls.has(c), c).toBe(true);
  });
});
