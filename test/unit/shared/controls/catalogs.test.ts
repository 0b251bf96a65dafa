import { describe, expect, it } from 'vitest';
import {
  CATALOG_VERSION,
  CATALOGS,
  GDPR,
  OWASP_API_2023,
  OWASP_LLM_2025,
  allRequirementIds,
  findRequirement,
} from '../../../../shared/controls/index.js';
import { ControlCatalog } from '../../../../shared/model/control.js';

const ids = (c: ControlCatalog) => c.requirements.map((r) => r.id);

describe('OWASP API Security Top 10 2023', () => {
  it('has exactly API1:2023 … API10:2023 in order', () => {
    expect(ids(OWASP_API_2023)).toEqual(Array.from({ length: 10 }, (_, i) => `API${i + 1}:2023`));
  });

  it('uses the official category names', () => {
    expect(OWASP_API_2023.requirements.map((r) => r.title)).toEqual([
      'Broken Object Level Authorization',
      'Broken Authentication',
      'Broken Object Property Level Authorization',
      'Unrestricted Resource Consumption',
      'Broken Function Level Authorization',
      'Unrestricted Access to Sensitive Business Flows',
      'Server Side Request Forgery',
      'Security Misconfiguration',
      'Improper Inventory Management',
      'Unsafe Consumption of APIs',
    ]);
  });
});

describe('OWASP Top 10 for LLM Applications 2025', () => {
  it('has exactly LLM01:2025 … LLM10:2025 in order', () => {
    expect(ids(OWASP_LLM_2025)).toEqual(
      Array.from({ length: 10 }, (_, i) => `LLM${String(i + 1).padStart(2, '0')}:2025`),
    );
  });

  it('uses the official entry names', () => {
    expect(OWASP_LLM_2025.requirements.map((r) => r.title)).toEqual([
      'Prompt Injection',
      'Sensitive Information Disclosure',
      'Supply Chain',
      'Data and Model Poisoning',
      'Improper Output Handling',
      'Excessive Agency',
      'System Prompt Leakage',
      'Vector and Embedding Weaknesses',
      'Misinformation',
      'Unbounded Consumption',
    ]);
  });
});

describe('GDPR', () => {
  it('has exactly the listed articles', () => {
    expect(ids(GDPR)).toEqual([
      'GDPR-5(1)(c)',
      'GDPR-5(1)(e)',
      'GDPR-5(1)(f)',
      'GDPR-5(2)',
      'GDPR-25',
      'GDPR-30',
      'GDPR-32',
      'GDPR-32(1)(a)',
      'GDPR-33',
      'GDPR-34',
      'GDPR-35',
      'GDPR-44',
      'GDPR-6',
      'GDPR-9',
      'GDPR-12-22',
      'GDPR-28',
    ]);
  });

  it('states for every article what automated evidence cannot show', () => {
    for (const r of GDPR.requirements) expect(r.limits?.trim().length, r.id).toBeGreaterThan(20);
  });

  it('never claims compliance', () => {
    for (const r of GDPR.requirements) expect(`${r.summary} ${r.limits}`).not.toMatch(/\bis compliant\b|\bproves? compliance\b/i);
  });
});

describe('all catalogs', () => {
  it('are listed in order and validate against the model schema', () => {
    expect(CATALOGS.map((c) => c.id)).toEqual(['owasp-api-2023', 'owasp-llm-2025', 'gdpr']);
    for (const c of CATALOGS) expect(() => ControlCatalog.parse(c)).not.toThrow();
  });

  it('give every requirement its catalog id, a title and a one-paragraph summary', () => {
    for (const c of CATALOGS) {
      for (const r of c.requirements) {
        expect(r.catalog, r.id).toBe(c.id);
        expect(r.title.trim(), r.id).not.toBe('');
        expect(r.summary.length, r.id).toBeGreaterThan(80);
        expect(r.summary, r.id).not.toMatch(/\n\s*\n/);
      }
    }
  });

  it('have globally unique ids', () => {
    const all = allRequirementIds();
    expect(all).toHaveLength(10 + 10 + 16);
    expect(new Set(all).size).toBe(all.length);
  });

  it('find requirements by exact id', () => {
    expect(findRequirement('API2:2023')?.title).toBe('Broken Authentication');
    expect(findRequirement('LLM10:2025')?.catalog).toBe('owasp-llm-2025');
    expect(findRequirement('GDPR-32(1)(a)')?.catalog).toBe('gdpr');
    expect(findRequirement('api2:2023')).toBeUndefined();
    expect(findRequirement('API11:2023')).toBeUndefined();
    for (const id of allRequirementIds()) expect(findRequirement(id)?.id).toBe(id);
  });

  it('name their data version', () => {
    expect(CATALOG_VERSION).toMatch(/^\d{4}\.\d{1,2}\.\d+$/);
  });
});
