/** The contract itself: complete, described, strict about inputs, and in step with the core's lists. */
import { describe, expect, it } from 'vitest';
import {
  CONTRACT_NAMES,
  ChecklistAnswerValue,
  GatehouseEvent,
  JobOutcome,
  ReportSection,
  contract,
  describeIssues,
  envelopeOf,
  splitName,
} from '../../../../shared/api/index.js';
import { CHECKLIST_ANSWERS } from '../../../../shared/report/checklist.js';
import { REPORT_SECTIONS } from '../../../../shared/report/report-content.js';

describe('shared/api contract', () => {
  it('has one entry per name, each with input, output and a description, grouped as area.verb', () => {
    expect(Object.keys(contract)).toEqual([...CONTRACT_NAMES]);
    expect(new Set(CONTRACT_NAMES).size).toBe(CONTRACT_NAMES.length);
    for (const name of CONTRACT_NAMES) {
      const entry = contract[name];
      expect(entry.description.length, name).toBeGreaterThan(20);
      expect(typeof entry.input.safeParse, name).toBe('function');
      expect(typeof entry.output.safeParse, name).toBe('function');
      expect(name).toMatch(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/);
    }
    const areas = new Set(CONTRACT_NAMES.map((n) => splitName(n).area));
    expect([...areas]).toEqual(['app', 'dialogs', 'workspace', 'evidence', 'audit', 'jobs', 'findings', 'inventory', 'controls', 'checklist', 'reports', 'identities', 'auditLog']);
  });

  it('refuses unknown keys in every object input', () => {
    for (const name of CONTRACT_NAMES) {
      const result = contract[name].input.safeParse({ unexpected: true });
      expect(result.success, name).toBe(false);
    }
  });

  it('names the field in its messages', () => {
    const result = contract['findings.list'].input.safeParse({ filter: { severity: ['urgent'] } });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.error)).toMatch(/^filter\.severity\.0: /);
  });

  it('keeps its copies of core lists equal to the core\'s', () => {
    expect(ReportSection.options).toEqual([...REPORT_SECTIONS]);
    expect(ChecklistAnswerValue.options).toEqual([...CHECKLIST_ANSWERS]);
  });

  it('types events and job outcomes', () => {
    expect(GatehouseEvent.safeParse({ type: 'job.progress', jobId: 'job-1', kind: 'audit', progress: { done: 1, total: 3, label: 'reading api.yaml' } }).success).toBe(true);
    expect(GatehouseEvent.safeParse({ type: 'job.progress', jobId: 'job-1', kind: 'shell', progress: { done: 1, total: 3, label: '' } }).success).toBe(false);
    expect(JobOutcome.safeParse({ state: 'failed', jobId: 'job-1', kind: 'import', error: { code: 'worker-crashed', message: 'x' } }).success).toBe(true);
    expect(JobOutcome.safeParse({ state: 'cancelled', jobId: 'job-1', kind: 'report' }).success).toBe(true);
    const envelope = envelopeOf(contract['app.openExternal'].output);
    expect(envelope.safeParse({ ok: true, value: { opened: false } }).success).toBe(true);
    expect(envelope.safeParse({ ok: false, error: { code: 'nope', message: 'x' } }).success).toBe(false);
  });
});
