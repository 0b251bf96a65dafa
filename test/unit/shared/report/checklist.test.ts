import { describe, expect, it } from 'vitest';
import { findRequirement } from '../../../../shared/controls/index.js';
import { CHECKLIST, checklistItemsFor, findChecklistItem } from '../../../../shared/report/checklist.js';

describe('the shipped manual checklist', () => {
  it('has about fifteen items with unique, stable ids that each name existing controls', () => {
    expect(CHECKLIST.length).toBeGreaterThanOrEqual(15);
    const ids = CHECKLIST.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of CHECKLIST) {
      expect(item.id).toMatch(/^chk\.[a-z0-9-]+\.[a-z0-9-]+$/);
      expect(item.controls.length).toBeGreaterThan(0);
      for (const control of item.controls) expect(findRequirement(control), `${item.id} names ${control}`).toBeDefined();
      expect(item.question.endsWith('?')).toBe(true);
      expect(item.why).not.toBe('');
    }
  });

  it('covers what automated evidence cannot judge', () => {
    expect(findChecklistItem('chk.gdpr-33.incident-response')?.controls).toContain('GDPR-33');
    expect(findChecklistItem('chk.gdpr-35.dpia')?.controls).toContain('GDPR-35');
    expect(findChecklistItem('chk.gdpr-5-1-e.log-retention')?.controls).toContain('GDPR-5(1)(e)');
    expect(findChecklistItem('chk.gdpr-30.records-of-processing')?.controls).toContain('GDPR-30');
    expect(findChecklistItem('chk.gdpr-44.transfer-safeguards')?.controls).toContain('GDPR-44');
    expect(findChecklistItem('chk.gdpr-32.key-rotation')).toBeDefined();
    expect(checklistItemsFor('API6:2023').map((i) => i.id)).toEqual(['chk.api6.business-flows']);
    expect(checklistItemsFor('API1:2023').map((i) => i.id)).toEqual(['chk.api1.bola-testing']);
    expect(findChecklistItem('nope')).toBeUndefined();
  });
});
